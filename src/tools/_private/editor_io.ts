/**
 * The file tools' reads and writes, through the editor when the tool context offers its
 * files (an ACP client's `fs/read_text_file` / `fs/write_text_file`), else on disk.
 *
 * Every rule still runs on the real path first: confinement to the project, the `.git`
 * refusal, regular files only, and the disk decides what is binary or not UTF-8 (those
 * are never read through the editor). The stale-edit check compares what the editor
 * holds now with what the model last saw through it. What changes through the editor:
 * an open buffer's unsaved text is what the model reads and edits, and a write is the
 * editor's own save (it tracks and can undo the edit) instead of nanocoder's
 * temp-file-and-rename, so the re-check of a parent directory swapped for a symlink
 * between the plan and the write is the editor's business.
 */
import type { ToolContext } from "../tool.ts";
import { decodeUtf8, looksBinary } from "./text_file.ts";

const encoder = new TextEncoder();

/** Whether writes go through the editor. */
export function writesThroughEditor(ctx: ToolContext): boolean {
  return !!ctx.files?.writeText;
}

/**
 * The bytes a tool works on: the editor's text of a UTF-8 text file when it reads for
 * us (unsaved text included), else `disk` (what the file holds on disk) as it is.
 */
export async function throughEditor(
  ctx: ToolContext,
  abs: string,
  disk: Uint8Array,
): Promise<Uint8Array> {
  const read = ctx.files?.readText;
  if (!read || looksBinary(disk) || !decodeUtf8(disk)) return disk;
  return encoder.encode(await read(abs));
}

/**
 * Writes UTF-8 `bytes` through the editor (without a BOM: the editor keeps the file's
 * own). Returns the bytes a read gives now, which is what the model knows: the editor
 * may normalize what it saves (line endings), and the next edit is checked against it.
 */
export async function writeThroughEditor(
  ctx: ToolContext,
  abs: string,
  bytes: Uint8Array,
): Promise<Uint8Array> {
  const write = ctx.files?.writeText;
  if (!write) throw new Error("The editor takes no writes");
  const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  await write(abs, text.startsWith("\uFEFF") ? text.slice(1) : text);
  const read = ctx.files?.readText;
  return read ? encoder.encode(await read(abs)) : bytes;
}
