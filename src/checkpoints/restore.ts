/**
 * Putting files back as a snapshot had them. Only the files that differ between the
 * snapshot rewound to and the snapshot of how things should be now (the end of the last
 * prompt or rewind) are touched; the rest of the project, including what the user changed
 * by hand in files the agent never touched, is left alone. A file that no longer matches
 * "how things should be now" was changed by someone else since: the restore refuses
 * unless forced, rather than overwrite that work.
 */
import { dirname } from "node:path";
import { atomicWrite } from "../tools/_private/atomic_write.ts";
import { hashBytes, type Leaf, type ObjectStore } from "./objects.ts";
import { diffTrees, hasDir, type TreeChange } from "./trees.ts";

/** Files a restore would overwrite although they changed since the last checkpoint. */
export class ConflictError extends Error {
  override name = "ConflictError";
  readonly files: string[];
  constructor(files: string[]) {
    const shown = files.slice(0, 10).join(", ") + (files.length > 10 ? ", …" : "");
    super(
      `${files.length} file${files.length === 1 ? "" : "s"} changed since the last checkpoint ` +
        `(by you or another program): ${shown}. Nothing was restored; pass --force ` +
        `(or force: true) to overwrite ${files.length === 1 ? "it" : "them"}`,
    );
    this.files = files;
  }
}

/** What a restore did, by project-relative path. */
export interface RestoreOutcome {
  /** Files whose earlier content was put back. */
  restored: string[];
  /** Files that had been deleted since and were brought back. */
  created: string[];
  /** Files that had been created since and were removed. */
  removed: string[];
  /** Files that could not be put back (too large to keep in a snapshot). */
  skipped: string[];
}

/**
 * The changes that take the project from `reference` (how it should be now: the end of
 * the last prompt or rewind) to `target`: each change's `before` is its state now, `after`
 * the state to restore. A file whose content on disk is not its `before` changed since:
 * it is listed as a conflict.
 */
export async function planRestore(
  store: ObjectStore,
  cwd: string,
  target: string,
  reference: string,
): Promise<{ changes: TreeChange[]; conflicts: string[] }> {
  const changes = await diffTrees(store, reference, target);
  const conflicts: string[] = [];
  for (const change of changes) {
    if (!sameLeaf(await leafOnDisk(`${cwd}/${change.path}`, change.before), change.before)) {
      conflicts.push(change.path);
    }
  }
  return { changes, conflicts };
}

/** Applies planned changes: removals first (a file may give way to a folder), then writes. */
export async function applyRestore(
  store: ObjectStore,
  cwd: string,
  target: string,
  changes: readonly TreeChange[],
): Promise<RestoreOutcome> {
  const outcome: RestoreOutcome = { restored: [], created: [], removed: [], skipped: [] };
  for (const change of changes) {
    if (change.after) continue;
    try {
      await Deno.remove(`${cwd}/${change.path}`);
      outcome.removed.push(change.path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    await removeEmptyParents(store, cwd, target, change.path);
  }
  for (const change of changes) {
    const leaf = change.after;
    if (!leaf) continue;
    if (leaf.type === "L") {
      outcome.skipped.push(change.path);
      continue;
    }
    const abs = `${cwd}/${change.path}`;
    const onDisk = await lstatIfThere(abs);
    const existed = onDisk !== undefined;
    const bytes = await store.get(leaf.hash);
    if (leaf.type === "l") {
      await Deno.remove(abs).catch(() => {});
      await Deno.mkdir(dirname(abs), { recursive: true });
      await Deno.symlink(new TextDecoder().decode(bytes), abs);
    } else {
      if (onDisk?.isSymlink) await Deno.remove(abs);
      await atomicWrite(abs, bytes);
      await setExecutable(abs, leaf.type === "x");
    }
    (existed ? outcome.restored : outcome.created).push(change.path);
  }
  return outcome;
}

/**
 * A file as it is on disk, its content put in the store (symlink target, executable bit
 * included); undefined when there is no file there.
 */
export async function captureLeaf(store: ObjectStore, abs: string): Promise<Leaf | undefined> {
  const info = await lstatIfThere(abs);
  if (!info) return undefined;
  if (info.isDirectory) return undefined;
  if (info.isSymlink) {
    return { type: "l", hash: store.put(new TextEncoder().encode(await Deno.readLink(abs))) };
  }
  const bytes = await Deno.readFile(abs);
  return { type: (info.mode ?? 0) & 0o111 ? "x" : "f", hash: store.put(bytes, hashBytes(bytes)) };
}

/** A file as it is on disk, in the terms of a snapshot leaf of the same kind. */
async function leafOnDisk(abs: string, like: Leaf | undefined): Promise<Leaf | undefined> {
  const info = await lstatIfThere(abs);
  if (!info) return undefined;
  if (info.isDirectory) return { type: "f", hash: "(a folder)" };
  if (info.isSymlink) {
    return { type: "l", hash: hashBytes(new TextEncoder().encode(await Deno.readLink(abs))) };
  }
  if (like?.type === "L") return { type: "L", hash: `${info.size}:${info.mtime?.getTime() ?? 0}` };
  const type = (info.mode ?? 0) & 0o111 ? "x" : "f";
  return { type, hash: hashBytes(await Deno.readFile(abs)) };
}

function sameLeaf(a: Leaf | undefined, b: Leaf | undefined): boolean {
  if (!a || !b) return a === b;
  // The executable bit alone is not worth refusing over: compare content.
  const kind = (l: Leaf) => (l.type === "x" ? "f" : l.type);
  return kind(a) === kind(b) && a.hash === b.hash;
}

/** Removes folders left empty by a removal, unless the snapshot restored to has them. */
async function removeEmptyParents(
  store: ObjectStore,
  cwd: string,
  target: string,
  path: string,
): Promise<void> {
  for (let dir = dirname(path); dir !== "." && dir !== ""; dir = dirname(dir)) {
    if (await hasDir(store, target, dir)) return;
    try {
      await Deno.remove(`${cwd}/${dir}`); // Fails unless empty: then it stays.
    } catch {
      return;
    }
  }
}

async function setExecutable(abs: string, executable: boolean): Promise<void> {
  if (Deno.build.os === "windows") return;
  const mode = (await Deno.stat(abs)).mode ?? 0o644;
  const wanted = executable ? mode | ((mode & 0o444) >> 2) : mode & ~0o111;
  if ((wanted & 0o7777) !== (mode & 0o7777)) await Deno.chmod(abs, wanted & 0o7777);
}

/** What is at `abs` (a link itself, not its target), or undefined when nothing is. */
async function lstatIfThere(abs: string): Promise<Deno.FileInfo | undefined> {
  try {
    return await Deno.lstat(abs);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}
