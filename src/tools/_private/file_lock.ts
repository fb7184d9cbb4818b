/**
 * A write lock per directory, shared by every nanocoder process on the machine.
 *
 * Two runs editing one file must never lose an update: each reads the file, checks it
 * is what the model saw, and renames its new version over it. Without a lock both can
 * pass the check before either renames. So a write holds an advisory lock (flock) on
 * the file's directory from its check to its rename, and checks the file's hash once
 * more right before the rename (for writers that take no lock: editors, formatters).
 *
 * Why the directory and not the file: writes replace the file by rename, so a lock on
 * the old file's inode would not exclude a writer that opened the new one; a lock file
 * beside it would litter the project and need stale-lock cleanup. The directory keeps
 * its inode across renames, the kernel drops the lock when a holder dies, and nothing
 * is left on disk. Writes are short, so locking a whole directory costs nothing.
 *
 * Waiting polls `tryLock` (Deno's `lock()` cannot be cancelled), so a cancel is honoured
 * at once. Where a directory cannot be opened (Windows), only the in-process lock of
 * file_state.ts and the hash check before the rename protect the write.
 */

import { sleep, untilAborted } from "./abort.ts";

/** Thrown when another process held the lock for longer than the wait allows. */
export class LockTimeoutError extends Error {
  constructor(readonly dir: string, readonly waitedMs: number) {
    super(`another process has held the write lock of "${dir}" for over ${waitedMs} ms`);
    this.name = "LockTimeoutError";
  }
}

/** Options of {@linkcode withDirLock}. */
export interface DirLockOptions {
  signal?: AbortSignal;
  /** Longest wait for another process; default 30 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const chains = new Map<string, Promise<void>>();

/**
 * Runs `fn` holding the exclusive lock of directory `dir`: calls in this process queue
 * in memory, other processes are excluded by flock.
 */
export async function withDirLock<T>(
  dir: string,
  fn: () => Promise<T>,
  options: DirLockOptions = {},
): Promise<T> {
  const previous = chains.get(dir) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => release = resolve);
  const tail = previous.then(() => mine);
  chains.set(dir, tail);
  try {
    await untilAborted(previous, options.signal);
    const handle = await acquire(dir, options);
    try {
      return await fn();
    } finally {
      handle?.close(); // closing the descriptor releases the flock
    }
  } finally {
    release();
    if (chains.get(dir) === tail) chains.delete(dir);
  }
}

/** Opens `dir` and takes its flock, polling; undefined where directories cannot be locked. */
async function acquire(dir: string, options: DirLockOptions): Promise<Deno.FsFile | undefined> {
  let handle: Deno.FsFile;
  try {
    handle = await Deno.open(dir, { read: true });
  } catch {
    return undefined; // Windows, or no access to open it: the hash check still runs
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = Date.now();
  try {
    for (let delay = 2;; delay = Math.min(delay * 2, 50)) {
      options.signal?.throwIfAborted();
      if (await tryLock(handle)) return handle;
      if (Date.now() - started > timeoutMs) throw new LockTimeoutError(dir, timeoutMs);
      await sleep(delay, options.signal);
    }
  } catch (error) {
    handle.close();
    throw error;
  }
}

async function tryLock(handle: Deno.FsFile): Promise<boolean> {
  try {
    return await handle.tryLock(true);
  } catch {
    return true; // a file system without flock: fall back to the hash check alone
  }
}
