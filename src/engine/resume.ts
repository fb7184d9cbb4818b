/**
 * Continuing a saved session: `continue` takes the newest session of the project,
 * `resume` the one a reference names (an id or the start of one, `last`, or its number
 * in `nanocoder sessions`). The engine seeds the new session with its transcript, keeps
 * its id (so it goes on in the same file and the same checkpoints) and its task list.
 */
import type { AgentMode, TaskItem, TranscriptItem } from "../protocol.ts";
import { ConfigError } from "../errors.ts";
import {
  findSession,
  listSessions,
  loadSession,
  projectStore,
  storeUnavailable,
  userDataDir,
} from "../sessions/mod.ts";

/** A saved session to go on with. */
export interface Resumed {
  sessionId: string;
  history: TranscriptItem[];
  tasks: TaskItem[];
  /** What `session_configured.resumed` says. */
  info: { title: string; prompts: number; mode?: AgentMode };
}

/** What to resume, as EngineOptions says it. */
export interface ResumeRequest {
  cwd: string;
  continue?: boolean;
  resume?: string;
  dataDir?: string;
}

/**
 * The session to continue, or undefined (with a warning when `continue` found none).
 * Throws ConfigError for a reference that names no session of this project.
 */
export async function resolveResume(
  request: ResumeRequest,
  warnings: string[],
): Promise<Resumed | undefined> {
  if (!request.continue && request.resume === undefined) return undefined;
  if (request.continue && request.resume !== undefined) {
    throw new ConfigError("Cannot both continue the latest session and resume another one");
  }
  const dataDir = request.dataDir ?? userDataDir();
  const unavailable = storeUnavailable(dataDir);
  if (unavailable || !dataDir) throw new ConfigError(`Cannot read saved sessions: ${unavailable}`);
  const sessions = await listSessions(projectStore(dataDir, request.cwd).sessions);
  const info = request.continue ? sessions[0] : findSession(sessions, request.resume!);
  if (!info) {
    if (request.continue) {
      warnings.push("No previous session found for this directory — starting fresh");
      return undefined;
    }
    throw new ConfigError(
      `Session not found: "${request.resume}" (nanocoder sessions lists this project's sessions)`,
    );
  }
  const loaded = await loadSession(info);
  if (loaded.skipped) {
    warnings.push(
      `${loaded.skipped} damaged line${loaded.skipped === 1 ? " was" : "s were"} skipped in ` +
        `the saved session (a write cut short)`,
    );
  }
  const mode = loaded.events.findLast((event) => event.type === "mode_changed");
  return {
    sessionId: info.id,
    history: loaded.transcript,
    tasks: loaded.tasks,
    info: {
      title: info.title,
      prompts: loaded.transcript.filter((item) => item.type === "user").length,
      ...(mode?.type === "mode_changed" ? { mode: mode.mode } : {}),
    },
  };
}
