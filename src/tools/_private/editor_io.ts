/**
 * The file tools' reads and writes, through the editor when the tool context offers its
 * files (an ACP client's `fs/read_text_file` / `fs/write_text_file`), else on disk.
 *
 * Every rule is applied before either call, on the real path: confinement to the
 * project, the `.git` refusal, regular files only, binary and encoding checks, and the
 * stale-edit check, which compares what the editor holds now with what the model last
 * saw through it. What changes through the editor: unsaved text of an open buffer is
 * what the model reads and edits, and a write is the editor's own save (it tracks and can
 * undo the edit) rather than nanocoder's temp-file-and-rename.
 */
import type { ToolContext } from "../tool.ts";

const encoder = new TextEncoder();

/** Whether reads go through the editor. */
export function readsThroughEditor(ctx: ToolContext): boolean {
  return !!ctx.files?.readText;
}

/** Whether writes go through the editor. */
export function writesThroughEditor(ctx: ToolContext): boolean {
  return !!ctx.files?.writeText;
}

/** The file's bytes as the model should see them: the editor's text, else `fromDisk()`. */
export async function readFileBytes(
  ctx: ToolContext,
  abs: string,
  fromDisk: () => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const read = ctx.files?.readText;
  return read ? encoder.encode(await read(abs)) : await fromDisk();
}

/**
 * Writes UTF-8 `bytes` through the editor when it takes writes, else with `toDisk()`.
 * Returns the bytes a read gives now, which is what the model knows of the file: the
 * editor may normalize what it saves (line endings), and the next edit is checked
 * against what it holds.
 */
export async function writeFileBytes(
  ctx: ToolContext,
  abs: string,
  bytes: Uint8Array,
  toDisk: () => Promise<void>,
): Promise<Uint8Array> {
  const write = ctx.files?.writeText;
  if (!write) {
    await toDisk();
    return bytes;
  }
  const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  await write(abs, text.startsWith("\uFEFF") ? text.slice(1) : text);
  return await readFileBytes(ctx, abs, () => Promise.resolve(bytes));
}
