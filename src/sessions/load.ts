/**
 * Reading a saved session back: its events, and the transcript they make (what the
 * engine seeds a resumed session with). A line that does not parse — the last one cut
 * short by a crash, or any damaged one — is skipped and counted, never fatal.
 */
import type { AgentEvent, TaskItem, TranscriptItem } from "../protocol.ts";
import { replayTranscript } from "../engine/transcript.ts";
import type { SessionInfo } from "./catalog.ts";
import { parseJsonLines } from "./private_files.ts";
import type { SessionRecord } from "./records.ts";

/** A saved session, read back. */
export interface LoadedSession {
  info: SessionInfo;
  events: AgentEvent[];
  transcript: TranscriptItem[];
  /** The model's task list as it last wrote it. */
  tasks: TaskItem[];
  /** Lines that could not be read (cut short by a crash). */
  skipped: number;
}

/** Reads the session `info` points at. */
export async function loadSession(info: SessionInfo): Promise<LoadedSession> {
  const { records, skipped } = parseJsonLines<SessionRecord>(await Deno.readTextFile(info.file));
  const events = records.filter((r): r is AgentEvent =>
    typeof r === "object" && r !== null && typeof r.type === "string" && r.type !== "session_file"
  );
  const { items, tasks } = replayTranscript(events);
  return { info, events, transcript: items, tasks, skipped };
}
