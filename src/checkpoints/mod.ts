/**
 * Checkpoints and undo for one session of one project, kept away from the project
 * itself: a content-addressed store under the data directory
 * (`<data>/checkpoints/<project>/`), never the user's own `.git` (no commits, stashes,
 * refs or index changes there). Needs no `git` and no `--allow-run`: only read access to
 * the project and write access to the data directory.
 *
 * Before each prompt the engine snapshots the working tree (`beforePrompt`, run while
 * the model request is on its way; tools wait for it), and after it ends snapshots
 * again (`afterPrompt`). `rewind` puts the files back as they were before a prompt — or
 * before a rewind, which makes every rewind undoable.
 */
import { join, relative } from "node:path";
import type { CheckpointInfo, FileChange } from "../protocol.ts";
import { type Leaf, ObjectStore } from "./objects.ts";
import {
  applyRestore,
  captureLeaf,
  ConflictError,
  planRestore,
  type RestoreOutcome,
} from "./restore.ts";
import { type ScanLimits, Scanner, type Snapshot, TooManyFilesError } from "./scan.ts";
import { diffTrees, patchTree } from "./trees.ts";
import { appendRecord, type Entry, readTimeline, type Timeline, timelinePath } from "./timeline.ts";

export { ConflictError, TooManyFilesError };
export type { RestoreOutcome };

/** How to open a session's checkpoints. */
export interface CheckpointsOptions {
  /** The project directory (absolute). */
  cwd: string;
  /** The project's checkpoint folder (`projectStore(...).checkpoints`). */
  dir: string;
  sessionId: string;
  limits?: Partial<ScanLimits>;
  /** Absolute folders inside the project never to snapshot (the data dir, if it is there). */
  skip?: string[];
}

/** Which checkpoint to rewind to. */
export interface RewindRequest {
  /** A checkpoint id (or a unique prefix of one). */
  to?: string;
  /** Else: the last N prompts whose changes are in effect (default 1). */
  prompts?: number;
  /** Else: undo the last rewind. */
  redo?: boolean;
  /** Overwrite files changed since the last checkpoint. */
  force?: boolean;
}

/** What a rewind did. */
export interface RewindResult extends RestoreOutcome {
  /** The new checkpoint (rewinding to it undoes this rewind). */
  checkpointId: string;
  /** The checkpoint rewound to. */
  target: CheckpointInfo;
  /** Something the user should know (the last prompt never finished...). */
  note?: string;
}

/** A request that names nothing to rewind to. */
export class NothingToRewindError extends Error {
  override name = "NothingToRewindError";
}

/** One session's checkpoints. */
export class Checkpoints {
  readonly cwd: string;
  readonly sessionId: string;
  readonly #store: ObjectStore;
  readonly #scanner: Scanner;
  readonly #timeline: string;
  /** Snapshots taken before prompts of this process, by checkpoint id. */
  #before = new Map<string, Snapshot>();

  constructor(options: CheckpointsOptions) {
    this.cwd = options.cwd;
    this.sessionId = options.sessionId;
    this.#store = new ObjectStore(join(options.dir, "objects"));
    this.#scanner = new Scanner(options.cwd, this.#store, join(options.dir, "state.json"), {
      limits: options.limits,
      skip: options.skip,
    });
    this.#timeline = timelinePath(options.dir, options.sessionId);
  }

  /** Snapshots the project before a prompt; resolves with the checkpoint's id. */
  async beforePrompt(prompt: number, title: string): Promise<string> {
    const snapshot = await this.#scanner.snapshot();
    const id = crypto.randomUUID();
    this.#before.set(id, snapshot);
    await appendRecord(this.#timeline, {
      t: "prompt",
      id,
      at: new Date().toISOString(),
      prompt,
      title,
      before: snapshot.root,
    });
    return id;
  }

  /**
   * Snapshots the project after a prompt. `mayHaveChanged` false (only reading tools ran)
   * skips the scan. `toolChanges` (what file tools reported) covers files the scan does
   * not see, such as a `.env` that .gitignore excludes, so undo restores them too.
   */
  async afterPrompt(
    id: string,
    mayHaveChanged: boolean,
    toolChanges: readonly FileChange[] = [],
  ): Promise<void> {
    const before = this.#before.get(id);
    if (!before) return;
    this.#before.delete(id);
    let beforeRoot = before.root;
    let afterRoot = before.root;
    if (mayHaveChanged || toolChanges.length) {
      const after = await this.#scanner.snapshot();
      afterRoot = after.root;
      const unseen = this.#unseen(toolChanges, after);
      if (unseen.length) {
        beforeRoot = await patchTree(this.#store, beforeRoot, unseen.map((u) => [u.path, u.old]));
        afterRoot = await patchTree(
          this.#store,
          afterRoot,
          await Promise.all(
            unseen.map(async (u) =>
              [
                u.path,
                // Unreadable now: left out, as the scan leaves out what it cannot read.
                await captureLeaf(this.#store, join(this.cwd, u.path)).catch(() => undefined),
              ] as const
            ),
          ),
        );
      }
    }
    const files = (await diffTrees(this.#store, beforeRoot, afterRoot)).map((c) => c.path);
    await appendRecord(this.#timeline, {
      t: "after",
      id,
      at: new Date().toISOString(),
      after: afterRoot,
      files,
      ...(beforeRoot !== before.root ? { before: beforeRoot } : {}),
    });
  }

  /** Resolves once everything is on disk (call before the process exits). */
  flush(): Promise<void> {
    return this.#scanner.flush();
  }

  /** The session's checkpoints, oldest first. */
  async list(): Promise<CheckpointInfo[]> {
    return (await readTimeline(this.#timeline)).infos();
  }

  /**
   * Restores the files to a checkpoint. Throws NothingToRewindError when the request
   * names nothing, ConflictError when a file changed since and `force` is not set.
   */
  async rewind(request: RewindRequest): Promise<RewindResult> {
    const timeline = await readTimeline(this.#timeline);
    const target = chooseTarget(timeline, request);
    const index = timeline.entries.indexOf(target);
    const latest = timeline.latest();
    // How the files are now: what this rewind undoes if it is itself rewound to.
    const pre = await this.#scanner.snapshot();
    // Without the end of the last prompt (it never finished), the files as they are now
    // are the reference: changes made by others since cannot be told apart.
    const plan = await planRestore(this.#store, this.cwd, target.before, latest.tree ?? pre.root);
    if (plan.conflicts.length && !request.force) throw new ConflictError(plan.conflicts);
    // Files the restore changes that the scan did not see (ignored, such as a .env a tool
    // wrote): kept as they are on disk now — a forced rewind may overwrite the user's
    // edit there, and redoing it must bring that edit back, not the reference's text.
    const unseen = await Promise.all(
      plan.changes.filter((c) => !pre.files.has(c.path)).map(async (c) => ({
        ...c,
        now: await captureLeaf(this.#store, join(this.cwd, c.path)),
      })),
    );
    const outcome = await applyRestore(this.#store, this.cwd, target.before, plan.changes);
    const post = await this.#scanner.snapshot();
    const beforeRoot = await patchTree(this.#store, pre.root, unseen.map((c) => [c.path, c.now]));
    const afterRoot = await patchTree(
      this.#store,
      post.root,
      unseen.filter((c) => !post.files.has(c.path)).map((c) => [c.path, c.after]),
    );
    const active = timeline.activeAt();
    const then = timeline.activeAt(index);
    const id = crypto.randomUUID();
    await appendRecord(this.#timeline, {
      t: "rewind",
      id,
      at: new Date().toISOString(),
      target: target.id,
      title: rewindTitle(target, active.filter((p) => !then.includes(p)).length),
      before: beforeRoot,
      after: afterRoot,
      files: plan.changes.map((c) => c.path),
      undid: active.filter((p) => !then.includes(p)),
      redid: then.filter((p) => !active.includes(p)),
    });
    const info = timeline.infos()[index];
    const note = latest.unfinished
      ? `The last prompt ("${latest.unfinished.title}") never finished (still running, or its ` +
        `process was stopped): changes made by others since could not be told apart`
      : undefined;
    return { ...outcome, checkpointId: id, target: info, ...(note ? { note } : {}) };
  }

  /** Tool changes to files the scan does not see, with their content before the prompt. */
  #unseen(changes: readonly FileChange[], after: Snapshot) {
    const seen = new Map<string, Leaf | undefined>();
    for (const change of changes) {
      const path = relative(this.cwd, change.path).replaceAll("\\", "/");
      if (path.startsWith("../") || path === "" || after.files.has(path) || seen.has(path)) {
        continue;
      }
      // Texts left out (a file over 1 MiB) cannot restore it.
      if (change.omitted) continue;
      // The first change of a path in the prompt holds its text from before the prompt.
      const old = change.oldText === null
        ? undefined
        : { type: "f" as const, hash: this.#store.put(new TextEncoder().encode(change.oldText)) };
      seen.set(path, old);
    }
    return [...seen].map(([path, old]) => ({ path, old }));
  }
}

function chooseTarget(timeline: Timeline, request: RewindRequest): Entry {
  if (request.to) {
    const matches = timeline.entries.filter((e) => e.id.startsWith(request.to!));
    if (matches.length === 1) return matches[0];
    throw new NothingToRewindError(
      matches.length
        ? `Checkpoint "${request.to}" is ambiguous: give more of its id`
        : `No checkpoint "${request.to}" in this session`,
    );
  }
  if (request.redo) {
    const infos = timeline.infos();
    const last = infos.findLast((c) => c.kind === "rewind" && !c.undone);
    if (!last) throw new NothingToRewindError("Nothing to redo: no undo in this session");
    return timeline.get(last.id)!;
  }
  const count = request.prompts ?? 1;
  // Prompts that only read are not worth an undo of their own.
  const active = timeline.activeAt().filter((id) => timeline.get(id)?.files?.length !== 0);
  if (active.length === 0) {
    throw new NothingToRewindError("Nothing to undo: no prompt of this session changed files");
  }
  if (!Number.isInteger(count) || count < 1 || count > active.length) {
    throw new NothingToRewindError(
      `Cannot undo ${count} prompts: ${active.length} can be undone in this session`,
    );
  }
  return timeline.get(active[active.length - count])!;
}

function rewindTitle(target: Entry, undone: number): string {
  if (target.kind === "rewind") return `Redo (undid: ${target.title})`;
  const more = undone > 1 ? ` and ${undone - 1} later prompt${undone > 2 ? "s" : ""}` : "";
  return `Undo of prompt ${target.prompt}: ${target.title}${more}`;
}
