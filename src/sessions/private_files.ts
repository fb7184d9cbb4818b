/**
 * Files private to the user: sessions hold what the user typed and the contents of
 * their files, so folders are created 0700 and files 0600, and whole-file writes go
 * through a temp file and a rename so a reader never sees half of one.
 */
import { dirname, join } from "node:path";

const encoder = new TextEncoder();

/** Creates `dir` and its missing parents, readable by the user only. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
}

/** Synchronous {@link ensurePrivateDir}. */
export function ensurePrivateDirSync(dir: string): void {
  Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * Writes `data` to `path` as a whole (temp file in the same folder, then rename), mode
 * 0600. `sync` makes it durable across a power loss, at the cost of an fsync.
 */
export async function writePrivateFile(
  path: string,
  data: string | Uint8Array,
  options: { sync?: boolean } = {},
): Promise<void> {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  const temp = join(dirname(path), `.${crypto.randomUUID()}.tmp`);
  try {
    const file = await Deno.open(temp, { write: true, createNew: true, mode: 0o600 });
    try {
      let written = 0;
      while (written < bytes.length) written += await file.write(bytes.subarray(written));
      if (options.sync) await file.syncData();
    } finally {
      file.close();
    }
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
}

/** Writes all of `bytes` to an open file (one write may take only part). */
export function writeAllSync(file: Deno.FsFile, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.length) written += file.writeSync(bytes.subarray(written));
}

/** Whether an error means "not there" (so a missing store reads as empty). */
export function isNotFound(error: unknown): boolean {
  return error instanceof Deno.errors.NotFound;
}

/** Reads a JSON file, or undefined when it is missing or not valid JSON. */
export async function readJsonOrUndefined<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(path)) as T;
  } catch {
    return undefined;
  }
}

/**
 * Opens `path` for appending (created 0600). When its last line was cut short (a crash
 * mid-write), a newline ends it first, so the next record starts on a line of its own
 * and only the damaged one is skipped on reading.
 */
export function openAppendSync(path: string): Deno.FsFile {
  const file = Deno.openSync(path, { read: true, append: true, create: true, mode: 0o600 });
  try {
    const size = file.statSync().size;
    if (size > 0) {
      file.seekSync(size - 1, Deno.SeekMode.Start);
      const last = new Uint8Array(1);
      file.readSync(last);
      if (last[0] !== 0x0a) writeAllSync(file, encoder.encode("\n"));
    }
  } catch (error) {
    file.close();
    throw error;
  }
  return file;
}

/** Splits JSON lines; lines that do not parse (cut short by a crash) are counted, not fatal. */
export function parseJsonLines<T>(text: string): { records: T[]; skipped: number } {
  const records: T[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line) as T);
    } catch {
      skipped++;
    }
  }
  return { records, skipped };
}
