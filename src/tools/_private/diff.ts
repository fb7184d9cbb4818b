/**
 * Unified diffs of the file tools' writes, for the approval prompt and the result.
 *
 * The common head and tail of the two versions are cut off before jsdiff runs, so a
 * small edit to a huge file diffs only the lines around it; jsdiff always gets a
 * timeout (a total rewrite of 10k lines took 17 s without one), and when it gives up
 * the change is shown as one hunk that removes the old lines and adds the new ones.
 */
import { structuredPatch } from "diff";

/** A diff and its line counts. */
export interface FileDiff {
  /** Unified diff text ("" when nothing changed). */
  text: string;
  added: number;
  removed: number;
}

const CONTEXT = 3;
const DIFF_TIMEOUT_MS = 300;
/** Lines of diff text kept; the rest is summarized (the UI and the model need no more). */
const MAX_DIFF_LINES = 2000;
/** Characters of diff text kept, whatever the line count. */
const MAX_DIFF_CHARS = 100_000;
/** A longer diff line (minified code, a data line) is cut. */
const MAX_DIFF_LINE_CHARS = 1_000;

interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: string[];
}

/** Diffs two LF-normalized texts of the file shown as `display`. */
export function diffTexts(display: string, oldText: string, newText: string): FileDiff {
  if (oldText === newText) return { text: "", added: 0, removed: 0 };
  const a = splitLines(oldText);
  const b = splitLines(newText);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head && tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) tail++;
  const from = Math.max(0, head - CONTEXT);
  const aMid = a.slice(from, a.length - Math.max(0, tail - CONTEXT));
  const bMid = b.slice(from, b.length - Math.max(0, tail - CONTEXT));
  const hunks = middleHunks(aMid, bMid) ?? [wholeHunk(aMid, bMid)];
  const body = new BoundedLines();
  let added = 0;
  let removed = 0;
  for (const h of hunks) {
    const oldStart = h.oldLines ? h.oldStart + from : h.oldStart + from - 1;
    const newStart = h.newLines ? h.newStart + from : h.newStart + from - 1;
    body.push(`@@ -${oldStart},${h.oldLines} +${newStart},${h.newLines} @@`);
    for (const line of h.lines) {
      if (line.startsWith("+")) added++;
      else if (line.startsWith("-")) removed++;
      if (!line.startsWith("\\")) body.push(line);
    }
  }
  const header = [`--- a/${display}`, `+++ b/${display}`];
  return { text: [...header, ...body.done()].join("\n") + "\n", added, removed };
}

/**
 * Diff lines kept within the caps: a 50 MB write is shown as a bounded head of its
 * diff (the UI and the model need no more), long lines cut with a marker.
 */
class BoundedLines {
  readonly #lines: string[] = [];
  #chars = 0;
  #dropped = 0;

  push(line: string): void {
    if (this.#dropped > 0 || this.#lines.length >= MAX_DIFF_LINES || this.#chars > MAX_DIFF_CHARS) {
      this.#dropped++;
      return;
    }
    const shown = line.length > MAX_DIFF_LINE_CHARS
      ? `${line.slice(0, MAX_DIFF_LINE_CHARS)}… [${
        line.length - MAX_DIFF_LINE_CHARS
      } more characters]`
      : line;
    this.#lines.push(shown);
    this.#chars += shown.length + 1;
  }

  done(): string[] {
    return this.#dropped > 0
      ? [...this.#lines, `... (${this.#dropped} more diff lines)`]
      : this.#lines;
  }
}

/** One-line summary: "Edited src/a.ts: +3 -1". */
export function diffSummary(verb: string, display: string, diff: FileDiff): string {
  return `${verb} ${display}: +${diff.added} -${diff.removed}`;
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** jsdiff on the changed middle; undefined when it gives up (timeout). */
function middleHunks(a: string[], b: string[]): Hunk[] | undefined {
  const join = (lines: string[]) => lines.length ? lines.join("\n") + "\n" : "";
  const patch = structuredPatch("a", "b", join(a), join(b), undefined, undefined, {
    context: CONTEXT,
    timeout: DIFF_TIMEOUT_MS,
  });
  return patch?.hunks;
}

function wholeHunk(a: string[], b: string[]): Hunk {
  const lines: string[] = [];
  for (const l of a) lines.push(`-${l}`);
  for (const l of b) lines.push(`+${l}`);
  return { oldStart: 1, oldLines: a.length, newStart: 1, newLines: b.length, lines };
}
