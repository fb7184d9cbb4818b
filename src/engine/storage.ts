/**
 * Saved sessions and checkpoints without a running session: what `nanocoder sessions`,
 * `nanocoder undo`, a TUI's /resume picker or an ACP `session/list` need. Loaded by the
 * facade (mod.ts) on first use.
 */
import { join } from "node:path";
import type { AgentEventBody } from "../protocol.ts";
import { ConfigError } from "../errors.ts";
import {
  type ExportFormat,
  exportSession as render,
  findSession,
  listSessions as list,
  loadSession,
  parseAge,
  projectStore,
  type PruneResult,
  pruneSessions as prune,
  type SessionInfo,
  storeUnavailable,
  userDataDir,
} from "../sessions/mod.ts";
import { openAppendSync, writeAllSync } from "../sessions/private_files.ts";
import { rewindOp } from "./rewind.ts";
import { checkpointsFor } from "./persistence.ts";

/** Where to look: the data directory (default: `userDataDir()`). */
export interface StoreOptions {
  dataDir?: string;
}

/** What `rewindProject` should do (the `rewind` op's fields, and which session). */
export interface ProjectRewind extends StoreOptions {
  /** A session reference as `resume` takes it (default: the latest session). */
  session?: string;
  to?: string;
  prompts?: number;
  redo?: boolean;
  force?: boolean;
  conversation?: boolean;
}

function dataDirOrThrow(options: StoreOptions): string {
  const dataDir = options.dataDir ?? userDataDir();
  const unavailable = storeUnavailable(dataDir);
  if (unavailable || !dataDir) {
    throw new ConfigError(`Saved sessions are unavailable: ${unavailable}`);
  }
  return dataDir;
}

/** The saved sessions of the project at `cwd` (of every project with `all`), newest first. */
export async function listSessions(
  cwd: string,
  options: StoreOptions & { all?: boolean } = {},
): Promise<SessionInfo[]> {
  const dataDir = dataDirOrThrow(options);
  if (!options.all) return await list(projectStore(dataDir, cwd).sessions);
  const root = join(dataDir, "sessions");
  let folders: string[] = [];
  try {
    folders = [...Deno.readDirSync(root)].filter((e) => e.isDirectory).map((e) => e.name);
  } catch {
    // No sessions yet.
  }
  const all = (await Promise.all(folders.map((f) => list(join(root, f))))).flat();
  return all.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
}

/** A session of the project by reference (id or its start, `last`, number); ConfigError if none. */
export async function findProjectSession(
  cwd: string,
  ref: string,
  options: StoreOptions = {},
): Promise<SessionInfo> {
  const found = findSession(await listSessions(cwd, options), ref);
  if (!found) {
    throw new ConfigError(
      `Session not found: "${ref}" (nanocoder sessions lists this project's sessions)`,
    );
  }
  return found;
}

/** A saved session as Markdown or JSON. */
export async function exportSession(
  cwd: string,
  ref: string,
  format: ExportFormat,
  options: StoreOptions = {},
): Promise<string> {
  return render(await loadSession(await findProjectSession(cwd, ref, options)), format);
}

/** Deletes sessions unchanged for `olderThan` (`30d`, `12h`, `2w`); UsageError for a bad age. */
export async function pruneSessions(
  olderThan: string,
  options: StoreOptions & { cwd?: string; dryRun?: boolean } = {},
): Promise<PruneResult> {
  const age = parseAge(olderThan);
  return await prune(dataDirOrThrow(options), age, { cwd: options.cwd, dryRun: options.dryRun });
}

/** The checkpoints of a session of the project (default: the latest). */
export async function listProjectCheckpoints(
  cwd: string,
  options: StoreOptions & { session?: string } = {},
) {
  const { checkpoints, info } = await openCheckpoints(cwd, options);
  return { session: info, checkpoints: await checkpoints.list() };
}

/**
 * Restores the project's files to a checkpoint of a session (default: before the last
 * prompt of the latest session), as the `rewind` op does: answers with the events the op
 * would (`rewound`, or `error` with code `conflict`, `invalid_op`…, and notices). With
 * `conversation`, the session's saved conversation is cut back too.
 */
export async function rewindProject(
  cwd: string,
  request: ProjectRewind = {},
): Promise<{ session: SessionInfo; events: AgentEventBody[] }> {
  const { checkpoints, info } = await openCheckpoints(cwd, request);
  const prompts = request.conversation
    ? (await loadSession(info)).transcript.filter((i) => i.type === "user").length
    : 0;
  const events = await rewindOp(checkpoints, undefined, { type: "rewind", ...request }, prompts);
  await checkpoints.flush();
  const rewound = events.find((e) => e.type === "rewound");
  if (rewound?.type === "rewound" && rewound.conversation) {
    // Saved like the engine saves it: a resumed session replays the cut.
    const file = openAppendSync(info.file);
    try {
      const line = { ...rewound, sessionId: info.id };
      writeAllSync(file, new TextEncoder().encode(`${JSON.stringify(line)}\n`));
    } finally {
      file.close();
    }
  }
  return { session: info, events };
}

async function openCheckpoints(cwd: string, options: StoreOptions & { session?: string }) {
  const dataDir = dataDirOrThrow(options);
  const sessions = await listSessions(cwd, { dataDir });
  const info = options.session ? findSession(sessions, options.session) : sessions[0];
  if (!info) {
    throw new ConfigError(
      options.session
        ? `Session not found: "${options.session}" (nanocoder sessions lists this project's sessions)`
        : "No saved session in this project: nothing to undo",
    );
  }
  return { checkpoints: checkpointsFor(dataDir, cwd, info.id), info };
}
