/**
 * Deleting old sessions: their files, their checkpoint timelines, and then every
 * checkpoint object no remaining timeline (or the stat cache) refers to.
 */
import { basename, join } from "node:path";
import { ObjectStore, type TreeEntry } from "../checkpoints/objects.ts";
import { readTimeline } from "../checkpoints/timeline.ts";
import { UsageError } from "../errors.ts";
import { readJsonOrUndefined } from "./private_files.ts";
import { projectStore } from "./paths.ts";

/** What a prune removed (or would remove, in a dry run). */
export interface PruneResult {
  sessions: string[];
  objects: number;
  bytes: number;
}

/** Parses an age such as `30d`, `12h`, `2w`, `90m`; throws UsageError otherwise. */
export function parseAge(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
  if (!match) {
    throw new UsageError(`Invalid age "${text}": use a number and a unit, e.g. 30d, 12h, 2w`);
  }
  const unit = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }[match[2] as "s"]!;
  return Number(match[1]) * unit * 1000;
}

/**
 * Removes sessions not changed for `olderThanMs`: those of the project at `cwd`, or of
 * every project when `cwd` is undefined.
 */
export async function pruneSessions(
  dataDir: string,
  olderThanMs: number,
  options: { cwd?: string; dryRun?: boolean; now?: number } = {},
): Promise<PruneResult> {
  const cutoff = (options.now ?? Date.now()) - olderThanMs;
  const result: PruneResult = { sessions: [], objects: 0, bytes: 0 };
  const keys = options.cwd ? [basename(projectStore(dataDir, options.cwd).sessions)] : [
    ...new Set([...folders(join(dataDir, "sessions")), ...folders(join(dataDir, "checkpoints"))]),
  ];
  for (const key of keys) {
    const sessions = join(dataDir, "sessions", key);
    const checkpoints = join(dataDir, "checkpoints", key);
    for (
      const [dir, suffix] of [[sessions, ".jsonl"], [join(checkpoints, "timelines"), ".jsonl"]]
    ) {
      for (const name of files(dir, suffix)) {
        const path = join(dir, name);
        const stat = await Deno.stat(path).catch(() => undefined);
        if (!stat || (stat.mtime?.getTime() ?? 0) >= cutoff) continue;
        if (dir === sessions) result.sessions.push(name.slice(0, -suffix.length));
        if (!options.dryRun) await Deno.remove(path).catch(() => {});
      }
    }
    if (!options.dryRun) {
      const freed = await collectGarbage(checkpoints);
      result.objects += freed.objects;
      result.bytes += freed.bytes;
    }
  }
  return result;
}

/** Deletes checkpoint objects that nothing refers to any more. */
export async function collectGarbage(
  checkpointsDir: string,
): Promise<{ objects: number; bytes: number }> {
  const store = new ObjectStore(join(checkpointsDir, "objects"));
  const live = new Set<string>();
  const mark = async (id: string): Promise<void> => {
    if (live.has(id)) return;
    live.add(id);
    let entries: TreeEntry[];
    try {
      entries = await store.tree(id);
    } catch {
      return; // Missing or damaged: nothing below to keep.
    }
    for (const [, type, hash] of entries) {
      if (type === "d") await mark(hash);
      else if (type !== "L") live.add(hash);
    }
  };
  for (const name of files(join(checkpointsDir, "timelines"), ".jsonl")) {
    const timeline = await readTimeline(join(checkpointsDir, "timelines", name));
    for (const entry of timeline.entries) {
      await mark(entry.before);
      if (entry.after) await mark(entry.after);
    }
  }
  // The stat cache names blobs it will not write again: they stay.
  const state = await readJsonOrUndefined<{ files?: Record<string, [string, string]> }>(
    join(checkpointsDir, "state.json"),
  );
  for (const [, hash] of Object.values(state?.files ?? {})) live.add(hash);
  let objects = 0;
  let bytes = 0;
  // A session running now may have stored objects its timeline does not name yet.
  const young = Date.now() - 3_600_000;
  for (const prefix of folders(store.dir)) {
    for (const name of files(join(store.dir, prefix), "")) {
      if (live.has(prefix + name) || name.startsWith(".")) continue;
      const path = join(store.dir, prefix, name);
      const stat = await Deno.stat(path).catch(() => undefined);
      if (!stat || (stat.mtime?.getTime() ?? 0) > young) continue;
      bytes += stat.size;
      await Deno.remove(path).catch(() => {});
      objects++;
    }
  }
  return { objects, bytes };
}

function folders(dir: string): string[] {
  try {
    return [...Deno.readDirSync(dir)].filter((e) => e.isDirectory).map((e) => e.name);
  } catch {
    return [];
  }
}

function files(dir: string, suffix: string): string[] {
  try {
    return [...Deno.readDirSync(dir)]
      .filter((e) => e.isFile && e.name.endsWith(suffix))
      .map((e) => e.name);
  } catch {
    return [];
  }
}
