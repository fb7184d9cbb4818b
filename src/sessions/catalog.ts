/**
 * The list of a project's sessions. Each session file is the truth; `index.json` beside
 * them is a cache of what a listing shows, checked against each file's size and mtime,
 * so an entry lost to two processes writing the index at once (or a deleted index) only
 * costs a re-read of that file, never a wrong or broken list. No lock is needed.
 */
import { join } from "node:path";
import type { SessionRecord } from "./records.ts";
import { titleOf } from "./records.ts";
import { parseJsonLines, readJsonOrUndefined, writePrivateFile } from "./private_files.ts";

/** What a listing shows of a session. */
export interface SessionInfo {
  id: string;
  /** The project directory it ran in. */
  cwd: string;
  /** The first prompt, shortened. */
  title: string;
  provider: string;
  model: string;
  /** ISO times. */
  createdAt: string;
  updatedAt: string;
  /** Prompts in the conversation (after any rewind of it). */
  prompts: number;
  /** The session file. */
  file: string;
}

interface IndexFile {
  v: 1;
  sessions: Record<string, SessionInfo & { size: number; mtimeMs: number }>;
}

const INDEX = "index.json";

/** A project's sessions, newest first (by last change). */
export async function listSessions(sessionsDir: string): Promise<SessionInfo[]> {
  const index = await readJsonOrUndefined<IndexFile>(join(sessionsDir, INDEX));
  const cached = index?.v === 1 ? index.sessions : {};
  const next: IndexFile["sessions"] = {};
  let dirty = false;
  let names: string[];
  try {
    names = [...Deno.readDirSync(sessionsDir)]
      .filter((e) => e.isFile && e.name.endsWith(".jsonl"))
      .map((e) => e.name);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  for (const name of names) {
    const file = join(sessionsDir, name);
    const id = name.slice(0, -".jsonl".length);
    let stat: Deno.FileInfo;
    try {
      stat = await Deno.stat(file);
    } catch {
      continue; // Pruned meanwhile.
    }
    const mtimeMs = stat.mtime?.getTime() ?? 0;
    const known = cached[id];
    if (known && known.size === stat.size && known.mtimeMs === mtimeMs) {
      next[id] = known;
      continue;
    }
    const info = summarize(id, file, await Deno.readTextFile(file), mtimeMs);
    if (!info) continue;
    next[id] = { ...info, size: stat.size, mtimeMs };
    dirty = true;
  }
  if (dirty || Object.keys(cached).length !== Object.keys(next).length) {
    // A cache: failing to write it (read-only data dir) costs only speed.
    await writePrivateFile(join(sessionsDir, INDEX), JSON.stringify({ v: 1, sessions: next }))
      .catch(() => {});
  }
  return Object.values(next)
    .map(({ size: _s, mtimeMs: _m, ...info }) => info)
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
}

/**
 * A session's listing from its file, or undefined for a file without a header (not a
 * session). Only the few kinds of lines a listing needs are parsed.
 */
export function summarize(
  id: string,
  file: string,
  text: string,
  mtimeMs: number,
): SessionInfo | undefined {
  const wanted =
    /^\{"type":"(session_file|session_configured|run_started|rewound|conversation_cleared)"/;
  const lines = text.split("\n").filter((line) => wanted.test(line)).join("\n");
  const { records } = parseJsonLines<SessionRecord>(lines);
  const header = records[0]?.type === "session_file" ? records[0] : undefined;
  if (!header) return undefined;
  const info: SessionInfo = {
    id: header.sessionId ?? id,
    cwd: header.cwd,
    title: "",
    provider: "",
    model: "",
    createdAt: header.createdAt,
    updatedAt: new Date(mtimeMs).toISOString(),
    prompts: 0,
    file,
  };
  for (const record of records) {
    switch (record.type) {
      case "session_configured":
        info.provider = record.provider;
        info.model = record.model;
        break;
      case "run_started":
        info.prompts++;
        if (!info.title) info.title = titleOf(record.prompt);
        break;
      case "rewound":
        if (record.conversation) info.prompts = record.conversation.toPrompt - 1;
        break;
      case "conversation_cleared": // what follows is a new conversation: its title, its count
        info.prompts = 0;
        info.title = "";
        break;
    }
  }
  return info;
}

/**
 * The session a user means: `last` (the newest), a 1-based number in the listing
 * (newest first, as `nanocoder sessions` shows), or an id or a unique start of one.
 */
export function findSession(
  sessions: readonly SessionInfo[],
  ref: string,
): SessionInfo | undefined {
  const wanted = ref.trim();
  if (wanted === "last") return sessions[0];
  if (/^\d+$/.test(wanted)) {
    const n = Number(wanted);
    if (n >= 1 && n <= sessions.length) return sessions[n - 1];
  }
  const exact = sessions.find((s) => s.id === wanted);
  if (exact) return exact;
  const prefixed = wanted.length >= 4 ? sessions.filter((s) => s.id.startsWith(wanted)) : [];
  return prefixed.length === 1 ? prefixed[0] : undefined;
}
