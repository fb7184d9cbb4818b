/**
 * Takes a snapshot of a project's working tree into the object store.
 *
 * The walk skips what ripgrep skips (.gitignore and friends at every level, `.git`,
 * `node_modules`; src/tools/_private/walk.ts) plus other VCS folders, keeps files above
 * a size limit as markers only, and stops at a file-count limit. A stat cache (size,
 * mtime, ctime, inode per path) means a file is read and hashed only when it changed, so
 * a snapshot of a large tree where little changed costs about one `lstat` per file. The
 * walk is synchronous (Deno's async file ops cost several times more per call) but gives
 * the event loop a turn every few milliseconds, so a request streaming meanwhile is not
 * held up.
 */
import { ALWAYS_SKIPPED, IgnoreStack } from "../tools/_private/walk.ts";
import { readJsonOrUndefined, writePrivateFile } from "../sessions/private_files.ts";
import { hashBytes, type Leaf, type ObjectStore } from "./objects.ts";
import { buildTree } from "./trees.ts";

/** Folders never snapshotted, besides `.git` and `node_modules` (ALWAYS_SKIPPED). */
const SKIPPED_NAMES = new Set([".hg", ".svn", ".jj", ".bzr"]);
/** The temp file of an atomic write in progress (src/tools/_private/atomic_write.ts). */
const WRITE_IN_PROGRESS = /^\..+\.nc-\d+-[0-9a-f]+\.tmp$/;

/** Limits of a snapshot. */
export interface ScanLimits {
  /** Files above this size are noticed (size and mtime) but not kept. Default 8 MiB. */
  maxFileBytes: number;
  /** A project with more files than this is not snapshotted. Default 50,000. */
  maxFiles: number;
}

export const DEFAULT_LIMITS: ScanLimits = { maxFileBytes: 8 * 1024 * 1024, maxFiles: 50_000 };

/** A snapshot: the root tree's id and every file in it. */
export interface Snapshot {
  root: string;
  files: Map<string, Leaf>;
}

/** The project has more files than a snapshot takes. */
export class TooManyFilesError extends Error {
  override name = "TooManyFilesError";
}

/** [type, hash, size, mtimeMs, ctimeMs, ino, hashedAtMs] */
type CacheEntry = [Leaf["type"], string, number, number, number, number, number];

/** A file's mtime this close to the moment it was hashed may hide a later same-size write. */
const RACY_MS = 2_000;
/**
 * Longest stretch of synchronous work before the event loop gets a turn: long enough that
 * the turns (a timer each, ~1-3 ms) cost little, short enough that streamed text does not
 * visibly stall.
 */
const SLICE_MS = 25;

/** Snapshots one project; keeps its stat cache in memory and in `state.json`. */
export class Scanner {
  readonly cwd: string;
  readonly #store: ObjectStore;
  readonly #statePath: string;
  readonly #limits: ScanLimits;
  readonly #skipAbs: string[];
  #cache?: Map<string, CacheEntry>;
  /** Each folder's last listing and its tree id, so unchanged folders are not hashed again. */
  #trees = new Map<string, [string, string]>();
  #running: Promise<unknown> = Promise.resolve();
  /** The stat cache being written in the background (flush() waits for it). */
  #saving: Promise<void> = Promise.resolve();

  constructor(
    cwd: string,
    store: ObjectStore,
    statePath: string,
    options: { limits?: Partial<ScanLimits>; skip?: string[] } = {},
  ) {
    this.cwd = cwd;
    this.#store = store;
    this.#statePath = statePath;
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#skipAbs = options.skip ?? [];
  }

  /** Resolves once the stat cache is on disk (before the process exits). */
  flush(): Promise<void> {
    return this.#saving;
  }

  /** Takes a snapshot (one at a time per scanner). */
  snapshot(): Promise<Snapshot> {
    const next = this.#running.then(() => this.#snapshot(), () => this.#snapshot());
    this.#running = next.catch(() => {});
    return next;
  }

  async #snapshot(): Promise<Snapshot> {
    const cache = this.#cache ??= await this.#loadCache();
    const next = new Map<string, CacheEntry>();
    const files = new Map<string, Leaf>();
    let dirty = false;
    let slice = performance.now();
    const pending = [{ abs: this.cwd, rel: "", stack: IgnoreStack.forRoot(this.cwd) }];
    while (pending.length) {
      if (performance.now() - slice > SLICE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        slice = performance.now();
      }
      const dir = pending.pop()!;
      let raw: Deno.DirEntry[];
      try {
        raw = [...Deno.readDirSync(dir.abs)];
      } catch (error) {
        // Gone since its parent was read, or a folder this user (or process) may not read.
        if (unreadable(error)) continue;
        throw error;
      }
      const stack = dir.stack.child(dir.abs, dir.rel, new Set(raw.map((e) => e.name)));
      for (const entry of raw) {
        if (ALWAYS_SKIPPED.has(entry.name) || SKIPPED_NAMES.has(entry.name)) continue;
        const rel = dir.rel === "" ? entry.name : `${dir.rel}/${entry.name}`;
        // Plain concatenation: path.join's normalizing costs more than the lstat here.
        const abs = `${dir.abs}/${entry.name}`;
        if (stack.ignores(rel, entry.isDirectory)) continue;
        if (entry.isDirectory) {
          if (!this.#skipAbs.includes(abs)) pending.push({ abs, rel, stack });
          continue;
        }
        if ((!entry.isFile && !entry.isSymlink) || WRITE_IN_PROGRESS.test(entry.name)) continue;
        if (files.size >= this.#limits.maxFiles) {
          throw new TooManyFilesError(
            `the project has more than ${this.#limits.maxFiles} files that .gitignore does not exclude`,
          );
        }
        const seen = this.#file(abs, cache.get(rel));
        if (!seen) continue;
        if (changed(cache.get(rel), seen)) dirty = true;
        next.set(rel, seen);
        files.set(rel, { type: seen[0], hash: seen[1] });
      }
    }
    if (next.size !== cache.size) dirty = true;
    this.#cache = next;
    const root = buildTree(this.#store, files, this.#trees);
    // Written after the snapshot is answered: the cache only spares the next process work.
    if (dirty) this.#saving = this.#saving.then(() => this.#saveCache(next)).catch(() => {});
    return { root, files };
  }

  /** A file's cache entry: the cached one when its stat is unchanged, else a fresh one. */
  #file(abs: string, cached: CacheEntry | undefined): CacheEntry | undefined {
    let info: Deno.FileInfo;
    try {
      info = Deno.lstatSync(abs);
    } catch {
      return undefined; // Gone since the directory was read, or unreadable.
    }
    const size = info.size;
    const mtime = info.mtime?.getTime() ?? 0;
    const ctime = info.ctime?.getTime() ?? 0;
    const ino = info.ino ?? 0;
    if (
      cached && cached[2] === size && cached[3] === mtime && cached[4] === ctime &&
      cached[5] === ino && mtime < cached[6] - RACY_MS
    ) return cached;
    const now = Date.now();
    try {
      if (info.isSymlink) {
        const target = new TextEncoder().encode(Deno.readLinkSync(abs));
        return ["l", this.#store.put(target), size, mtime, ctime, ino, now];
      }
      if (size > this.#limits.maxFileBytes) {
        return ["L", `${size}:${mtime}`, size, mtime, ctime, ino, now];
      }
      const bytes = Deno.readFileSync(abs);
      const type = (info.mode ?? 0) & 0o111 ? "x" : "f";
      return [type, this.#store.put(bytes, hashBytes(bytes)), size, mtime, ctime, ino, now];
    } catch (error) {
      if (unreadable(error)) return undefined;
      throw error;
    }
  }

  async #loadCache(): Promise<Map<string, CacheEntry>> {
    const saved = await readJsonOrUndefined<{ v: number; files: Record<string, CacheEntry> }>(
      this.#statePath,
    );
    if (saved?.v !== 1 || typeof saved.files !== "object") return new Map();
    return new Map(Object.entries(saved.files));
  }

  async #saveCache(cache: Map<string, CacheEntry>): Promise<void> {
    // Another process may write it at the same time: either copy is a valid cache.
    await writePrivateFile(
      this.#statePath,
      JSON.stringify({ v: 1, files: Object.fromEntries(cache) }),
    );
  }
}

/** Whether an entry says something new about a file (its hashing time alone is not). */
function changed(before: CacheEntry | undefined, after: CacheEntry): boolean {
  return !before || before.slice(0, 6).some((value, i) => value !== after[i]);
}

function unreadable(error: unknown): boolean {
  return error instanceof Deno.errors.NotFound || error instanceof Deno.errors.PermissionDenied ||
    error instanceof Deno.errors.NotCapable;
}
