/**
 * `FileChange` records for `ToolResult.changes` and `ToolPreview.changes`, bounded:
 * frontends (the ACP bridge sends them to editors as diffs) get a file's whole text
 * before and after, except for huge files, where both texts are left out and
 * `omitted: true` says so (the bounded unified `diff` still shows the change).
 */
import type { FileChange } from "../tool.ts";

/** Largest text (UTF-16 code units, about characters) a change carries: 1 MiB. */
export const MAX_CHANGE_TEXT_CHARS = 1 << 20;

/**
 * The change of the file at `path` (absolute). `oldText` is null for a file the write
 * creates, undefined when the old content cannot be shown as text (a binary file
 * replaced whole): then the texts are omitted.
 */
export function fileChange(
  path: string,
  oldText: string | null | undefined,
  newText: string,
): FileChange {
  const tooLarge = (oldText?.length ?? 0) > MAX_CHANGE_TEXT_CHARS ||
    newText.length > MAX_CHANGE_TEXT_CHARS;
  if (oldText === undefined || tooLarge) {
    return { path, oldText: oldText === null ? null : "", newText: "", omitted: true };
  }
  return { path, oldText, newText };
}
