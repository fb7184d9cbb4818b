/**
 * Opening files the model names, safely: only regular files.
 *
 * Opening a FIFO for reading blocks until some process opens it for writing (forever,
 * in a project where nobody does), a character device such as /dev/zero never ends,
 * and a socket cannot be read at all. So every file tool stats first and refuses
 * anything but a regular file, opens with the user's cancel honoured at once, and
 * checks the opened handle is a regular file too (the path may have been swapped
 * between the stat and the open).
 *
 * What remains: Deno cannot open with O_NONBLOCK, so an open that a swap turned into a
 * FIFO open still waits in Deno's thread pool until a writer comes. The tool call does
 * not: it returns on cancel, and the late handle is closed if it ever arrives.
 */
import { untilAborted } from "./abort.ts";

/** Thrown when a path is not a regular file; `kind` says what it is. */
export class NotRegularFileError extends Error {
  constructor(readonly path: string, readonly kind: string) {
    super(`"${path}" is ${kind}, not a regular file`);
    this.name = "NotRegularFileError";
  }
}

/** What a non-regular file is, for messages; undefined for a regular file. */
export function nonRegularKind(info: Deno.FileInfo): string | undefined {
  if (info.isFile) return undefined;
  if (info.isDirectory) return "a directory";
  if (info.isFifo) return "a named pipe (FIFO)";
  if (info.isCharDevice) return "a character device";
  if (info.isBlockDevice) return "a block device";
  if (info.isSocket) return "a socket";
  return "a special file";
}

/** The message a tool returns for a path that is not a regular file. */
export function notRegularMessage(display: string, kind: string): string {
  return `Error: "${display}" is ${kind}, not a regular file. The file tools only read and ` +
    "write regular files (reading a pipe or a device could block forever).";
}

/** Options of {@linkcode openRegular} and {@linkcode readRegularFile}. */
export interface RegularOptions {
  signal?: AbortSignal;
  /**
   * Stat the path before opening it (default true). A caller that just listed the
   * directory and saw a regular file there may skip it: a swap in between is still
   * caught after the open, and a blocked open still gives way to cancel.
   */
  statFirst?: boolean;
}

/**
 * Opens `path` for reading if it is a regular file, with its stat. Throws
 * NotRegularFileError for anything else, the signal's reason on cancel, and the usual
 * Deno errors (NotFound...).
 */
export async function openRegular(
  path: string,
  options: RegularOptions = {},
): Promise<{ file: Deno.FsFile; info: Deno.FileInfo }> {
  const { signal } = options;
  signal?.throwIfAborted();
  if (options.statFirst ?? true) {
    const kind = nonRegularKind(await Deno.stat(path));
    if (kind) throw new NotRegularFileError(path, kind);
  }
  const file = await untilAborted(Deno.open(path, { read: true }), signal, (late) => late.close());
  try {
    const info = await file.stat();
    const swapped = nonRegularKind(info);
    if (swapped) throw new NotRegularFileError(path, swapped);
    return { file, info };
  } catch (error) {
    file.close();
    throw error;
  }
}

/**
 * Reads a whole regular file into one buffer sized from its stat (about half the time
 * of Deno.readFile on 50 MB, which grows its buffer as it goes).
 */
export async function readRegularFile(
  path: string,
  options: RegularOptions = {},
): Promise<Uint8Array> {
  return (await readRegularFileWithin(path, Infinity, options))!;
}

/** As {@linkcode readRegularFile}, but a file larger than `max` bytes is not read: undefined. */
export async function readRegularFileWithin(
  path: string,
  max: number,
  options: RegularOptions & {
    /** Read the size the stat gave and no more (saves a read per file; for searches). */
    statSize?: boolean;
  } = {},
): Promise<Uint8Array | undefined> {
  const { file, info } = await openRegular(path, options);
  try {
    if (info.size > max) return undefined;
    // One byte more than the stat says, so that the read that finds the end needs no
    // bigger buffer (a file that grew since the stat still gets one).
    let buffer = new Uint8Array(options.statSize ? info.size : Math.min(info.size + 1, max + 1));
    let filled = 0;
    while (!(options.statSize && filled === info.size)) {
      options.signal?.throwIfAborted();
      if (filled === buffer.length) {
        // The file grew since the stat: keep reading, within the cap.
        if (filled >= max) return undefined;
        const bigger = new Uint8Array(Math.min(Math.max(buffer.length * 2, 65536), max + 1));
        bigger.set(buffer);
        buffer = bigger;
      }
      const n = await file.read(buffer.subarray(filled));
      if (n === null) break;
      filled += n;
    }
    if (filled > max) return undefined;
    return buffer.subarray(0, filled);
  } finally {
    file.close();
  }
}
