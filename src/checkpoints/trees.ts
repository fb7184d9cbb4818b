/**
 * Snapshots as trees of directory listings: built from the flat list a scan produces,
 * compared (skipping every subtree whose id is unchanged, so comparing two snapshots of a
 * large project reads only the folders that differ), looked into, and patched.
 */
import type { Leaf, ObjectStore, TreeEntry } from "./objects.ts";

/** A file that differs between two snapshots; a side is undefined where it is absent. */
export interface TreeChange {
  /** Project-relative path, forward slashes. */
  path: string;
  before?: Leaf;
  after?: Leaf;
}

const byName = (a: TreeEntry, b: TreeEntry) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * Stores the trees of `files` (path → leaf); returns the root tree's id. `memo` (folder →
 * [listing, id]) carried from the previous build skips hashing folders that did not change.
 */
export function buildTree(
  store: ObjectStore,
  files: ReadonlyMap<string, Leaf>,
  memo = new Map<string, [string, string]>(),
): string {
  const dirs = new Map<string, TreeEntry[]>([["", []]]);
  for (const [path, leaf] of files) {
    const cut = path.lastIndexOf("/");
    const dir = cut === -1 ? "" : path.slice(0, cut);
    listing(dirs, dir).push([path.slice(cut + 1), leaf.type, leaf.hash]);
  }
  // Deepest folders first, so each parent gets its children's ids.
  const order = [...dirs.keys()].sort((a, b) => depth(b) - depth(a));
  let root = "";
  for (const dir of order) {
    const entries = dirs.get(dir)!.sort(byName);
    const text = JSON.stringify(entries);
    const known = memo.get(dir);
    const id = known?.[0] === text ? known[1] : store.putTree(entries, text);
    memo.set(dir, [text, id]);
    if (dir === "") root = id;
    else {
      const cut = dir.lastIndexOf("/");
      listing(dirs, cut === -1 ? "" : dir.slice(0, cut)).push([dir.slice(cut + 1), "d", id]);
    }
  }
  return root;
}

function listing(dirs: Map<string, TreeEntry[]>, dir: string): TreeEntry[] {
  let entries = dirs.get(dir);
  if (!entries) {
    entries = [];
    dirs.set(dir, entries);
    // Make sure every ancestor exists, so the walk up from the deepest reaches the root.
    const cut = dir.lastIndexOf("/");
    listing(dirs, cut === -1 ? "" : dir.slice(0, cut));
  }
  return entries;
}

function depth(dir: string): number {
  if (dir === "") return 0;
  let n = 1;
  for (let i = dir.indexOf("/"); i !== -1; i = dir.indexOf("/", i + 1)) n++;
  return n;
}

/** The files that differ between two snapshots (either may be undefined: empty). */
export async function diffTrees(
  store: ObjectStore,
  a: string | undefined,
  b: string | undefined,
  prefix = "",
): Promise<TreeChange[]> {
  if (a === b) return [];
  const left = new Map((a ? await store.tree(a) : []).map((e) => [e[0], e]));
  const right = new Map((b ? await store.tree(b) : []).map((e) => [e[0], e]));
  const changes: TreeChange[] = [];
  for (const name of new Set([...left.keys(), ...right.keys()])) {
    const x = left.get(name);
    const y = right.get(name);
    if (x && y && x[1] === y[1] && x[2] === y[2]) continue;
    const path = prefix + name;
    const xDir = x?.[1] === "d" ? x[2] : undefined;
    const yDir = y?.[1] === "d" ? y[2] : undefined;
    if (xDir || yDir) changes.push(...await diffTrees(store, xDir, yDir, `${path}/`));
    const before = x && !xDir ? leafOf(x) : undefined;
    const after = y && !yDir ? leafOf(y) : undefined;
    if (before || after) changes.push({ path, before, after });
  }
  return changes.sort((p, q) => (p.path < q.path ? -1 : p.path > q.path ? 1 : 0));
}

/** The file at `path` in a snapshot, or undefined. */
export async function leafAt(
  store: ObjectStore,
  root: string,
  path: string,
): Promise<Leaf | undefined> {
  const parts = path.split("/");
  let tree = root;
  for (let i = 0; i < parts.length; i++) {
    const entry = (await store.tree(tree)).find((e) => e[0] === parts[i]);
    if (!entry) return undefined;
    if (i === parts.length - 1) return entry[1] === "d" ? undefined : leafOf(entry);
    if (entry[1] !== "d") return undefined;
    tree = entry[2];
  }
  return undefined;
}

/** Whether `dir` is a folder holding files in a snapshot. */
export async function hasDir(store: ObjectStore, root: string, dir: string): Promise<boolean> {
  let tree = root;
  for (const part of dir.split("/")) {
    const entry = (await store.tree(tree)).find((e) => e[0] === part);
    if (entry?.[1] !== "d") return false;
    tree = entry[2];
  }
  return true;
}

/**
 * A snapshot with some files set (a leaf) or removed (undefined): for files a scan does
 * not see (ignored by .gitignore) but a tool changed. Returns the new root's id.
 */
export async function patchTree(
  store: ObjectStore,
  root: string | undefined,
  changes: readonly [path: string, leaf: Leaf | undefined][],
): Promise<string> {
  const entries = new Map((root ? await store.tree(root) : []).map((e) => [e[0], e]));
  const below = new Map<string, [string, Leaf | undefined][]>();
  for (const [path, leaf] of changes) {
    const cut = path.indexOf("/");
    if (cut === -1) {
      if (leaf) entries.set(path, [path, leaf.type, leaf.hash]);
      else if (entries.get(path)?.[1] !== "d") entries.delete(path);
      continue;
    }
    const head = path.slice(0, cut);
    if (!below.has(head)) below.set(head, []);
    below.get(head)!.push([path.slice(cut + 1), leaf]);
  }
  for (const [head, inner] of below) {
    const current = entries.get(head);
    const id = await patchTree(store, current?.[1] === "d" ? current[2] : undefined, inner);
    if ((await store.tree(id)).length) entries.set(head, [head, "d", id]);
    else if (current?.[1] === "d") entries.delete(head);
  }
  return store.putTree([...entries.values()].sort(byName));
}

function leafOf(entry: TreeEntry): Leaf {
  return { type: entry[1] as Leaf["type"], hash: entry[2] };
}
