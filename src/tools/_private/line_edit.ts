/**
 * The shared core of insert_lines, replace_lines and delete_lines: check the range
 * against the real line count, splice, keep line endings and the final newline.
 */
import type { ToolContext } from "../tool.ts";
import { loadForEdit, type PlanResult } from "./edit.ts";
import type { ResolvedPath } from "./paths.ts";
import { encodeText, normalizedText, rawText, spliceLines } from "./text_file.ts";

/** A line edit in the tools' 1-based terms. */
export interface LineEdit {
  /** First line affected (1-based); for an insert, the line the content goes before. */
  start: number;
  /** Last line replaced or deleted (inclusive); `start - 1` for a pure insert. */
  end: number;
  /** Lines put in place of `start..end`. */
  insert: string[];
  /** Valid `start` values go up to line count + 1 (an insert may append). */
  append: boolean;
}

/** Plans a line edit of a file the model has read (and that has not changed since). */
export async function planLineEdit(
  ctx: ToolContext,
  target: ResolvedPath,
  edit: LineEdit,
): Promise<PlanResult> {
  const loaded = await loadForEdit(ctx, target, "refuse");
  if (!loaded.ok) return { ok: false, error: loaded.error };
  const file = loaded.file();
  const count = file.lines.length;
  const rangeError = checkRange(edit, count, target.display);
  if (rangeError) return { ok: false, error: rangeError };
  const next = spliceLines(file, edit.start - 1, edit.end - edit.start + 1, edit.insert);
  const after = rawText(next);
  return {
    ok: true,
    plan: {
      oldText: normalizedText(file),
      newText: normalizedText(next),
      newBytes: encodeText(after, next.bom),
      before: loaded.text,
      after,
      baseHash: loaded.hash,
      verb: "Edited",
      region: { start: edit.start, count: edit.insert.length },
    },
  };
}

function checkRange(edit: LineEdit, count: number, display: string): string | undefined {
  const size = count === 0 ? "which is empty (0 lines)" : `which has ${count} lines`;
  if (edit.append) {
    if (edit.start > count + 1) {
      return `Error: line ${edit.start} is outside "${display}", ${size}: use a line from 1 ` +
        `to ${count + 1} (${count + 1} appends at the end).`;
    }
    return undefined;
  }
  if (edit.end < edit.start) {
    return `Error: end_line (${edit.end}) is before start_line (${edit.start}).`;
  }
  if (edit.end > count) {
    const valid = count === 0 ? "there are no lines to change" : `valid lines are 1-${count}`;
    return `Error: lines ${edit.start}-${edit.end} are outside "${display}", ${size}: ${valid}.`;
  }
  return undefined;
}
