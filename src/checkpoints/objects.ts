/**
 * The checkpoint store's objects, addressed by content (SHA-256) as git's are: a blob is
 * a file's bytes (or a symlink's target), a tree is one directory's listing. Snapshots
 * of a tree where little changed share nearly all their objects, so each costs a few
 * new objects. Objects are written through a temp file and a rename, and a blob is
 * checked against its hash before anything is restored from it.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { ensurePrivateDirSync } from "../sessions/private_files.ts";

/**
 * One entry of a directory listing: a regular file (`f`), an executable file (`x`), a
 * symlink (`l`, the hash of its target), a subdirectory (`d`, its tree id), or a file too
 * large to keep (`L`: `size:mtime` stands in for a hash, so a change is still noticed).
 */
export type EntryType = "f" | "x" | "l" | "d" | "L";

/** A directory listing: `[name, type, hash]`, sorted by name. */
export type TreeEntry = [name: string, type: EntryType, hash: string];

/** A file as a snapshot knows it (anything but a directory). */
export interface Leaf {
  type: Exclude<EntryType, "d">;
  hash: string;
}

const encoder = new TextEncoder();

/** SHA-256 of bytes, hex. */
export function hashBytes(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Content-addressed objects under one folder (`objects/ab/cdef…`). */
export class ObjectStore {
  readonly dir: string;
  /** Trees are immutable: each is parsed once per process. */
  #trees = new Map<string, TreeEntry[]>();
  /** Objects known to exist (written or seen), to skip a stat per put. */
  #known = new Set<string>();

  constructor(dir: string) {
    this.dir = dir;
  }

  pathOf(hash: string): string {
    return join(this.dir, hash.slice(0, 2), hash.slice(2));
  }

  /** Whether an object is stored. */
  has(hash: string): boolean {
    if (this.#known.has(hash)) return true;
    try {
      Deno.lstatSync(this.pathOf(hash));
      this.#known.add(hash);
      return true;
    } catch {
      return false;
    }
  }

  /** Stores bytes (unless already there); returns their hash. */
  put(bytes: Uint8Array, hash = hashBytes(bytes)): string {
    if (this.has(hash)) return hash;
    const path = this.pathOf(hash);
    const folder = join(this.dir, hash.slice(0, 2));
    ensurePrivateDirSync(folder);
    const temp = join(folder, `.${crypto.randomUUID()}.tmp`);
    try {
      Deno.writeFileSync(temp, bytes, { mode: 0o600 });
      Deno.renameSync(temp, path);
    } catch (error) {
      try {
        Deno.removeSync(temp);
      } catch {
        // Never created.
      }
      throw error;
    }
    this.#known.add(hash);
    return hash;
  }

  /** A blob's bytes; throws when it is missing or does not match its hash (damaged). */
  async get(hash: string): Promise<Uint8Array> {
    const bytes = await Deno.readFile(this.pathOf(hash));
    if (hashBytes(bytes) !== hash) {
      throw new Error(`Checkpoint object "${hash.slice(0, 12)}" is damaged`);
    }
    return bytes;
  }

  /** Stores a directory listing; returns its id. */
  putTree(entries: TreeEntry[], text = JSON.stringify(entries)): string {
    const bytes = encoder.encode(text);
    const id = this.put(bytes);
    this.#trees.set(id, entries);
    return id;
  }

  /** A directory listing by id. */
  async tree(id: string): Promise<TreeEntry[]> {
    const cached = this.#trees.get(id);
    if (cached) return cached;
    const entries = JSON.parse(new TextDecoder().decode(await this.get(id))) as TreeEntry[];
    this.#trees.set(id, entries);
    return entries;
  }
}
