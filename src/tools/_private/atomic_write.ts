/**
 * Atomic file writes: the bytes go to a temp file in the target's directory, are
 * fsynced, and the temp file is renamed over the target. A crash or Ctrl+C at any point
 * leaves the old file or the new one, never a truncated mix.
 *
 * Temp files are named `.<name>.nc-<pid>-<random>.tmp`: hidden, clearly not the target,
 * and tagged with the writer's pid so a later write can clean up what a killed writer
 * left behind.
 */
import { basename, dirname, join } from "node:path";

/** Options of {@link atomicWrite}. */
export interface AtomicWriteOptions {
  /** File mode for a new file, before the umask (default 0o666); an existing file keeps its own. */
  mode?: number;
  /**
   * The real path the target's directory must still have when the temp file is created
   * and right before the rename. A directory swapped for a symlink after the caller
   * checked the path would put the file elsewhere: the write is refused instead.
   */
  expectedDir?: string;
  /**
   * Create only: the target must not exist. The temp file is hard-linked to the target
   * (which fails if it exists) instead of renamed over it.
   */
  exclusive?: boolean;
  /** Runs after the temp file is written, before the rename; throw to cancel the write. */
  beforeCommit?: () => Promise<void>;
}

/** The target's directory no longer resolves where it did when the path was checked. */
export class PathChangedError extends Error {
  constructor(readonly dir: string, readonly now: string) {
    super(`the directory "${dir}" changed during the write (it now resolves to "${now}")`);
    this.name = "PathChangedError";
  }
}

/** An exclusive write found the target already there (someone created it meanwhile). */
export class TargetExistsError extends Error {
  constructor(readonly path: string) {
    super(`"${path}" was created by someone else during the write`);
    this.name = "TargetExistsError";
  }
}

/** Age after which a temp file of a writer whose liveness we cannot check is stale. */
const STALE_TEMP_MS = 60_000;

/** Temp file name prefix for `target`. */
export function tempPrefix(target: string): string {
  return `.${basename(target)}.nc-`;
}

/**
 * Writes `data` to `path` atomically, creating parent directories. An existing file
 * keeps its permission bits. Throws on I/O errors (after removing its temp file), and
 * PathChangedError / TargetExistsError or what `beforeCommit` throws, leaving the
 * target untouched.
 */
export async function atomicWrite(
  path: string,
  data: Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = dirname(path);
  await Deno.mkdir(dir, { recursive: true });
  await checkDir(dir, options.expectedDir);
  await removeStaleTemps(path);
  const mode = await existingMode(path);
  const temp = join(dir, `${tempPrefix(path)}${Deno.pid}-${randomTag()}.tmp`);
  try {
    const file = await Deno.open(temp, {
      write: true,
      createNew: true,
      mode: mode ?? options.mode ?? 0o666,
    });
    let written: Deno.FileInfo;
    try {
      let n = 0;
      while (n < data.length) n += await file.write(data.subarray(n));
      // Copy the old file's bits exactly: `mode` on open is filtered by the umask.
      if (mode !== undefined && Deno.build.os !== "windows") await Deno.chmod(temp, mode);
      await file.sync();
      written = await file.stat();
    } finally {
      file.close();
    }
    await options.beforeCommit?.();
    // Last, so that the window between the check and the rename is a few syscalls. It
    // cannot be closed without renameat() on a held directory handle, which Deno lacks.
    await checkDir(dir, options.expectedDir);
    await checkSameFile(temp, written, dir);
    if (options.exclusive) await linkExclusive(temp, path);
    else await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    // A directory that vanished under us is a changed path, not an I/O failure.
    if (error instanceof Deno.errors.NotFound) await checkDir(dir, options.expectedDir);
    throw error;
  }
  await syncDir(dir);
}

/** Refuses a directory that no longer resolves to `expected` (swapped for a symlink). */
async function checkDir(dir: string, expected: string | undefined): Promise<void> {
  if (expected === undefined) return;
  const now = await Deno.realPath(dir).catch(() => "(nothing)");
  if (now !== expected) throw new PathChangedError(expected, now);
}

/** The temp path still names the file we wrote (not one reached through a swapped dir). */
async function checkSameFile(temp: string, written: Deno.FileInfo, dir: string): Promise<void> {
  if (written.ino === null || written.dev === null) return; // Windows: no inode numbers
  const now = await Deno.lstat(temp);
  if (now.ino !== written.ino || now.dev !== written.dev) {
    throw new PathChangedError(dir, await Deno.realPath(dir));
  }
}

/**
 * Puts `temp` at `path` only if nothing is there: a hard link fails on an existing
 * target, where a rename would replace it. File systems without hard links fall back
 * to a check and a rename (a tiny window, under the caller's lock).
 */
async function linkExclusive(temp: string, path: string): Promise<void> {
  try {
    await Deno.link(temp, path);
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) throw new TargetExistsError(path);
    if (await exists(path)) throw new TargetExistsError(path);
    await Deno.rename(temp, path);
    return;
  }
  await Deno.remove(temp);
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** Permission bits of an existing regular file, or undefined when there is none. */
async function existingMode(path: string): Promise<number | undefined> {
  try {
    const info = await Deno.stat(path);
    return info.mode === null ? undefined : info.mode & 0o7777;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** Makes the rename itself durable; best effort (not every platform syncs directories). */
async function syncDir(dir: string): Promise<void> {
  if (Deno.build.os === "windows") return;
  try {
    const handle = await Deno.open(dir, { read: true });
    try {
      await handle.sync();
    } finally {
      handle.close();
    }
  } catch {
    // A directory that cannot be opened or synced still got the rename.
  }
}

/**
 * Removes temp files of `target` left by a writer that died: our own pid (writes to one
 * target are serialized by the caller's lock, so an old one of ours is dead), a pid that
 * no longer runs, or one older than a minute when liveness cannot be checked.
 */
export async function removeStaleTemps(target: string): Promise<number> {
  const dir = dirname(target);
  const prefix = tempPrefix(target);
  let removed = 0;
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || !entry.name.startsWith(prefix) || !entry.name.endsWith(".tmp")) {
        continue;
      }
      const pid = Number(/^(\d+)-/.exec(entry.name.slice(prefix.length))?.[1]);
      const path = join(dir, entry.name);
      if (await isStale(path, pid)) {
        await Deno.remove(path).catch(() => {});
        removed++;
      }
    }
  } catch {
    // Cleaning is a courtesy; the write itself reports real errors.
  }
  return removed;
}

async function isStale(path: string, pid: number): Promise<boolean> {
  if (pid === Deno.pid) return true;
  if (Number.isInteger(pid) && Deno.build.os === "linux") {
    try {
      await Deno.stat(`/proc/${pid}`);
      return false;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return true;
      // No read access to /proc: fall back to the age.
    }
  }
  const info = await Deno.stat(path);
  return Date.now() - (info.mtime?.getTime() ?? Date.now()) > STALE_TEMP_MS;
}

function randomTag(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
