/**
 * A printed entry as lines of text: the person's prompt, a block of the answer, folded
 * reasoning, a tool call, a notice, a command's panel. Pure, so frames are tested as
 * text; the components only print these lines.
 */
import type { TaskItem } from "../../protocol.ts";
import type { Entry } from "../state/types.ts";
import { renderMarkdown } from "./markdown.ts";
import { style } from "./theme.ts";
import { toolLines } from "./tool_lines.ts";
import { splitAtColumn, stripAnsi, widthOf, wrapLines } from "./wrap.ts";
import { banner } from "../banner.ts";
import { colorOn } from "./theme.ts";

/** How entries are shown. */
export interface EntryOptions {
  width: number;
  expandTools: boolean;
  showReasoning: boolean;
}

/** Lines of the person's prompt shown before the rest is folded. */
const PROMPT_LINES = 12;

/** The entry's lines, each at most `width` columns. */
export function entryLines(entry: Entry, options: EntryOptions): string[] {
  const width = Math.max(20, options.width - 1);
  switch (entry.kind) {
    case "banner":
      return banner(entry.cwd, colorOn()).replace(/\n+$/, "").split("\n")
        .flatMap((line) => wrapLines(line, width, "", "  "));
    case "user":
      return userLines(entry.text, width, options.expandTools);
    case "answer":
      return answerLines(entry.source, entry.first, width);
    case "reasoning":
      return reasoningLines(entry.text, entry.seconds, width, options.showReasoning);
    case "tool":
      return toolLines(entry.view, { width, expanded: options.expandTools });
    case "notice": {
      const [mark, paint] = entry.level === "error"
        ? ["✗ ", style.error]
        : entry.level === "warning"
        ? ["⚠ ", style.warning]
        : ["• ", style.dim];
      return wrapLines(entry.text, width, mark, "  ").map(paint);
    }
    case "tasks":
      return taskLines(entry.tasks, width);
    case "panel":
      return [
        ...wrapLines(style.bold(entry.title), width),
        ...entry.lines.flatMap((line) => (line ? panelLine(line, width) : [""])),
      ];
    case "link":
      // The URL from the line's first column, cut only where the screen ends: what a
      // person copies is the URL, without indentation in it.
      return [
        ...wrapLines(entry.text, width, "• ", "  ").map(style.dim),
        ...(entry.url.match(new RegExp(`.{1,${width}}`, "g")) ?? []).map(style.link),
      ];
  }
}

/**
 * A panel's line, indented; a `label  value` line wrapped under its value (a long list
 * of tools, a command's description stays in its column).
 */
function panelLine(line: string, width: number): string[] {
  // The label may have words of its own (`/model [model]`, `Ctrl+O / Ctrl+R`): it ends
  // at the first run of two spaces.
  const label = /^(\s*\S(?:.*?\S)? {2,})/.exec(stripAnsi(line))?.[1];
  if (widthOf(line) + 2 <= width || !label || widthOf(label) > width / 2) {
    return wrapLines(line, width, "  ");
  }
  const [head, value] = splitAtColumn(line, widthOf(label));
  return wrapLines(value, width, `  ${head}`, `  ${" ".repeat(widthOf(label))}`);
}

/** Whether an entry is printed right under the one before (a cut block's rest). */
export function entryJoinsPrevious(entry: Entry): boolean {
  return entry.kind === "answer" && entry.continued;
}

/** The person's prompt: folded after PROMPT_LINES lines, whole when expanded (Ctrl+O). */
function userLines(text: string, width: number, expanded: boolean): string[] {
  const lines = text.split("\n");
  const shown = lines.length > PROMPT_LINES && !expanded ? lines.slice(0, PROMPT_LINES) : lines;
  const out = shown.flatMap((line, i) => wrapLines(line, width, i === 0 ? "❯ " : "  "));
  if (shown.length < lines.length) {
    out.push(`  … ${lines.length - shown.length} more lines (ctrl+o to expand)`);
  }
  return out.map(style.user);
}

/** An answer block: its first block carries the message's marker. */
export function answerLines(source: string, first: boolean, width: number): string[] {
  return renderMarkdown(source, width - 2).map((line, i) =>
    (first && i === 0 ? style.accent("● ") : "  ") + line
  );
}

/** Reasoning, folded to one line unless shown (Ctrl+R). */
export function reasoningLines(
  text: string,
  seconds: number,
  width: number,
  shown: boolean,
): string[] {
  const took = seconds >= 1 ? ` for ${Math.round(seconds)}s` : "";
  const head = style.dim(style.italic(`✻ Thought${took}`)) +
    style.dim(shown ? "" : " (ctrl+r to show)");
  if (!shown) return [head];
  const body = text.split("\n").flatMap((line) => wrapLines(line, width, "  "));
  return [head, ...body.map((line) => style.dim(style.italic(line)))];
}

/** The model's task list: a line per task with its state. */
function taskLines(tasks: readonly TaskItem[], width: number): string[] {
  const done = tasks.filter((t) => t.status === "completed").length;
  const lines = [style.bold(`Tasks (${done}/${tasks.length} done)`)];
  for (const task of tasks) {
    const [mark, paint] = task.status === "completed"
      ? ["☑ ", (s: string) => style.dim(style.strike(s))]
      : task.status === "in_progress"
      ? ["◐ ", style.bold]
      : ["☐ ", (s: string) => s];
    lines.push(...wrapLines(paint(task.title), width, `  ${mark}`, "    "));
  }
  return lines;
}
