/**
 * What the engine keeps of a session on disk, under the user data directory: the session
 * file (every kept event, as it happens) and the checkpoints (a snapshot of the project
 * before each prompt and after it, so `rewind` can restore what the prompt changed).
 *
 * The snapshot before a prompt runs while the first model request is on its way; tools
 * wait for it (`gate`), so a prompt's first byte of output is not held up by it while
 * nothing a tool does can escape it. The snapshot after a prompt is taken before its
 * `done` event, so a frontend that rewinds right after `done` finds it.
 */
import { isAbsolute, relative, resolve } from "node:path";
import type { AgentEvent, AgentEventBody, FileChange } from "../protocol.ts";
import { Checkpoints, TooManyFilesError } from "../checkpoints/mod.ts";
import { projectStore, SessionLog, storeUnavailable, userDataDir } from "../sessions/mod.ts";

/** How a session is saved. */
export interface PersistenceOptions {
  cwd: string;
  sessionId: string;
  /** The data directory (default: NANOCODER_DATA_DIR, XDG_DATA_HOME, the platform's). */
  dataDir?: string;
  /** API keys and other values never written. */
  secrets: readonly string[];
}

/** One prompt's checkpoint while it runs. */
interface RunCheckpoint {
  /** Resolves with the checkpoint id, or undefined when the snapshot failed. */
  before: Promise<string | undefined>;
  kinds: Map<string, string>;
  mayHaveChanged: boolean;
  changes: FileChange[];
}

/** A session's files on disk. */
export class Persistence {
  readonly log: SessionLog;
  readonly checkpoints: Checkpoints;
  #run?: RunCheckpoint;
  /** Checkpoints were given up for this session (the project is too large). */
  #off = false;

  private constructor(log: SessionLog, checkpoints: Checkpoints) {
    this.log = log;
    this.checkpoints = checkpoints;
  }

  /** Opens the session's files, or says why it cannot (no access to the data dir). */
  static open(options: PersistenceOptions): { persistence?: Persistence; unavailable?: string } {
    const dataDir = options.dataDir ?? userDataDir();
    const unavailable = storeUnavailable(dataDir);
    if (unavailable || !dataDir) return { unavailable };
    const store = projectStore(dataDir, options.cwd);
    const log = new SessionLog({
      dir: store.sessions,
      sessionId: options.sessionId,
      cwd: options.cwd,
      secrets: options.secrets,
    });
    const checkpoints = checkpointsFor(dataDir, options.cwd, options.sessionId);
    return { persistence: new Persistence(log, checkpoints) };
  }

  /** Saves an event; returns a warning when the session can no longer be saved. */
  record(event: AgentEvent): string | undefined {
    if (this.#run) this.#watch(event);
    return this.log.record(event);
  }

  /**
   * Starts the snapshot before prompt number `prompt`. `warn` receives a message if it
   * fails (the prompt then runs without a checkpoint).
   */
  startRun(prompt: number, title: string, warn: (message: string) => void): void {
    const before = this.#off ? Promise.resolve(undefined) : (async () => {
      // One timer turn first: the prompt's model request goes out before the walk starts.
      await new Promise((resolve) => setTimeout(resolve, 0));
      try {
        return await this.checkpoints.beforePrompt(prompt, title);
      } catch (error) {
        // A tree too large is too large for every prompt: say it once.
        if (error instanceof TooManyFilesError) this.#off = true;
        warn(`No checkpoint before this prompt (undo will not cover it): ${messageOf(error)}`);
        return undefined;
      }
    })();
    this.#run = { before, kinds: new Map(), mayHaveChanged: false, changes: [] };
  }

  /** Resolves once the snapshot before the running prompt is stored (or failed). */
  async gate(): Promise<void> {
    await this.#run?.before;
  }

  /** Takes the snapshot after the running prompt (if any); `warn` hears of a failure. */
  async endRun(warn: (message: string) => void): Promise<void> {
    const run = this.#run;
    this.#run = undefined;
    const id = await run?.before;
    if (!run || !id) return;
    try {
      await this.checkpoints.afterPrompt(id, run.mayHaveChanged, run.changes);
    } catch (error) {
      warn(`Could not take the checkpoint after this prompt: ${messageOf(error)}`);
    }
  }

  async close(): Promise<void> {
    this.log.close();
    await this.checkpoints.flush();
  }

  /** Notes what the running prompt's tools may have changed. */
  #watch(event: AgentEventBody): void {
    const run = this.#run!;
    if (event.type === "tool_call_started") run.kinds.set(event.callId, event.kind);
    if (event.type !== "tool_call_ended") return;
    // A read tool changes nothing; any other that was not refused may have.
    if (run.kinds.get(event.callId) !== "read" && event.outcome !== "denied") {
      run.mayHaveChanged = true;
    }
    if (event.changes) run.changes.push(...event.changes);
  }
}

/** A session's checkpoints in the data directory (never snapshotting the directory itself). */
export function checkpointsFor(dataDir: string, cwd: string, sessionId: string): Checkpoints {
  // A data directory inside the project (NANOCODER_DATA_DIR=.data) is never snapshotted.
  const rel = relative(cwd, dataDir);
  const inside = rel && !rel.startsWith("..") && !isAbsolute(rel) ? [resolve(dataDir)] : [];
  return new Checkpoints({
    cwd,
    dir: projectStore(dataDir, cwd).checkpoints,
    sessionId,
    skip: inside,
  });
}

/**
 * The persistence a session's options ask for: none with `persist: false`, else the
 * session's files, or a warning saying why they cannot be kept.
 */
export function openPersistence(
  options: { persist?: boolean; dataDir?: string },
  project: { cwd: string; warnings: string[] },
  sessionId: string,
  secrets: readonly string[],
): { persistence?: Persistence; unavailable?: string } {
  if (options.persist === false) return { unavailable: "this session is not saved" };
  const opened = Persistence.open({
    cwd: project.cwd,
    sessionId,
    secrets,
    dataDir: options.dataDir,
  });
  if (opened.unavailable) project.warnings.push(`Sessions and undo are off: ${opened.unavailable}`);
  return opened;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
