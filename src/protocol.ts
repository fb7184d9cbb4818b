/**
 * The one contract between the engine and every frontend (TUI, headless `run`, ACP bridge).
 *
 * Ops go in, events come out; both are tagged unions on `type`. The turn loop is an
 * async generator of `AgentEvent`, and the bridge serializes exactly these shapes as
 * JSON-RPC, so in-process and out-of-process frontends see the same thing.
 * This file imports nothing from the engine so frontends can depend on it alone.
 */

/** How much the agent may do without asking. */
export type AgentMode = "normal" | "auto-accept" | "yolo" | "plan";

/** What a tool does, which decides how it is approved. */
export type ToolKind = "read" | "write" | "execute" | "network";

/**
 * The finer activity a frontend shows for a tool call (an editor's icon, ACP's tool
 * kind), declared by each tool so that no frontend switches on tool names.
 */
export type ToolActivity =
  | "read"
  | "edit"
  | "delete"
  | "move"
  | "search"
  | "execute"
  | "fetch"
  | "think"
  | "other";

/** A place a tool call touches: an absolute path and, where known, a 1-based line. */
export interface ToolLocation {
  path: string;
  line?: number;
}

/** One file a write changed (or would change): its whole text before and after. */
export interface FileChange {
  /** Absolute path. */
  path: string;
  /** The text before, or null for a file the write creates. */
  oldText: string | null;
  newText: string;
  /** Set when the texts were left out (then both are "") because one is over 1 MiB. */
  omitted?: true;
}

/** Token figures after a model call. */
export interface UsageInfo {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Tokens of context the conversation now fills, and the model's window. */
  contextUsed: number;
  contextMax: number;
  /** contextUsed / contextMax in percent, rounded to one decimal. */
  contextPercent: number;
  /** "server" when the figures came from the server's usage, "estimate" otherwise. */
  source: "server" | "estimate";
}

/** Operations a frontend sends to the engine. */
export type AgentOp =
  | { type: "prompt"; text: string }
  | {
    type: "approve";
    callId: string; /** Approve this tool for the rest of the session. */
    always?: boolean;
  }
  | { type: "deny"; callId: string; reason?: string }
  | { type: "cancel" }
  | { type: "compact" }
  | { type: "set_mode"; mode: AgentMode };

/** Why a prompt's run ended. */
export type DoneReason = "completed" | "max_turns" | "cancelled" | "error";

/** Events the engine sends to frontends. */
export type AgentEvent =
  | { type: "turn_start"; turn: number }
  | { type: "text_delta"; text: string }
  | { type: "reasoning_delta"; text: string }
  /** The model's streamed output of this turn so far is void (stream dropped, re-requested). */
  | { type: "turn_restart"; reason: string }
  | { type: "retry"; attempt: number; delayMs: number; reason: string }
  /** A complete assistant message, after streaming. */
  | { type: "assistant_message"; text: string; reasoning: string }
  | {
    type: "approval_request";
    callId: string;
    name: string;
    kind: ToolKind;
    arguments: Record<string, unknown>;
    /** Unified diff of the write it would make, when it writes. */
    diff?: string;
    /** Why this call deserves a careful look (dangerous command...). */
    warning?: string;
  }
  | {
    type: "tool_call_started";
    callId: string;
    name: string;
    kind: ToolKind;
    arguments: Record<string, unknown>;
  }
  /** Output a running tool produced so far (bash), for progress display. */
  | { type: "tool_output"; callId: string; chunk: string }
  | {
    type: "tool_call_ended";
    callId: string;
    name: string;
    ok: boolean;
    /** The text sent back to the model. */
    result: string;
    /** One line for display. */
    summary?: string;
    diff?: string;
    filesChanged?: string[];
  }
  | { type: "usage"; usage: UsageInfo }
  | { type: "compacted"; tokensBefore: number; tokensAfter: number }
  | { type: "notice"; level: "info" | "warning"; message: string }
  | { type: "error"; message: string; code?: string }
  | { type: "done"; reason: DoneReason; finalText: string };
