/**
 * A session's checkpoints, one JSON line per record in `timelines/<session>.jsonl`: a
 * prompt's snapshot before it ran, the snapshot after it ended, and every rewind (with
 * the snapshots before and after it, so a rewind can itself be undone). Which prompts'
 * changes are in effect ("active") follows from replaying the records.
 */
import { dirname, join } from "node:path";
import type { CheckpointInfo } from "../protocol.ts";
import {
  ensurePrivateDir,
  openAppendSync,
  parseJsonLines,
  writeAllSync,
} from "../sessions/private_files.ts";

/** One line of a timeline. */
export type TimelineRecord =
  | { t: "prompt"; id: string; at: string; prompt: number; title: string; before: string }
  /** `before` replaces the prompt's: the same snapshot plus ignored files tools changed. */
  | { t: "after"; id: string; at: string; after: string; files: string[]; before?: string }
  | {
    t: "rewind";
    id: string;
    at: string;
    /** The checkpoint rewound to. */
    target: string;
    title: string;
    before: string;
    after: string;
    files: string[];
    /** Prompts whose changes this rewind took out, and those it put back. */
    undid: string[];
    redid: string[];
  };

/** A checkpoint with its snapshots: `before` is what rewinding to it restores. */
export interface Entry {
  id: string;
  kind: "prompt" | "rewind";
  at: string;
  title: string;
  prompt?: number;
  before: string;
  /** Undefined for a prompt that has not ended (still running, or its process died). */
  after?: string;
  files?: string[];
  undid: string[];
  redid: string[];
  target?: string;
}

/** The replayed timeline. */
export class Timeline {
  readonly entries: Entry[];

  constructor(records: readonly TimelineRecord[]) {
    const entries: Entry[] = [];
    const byId = new Map<string, Entry>();
    for (const r of records) {
      if (r.t === "after") {
        const entry = byId.get(r.id);
        if (entry) {
          Object.assign(
            entry,
            { after: r.after, files: r.files },
            r.before ? { before: r.before } : {},
          );
        }
        continue;
      }
      const entry: Entry = r.t === "prompt"
        ? { ...base(r), kind: "prompt", prompt: r.prompt, undid: [], redid: [] }
        : {
          ...base(r),
          kind: "rewind",
          after: r.after,
          files: r.files,
          undid: r.undid,
          redid: r.redid,
          target: r.target,
        };
      entries.push(entry);
      byId.set(entry.id, entry);
    }
    this.entries = entries;
  }

  get(id: string): Entry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  /** Prompt ids whose changes are in effect after the first `count` entries (default all). */
  activeAt(count = this.entries.length): string[] {
    const active: string[] = [];
    for (const entry of this.entries.slice(0, count)) {
      if (entry.kind === "prompt") active.push(entry.id);
      else {
        const undid = new Set(entry.undid);
        const kept = active.filter((id) => !undid.has(id));
        active.length = 0;
        active.push(...kept, ...entry.redid);
      }
    }
    // In the order the prompts ran.
    const order = new Map(this.entries.map((e, i) => [e.id, i]));
    return active.sort((a, b) => order.get(a)! - order.get(b)!);
  }

  /** The snapshot of the files as they should be now: the last entry's `after`. */
  latest(): { tree?: string; unfinished?: Entry } {
    const last = this.entries.at(-1);
    if (!last) return {};
    return last.after ? { tree: last.after } : { tree: undefined, unfinished: last };
  }

  /** What frontends show, oldest first. */
  infos(): CheckpointInfo[] {
    const active = new Set(this.activeAt());
    return this.entries.map((entry, i) => ({
      id: entry.id,
      kind: entry.kind,
      ...(entry.prompt !== undefined ? { prompt: entry.prompt } : {}),
      title: entry.title,
      createdAt: entry.at,
      ...(entry.files ? { files: entry.files } : {}),
      undone: entry.kind === "prompt"
        ? !active.has(entry.id)
        : this.entries.slice(i + 1).some((later) => later.target === entry.id),
    }));
  }
}

function base(r: { id: string; at: string; title: string; before: string }) {
  return { id: r.id, at: r.at, title: r.title, before: r.before };
}

/** Where a session's timeline is kept. */
export function timelinePath(checkpointsDir: string, sessionId: string): string {
  return join(checkpointsDir, "timelines", `${sessionId}.jsonl`);
}

/** Reads a timeline; a damaged line (a write cut short) is skipped. */
export async function readTimeline(path: string): Promise<Timeline> {
  try {
    return new Timeline(parseJsonLines<TimelineRecord>(await Deno.readTextFile(path)).records);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return new Timeline([]);
    throw error;
  }
}

/** Appends one record as one line. */
export async function appendRecord(path: string, record: TimelineRecord): Promise<void> {
  await ensurePrivateDir(dirname(path));
  const file = openAppendSync(path);
  try {
    writeAllSync(file, new TextEncoder().encode(`${JSON.stringify(record)}\n`));
  } finally {
    file.close();
  }
}
