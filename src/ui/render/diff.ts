/**
 * Diffs as a person reads them before and after a write: line numbers, `+`/`-` in
 * green and red, hunks separated. From the unified diff the engine sends (`diff`), or
 * computed here from a change's whole texts when a tool gave only `changes`.
 */
import { structuredPatch } from "diff";
import type { FileChange } from "../../protocol.ts";
import { style } from "./theme.ts";
import { cutRows, widthOf } from "./wrap.ts";
import cliTruncate from "cli-truncate";
import { visible } from "./visible.ts";

/** One line of a diff. */
export interface DiffLine {
  kind: "add" | "remove" | "context" | "gap";
  /** The line number in the new file (old file for removed lines). */
  line?: number;
  text: string;
}

/** Lines of a unified diff (headers dropped, numbers from the hunk headers). */
export function parseUnifiedDiff(diff: string): DiffLine[] {
  const out: DiffLine[] = [];
  let oldNo = 0;
  let newNo = 0;
  for (const raw of diff.split("\n")) {
    if (raw.startsWith("--- ") || raw.startsWith("+++ ") || raw.startsWith("\\")) continue;
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(raw);
    if (hunk) {
      if (out.length > 0) out.push({ kind: "gap", text: "" });
      oldNo = Number(hunk[1]);
      newNo = Number(hunk[2]);
    } else if (raw.startsWith("+")) out.push({ kind: "add", line: newNo++, text: raw.slice(1) });
    else if (raw.startsWith("-")) out.push({ kind: "remove", line: oldNo++, text: raw.slice(1) });
    else if (raw.startsWith(" ")) {
      out.push({ kind: "context", line: newNo++, text: raw.slice(1) });
      oldNo++;
    } else if (raw.startsWith("...")) out.push({ kind: "gap", text: raw });
  }
  return out;
}

/** The diff of one change: a new file is all added lines. */
export function changeDiff(change: FileChange): DiffLine[] {
  if (change.oldText === null) {
    const lines = change.newText.replace(/\n$/, "").split("\n");
    return change.newText === ""
      ? []
      : lines.map((text, i) => ({ kind: "add", line: i + 1, text }));
  }
  const patch = structuredPatch("a", "b", change.oldText, change.newText, undefined, undefined, {
    context: 3,
    timeout: 300,
  });
  if (!patch) return [{ kind: "gap", text: "(the change is too large to diff)" }];
  const unified = patch.hunks.map((h) =>
    [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines].join("\n")
  );
  return parseUnifiedDiff(unified.join("\n"));
}

/** Lines added and removed. */
export function diffStats(lines: readonly DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.kind === "add") added++;
    else if (l.kind === "remove") removed++;
  }
  return { added, removed };
}

/** How {@link renderDiff} fits a diff. */
export interface RenderDiffOptions {
  /** At most this many lines of the diff (then a line saying how many more there are). */
  maxLines?: number;
  /** Said after "… N more lines". */
  moreHint?: string;
  /**
   * Long lines continue on the next rows (marked `↪`) instead of being cut with `…`:
   * what is approved, or asked for in full, shows every character.
   */
  wrap?: boolean;
  /** Called when a line is cut (not wrapped): the caller may say how to see it whole. */
  onCut?: () => void;
}

/**
 * The diff as display lines of at most `width` columns. Control and invisible
 * characters are always written out (visible.ts): a diff never drives the terminal.
 */
export function renderDiff(
  lines: readonly DiffLine[],
  width: number,
  options: RenderDiffOptions = {},
): string[] {
  const { maxLines = Infinity, moreHint = "" } = options;
  const shown = lines.length > maxLines ? lines.slice(0, Math.max(1, maxLines - 1)) : lines;
  const out = diffRows(shown, width, options, gutterOf(lines)).flat();
  if (shown.length < lines.length) {
    const more = `… ${lines.length - shown.length} more lines${moreHint}`;
    out.push(style.dim(`${" ".repeat(gutterOf(lines))}   ${more}`));
  }
  return out;
}

/** Each line of the diff as the rows it takes (more than one only with `wrap`). */
export function diffRows(
  lines: readonly DiffLine[],
  width: number,
  options: RenderDiffOptions = {},
  gutter = gutterOf(lines),
): string[][] {
  const room = Math.max(10, width);
  return lines.map((l) => {
    if (l.kind === "gap") return [style.dim(" ".repeat(gutter) + " ⋮ " + l.text)];
    const sign = l.kind === "add" ? "+" : l.kind === "remove" ? "-" : " ";
    const paint = l.kind === "add" ? style.added : l.kind === "remove" ? style.removed : style.dim;
    const head = `${String(l.line ?? "").padStart(gutter)} ${sign} `;
    const text = visible(l.text);
    if (!options.wrap) {
      if (widthOf(head + text) > room) options.onCut?.();
      return [paint(cliTruncate(head + text, room))];
    }
    const more = `${"↪".padStart(gutter)} ${sign} `;
    return cutRows(text, room - head.length).map((row, i) => paint((i === 0 ? head : more) + row));
  });
}

/** Columns of the widest line number. */
function gutterOf(lines: readonly DiffLine[]): number {
  return String(lines.reduce((max, l) => Math.max(max, l.line ?? 0), 1)).length;
}

/** Width of the widest rendered line (for tests and boxes). */
export function widest(lines: readonly string[]): number {
  return Math.max(0, ...lines.map(widthOf));
}
