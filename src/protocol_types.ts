/**
 * The values the contract's messages carry (src/protocol.ts, which exports them all):
 * modes, tool kinds and activities, content blocks, usage figures, approval options,
 * error codes, the model's task items, checkpoints. Imports nothing.
 */

/** How much the agent may do without asking. */
export type AgentMode = "normal" | "auto-accept" | "yolo" | "plan";

/** How tool calls travel: the API's `tool_calls`, text formats, or both (`auto`). */
export type ToolCallingMode = "native" | "xml" | "json" | "auto";

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

/** One piece of a prompt. */
export type ContentBlock =
  | { type: "text"; text: string }
  /**
   * A file the user points at (an editor's `@file`): `text` as given, else the engine
   * reads `path` (relative to the session's directory, or absolute).
   */
  | { type: "file"; path: string; text?: string }
  /** An image, base64-encoded (`data` without the `data:` prefix). */
  | { type: "image"; mimeType: string; data: string }
  /** An MCP server's resource (`@server:uri`): `text` as given, else the engine reads it. */
  | { type: "mcp_resource"; server: string; uri: string; text?: string }
  /**
   * An MCP server's prompt (`/mcp__server__prompt args`): the engine gets its messages
   * from the server and puts their text in the prompt (`text` once resolved).
   */
  | {
    type: "mcp_prompt";
    server: string;
    name: string;
    arguments?: Record<string, string>;
    text?: string;
  };

/** A prompt an MCP server offers, with its arguments (the TUI's `/mcp__server__name`). */
export interface McpPromptInfo {
  name: string;
  description?: string;
  arguments: { name: string; description?: string; required?: boolean }[];
}

/** A resource an MCP server lists (for `@server:uri` completion). */
export interface McpResourceInfo {
  server: string;
  uri: string;
  name: string;
  description?: string;
  mimeType?: string;
}

/** One field of an MCP elicitation form (a flat JSON Schema property). */
export interface ElicitationField {
  type: "string" | "number" | "integer" | "boolean" | "array";
  title?: string;
  description?: string;
  default?: unknown;
  enum?: string[];
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

/** A tool the model can call now. */
export interface ToolInfo {
  name: string;
  kind: ToolKind;
  source: "builtin" | "mcp";
}

/** A tool that exists but cannot be used here, and why (a missing permission...). */
export interface DisabledToolInfo {
  name: string;
  reason: string;
}

/** Life of an MCP server connection. */
export type McpServerState =
  | "connecting"
  | "connected"
  | "failed"
  | "disabled"
  /** The server wants a sign-in (OAuth); the error names the command (`nanocoder mcp login`). */
  | "needs_login";

/** The answers an approval request accepts. */
export type ApprovalOption = "allow_once" | "allow_always" | "reject_once" | "reject_always";

/**
 * What an "always" answer covers: a command prefix (`npm test`), one tool, or one MCP
 * server. `key` identifies the allowance; `label` is what a person is shown.
 */
export interface ApprovalScope {
  key: string;
  label: string;
}

/** What a tool says about a call before it runs (in every mode, not only when asking). */
export interface ToolCallPreview {
  /** Unified diff of the write it would make. */
  diff?: string;
  /** The files it would change, before and after. */
  changes?: FileChange[];
  /** Why this call deserves a careful look (a dangerous command...). */
  warning?: string;
}

/** How a tool call ended. */
export type ToolOutcome = "ok" | "failed" | "denied" | "cancelled";

/** Why a prompt's run ended. */
export type DoneReason = "completed" | "max_turns" | "cancelled" | "error";

/** Why the model stopped writing its last message, when the server said so. */
export type StopReason = "end_turn" | "max_tokens" | "refusal";

/** Machine-readable reason of an `error` event. */
export type ErrorCode =
  // The model server (src/errors.ts ProviderErrorCode; the engine checks they agree).
  | "unreachable"
  | "unauthorized"
  | "unknown_model"
  | "context_length_exceeded"
  | "rate_limited"
  | "server_error"
  | "bad_request"
  | "timeout"
  | "stream_dropped"
  | "bad_response"
  | "tools_unsupported"
  // The session.
  /** Invalid config, unknown provider, no model, unreadable prompt file. */
  | "config_error"
  /** A prompt arrived while another one runs (it is refused, not queued). */
  | "busy"
  /** An op the engine cannot act on (unknown call id, a closed session...). */
  | "invalid_op"
  | "max_turns"
  | "repeated_tool_failure"
  /** A rewind would overwrite files changed since the checkpoint (pass `force`). */
  | "conflict"
  /** Something this session cannot offer (checkpoints off: no data directory access). */
  | "unavailable"
  /** A bug: please report it. */
  | "engine_error";

/** How far an item of the model's task list is. */
export type TaskStatus = "pending" | "in_progress" | "completed";

/** One item of the task list the model keeps with `write_tasks`. */
export interface TaskItem {
  title: string;
  status: TaskStatus;
  description?: string;
}

/**
 * A point the project's files can be rewound to: the files as they were before a prompt
 * ran, or before a rewind (so a rewind can be undone too).
 */
export interface CheckpointInfo {
  id: string;
  kind: "prompt" | "rewind";
  /** For a prompt: its 1-based number in the conversation. */
  prompt?: number;
  /** The prompt's first line, or what the rewind did. */
  title: string;
  /** ISO time the checkpoint was taken. */
  createdAt: string;
  /** Project-relative files the prompt (or rewind) changed, once it ended. */
  files?: string[];
  /** A later rewind undid this prompt's changes. */
  undone: boolean;
}
