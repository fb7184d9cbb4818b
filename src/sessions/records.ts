/**
 * What a session file holds: a header line, then the session's events as the protocol
 * defines them (src/protocol.ts), one JSON object per line. Only the events that make up
 * the conversation and its outcome are kept: streaming deltas, command output chunks and
 * approval requests are left out (the complete messages, results and answers are kept).
 */
import type { AgentEvent, ContentBlock } from "../protocol.ts";

/** The first line of a session file. */
export interface SessionHeader {
  type: "session_file";
  version: 1;
  sessionId: string;
  cwd: string;
  createdAt: string;
  /** The nanocoder version that created the file. */
  nanocoder: string;
}

/** One line of a session file. */
export type SessionRecord = SessionHeader | AgentEvent;

/** Events written to the session file. */
const KEPT = new Set<string>([
  "session_configured",
  "run_started",
  "assistant_message",
  "tool_call_started",
  "tool_call_ended",
  "approval_resolved",
  "usage",
  "compacted",
  "mode_changed",
  "notice",
  "error",
  "done",
  "tasks_updated",
  "rewound",
  "conversation_cleared",
]);

/**
 * The event as it is stored, or undefined when it is not kept. A call's preview loses
 * its whole-file texts (the same texts come again, as they ended up, in its end event).
 */
export function storedForm(event: AgentEvent): AgentEvent | undefined {
  if (!KEPT.has(event.type)) return undefined;
  if (event.type === "tool_call_started" && event.preview?.changes) {
    const { changes: _, ...preview } = event.preview;
    return { ...event, preview };
  }
  return event;
}

/** Replaces every known secret (API keys) in a line, raw or as escaped inside JSON. */
export function redact(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) {
    if (secret.length < 6) continue;
    out = out.replaceAll(secret, "[REDACTED]");
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) out = out.replaceAll(escaped, "[REDACTED]");
  }
  return out;
}

/** A session's title: the first line of its first prompt, at most 60 characters. */
export function titleOf(prompt: readonly ContentBlock[]): string {
  const text = prompt.map(blockTitle).join(" ").replace(/\s+/g, " ").trim();
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function blockTitle(block: ContentBlock): string {
  switch (block.type) {
    case "text":
      return block.text;
    case "file":
      return `@${block.path}`;
    case "image":
      return "[image]";
    case "mcp_resource":
      return `@${block.server}:${block.uri}`;
    case "mcp_prompt":
      return `/mcp__${block.server}__${block.name}`;
  }
}
