/**
 * The one contract between the engine and every frontend (headless `run`, the TUI, the
 * ACP bridge): contract v2.
 *
 * A frontend opens a session (`openEngine` in src/engine/mod.ts), submits ops
 * (`Submission {id, op}`) and reads one stream of events for the whole session. Both are
 * tagged unions on `type`; every event carries the session id, the events of a prompt
 * carry its run id, and events that answer another op carry that op's submission id.
 * `--output-format stream-json` prints exactly these objects, one per line: a stable
 * interface for scripts (fields are only ever added).
 * This file imports nothing, so frontends can depend on it alone.
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
  /** A bug: please report it. */
  | "engine_error";

/** Operations a frontend sends to the engine. */
export type AgentOp =
  /** Starts a run; refused with `error {code: "busy"}` while another one runs. */
  | { type: "prompt"; text: string; content?: undefined }
  | { type: "prompt"; content: ContentBlock[]; text?: undefined }
  /** Answers an `approval_request`; `always` allows the request's scope from now on. */
  | { type: "approve"; callId: string; always?: boolean }
  /** `always` refuses the request's scope from now on without asking. */
  | { type: "deny"; callId: string; reason?: string; always?: boolean }
  /** Stops the running prompt: the stream, waiting approvals, running commands. */
  | { type: "cancel" }
  /** Summarizes the conversation now (while idle), or before the next request. */
  | { type: "compact" }
  /** Answered by `mode_changed`. */
  | { type: "set_mode"; mode: AgentMode }
  /** Answered by a new `session_configured`; applies from the next model request. */
  | { type: "set_model"; provider?: string; model: string }
  /** Answered by `models`. */
  | { type: "list_models" }
  /** Answered by `mcp_resources`: what connected MCP servers list. */
  | { type: "list_mcp_resources" }
  /**
   * Signs in to a remote MCP server (OAuth): answered by `mcp_login_url` (show it, or
   * open it: `openBrowser` lets the engine try the platform's opener), then `mcp_status`.
   */
  | { type: "mcp_login"; server: string; openBrowser?: boolean }
  /** Answers an `elicitation_request`; fields left out of `content` get the defaults. */
  | {
    type: "elicitation_response";
    requestId: string;
    action: "accept" | "decline" | "cancel";
    content?: Record<string, string | number | boolean | string[]>;
  }
  /** The person's `!command`, run unasked; the model gets its output with the next prompt. */
  | { type: "shell"; command: string }
  | /** Forgets the conversation (settings, "always" answers stay). */ { type: "clear" };

/** An op with the id its events answer with (codex's `Submission`). */
export interface Submission {
  id: string;
  op: AgentOp;
}

/** Tags every event carries. */
export interface EventTags {
  sessionId: string;
  /** On the events of a prompt's run (the prompt's submission id). */
  runId?: string;
  /** On events answering another op (set_model, set_mode, compact, list_models...). */
  submissionId?: string;
}

/** Events without their tags: what the turn loop produces. */
export type AgentEventBody =
  /** First event of a session, and again after the provider or model changed. */
  | {
    type: "session_configured";
    sessionId: string;
    cwd: string;
    provider: string;
    model: string;
    mode: AgentMode;
    /** The model's context window in tokens (0 when no model is chosen). */
    contextMax: number;
    toolCalling: ToolCallingMode;
    tools: ToolInfo[];
    disabledTools: DisabledToolInfo[];
    mcpServers: { name: string; state: McpServerState }[];
    /** What the user should know about this configuration (skipped files, untrusted servers). */
    warnings: string[];
  }
  /** A prompt's run begins; its events follow, ending with `done`. */
  | { type: "run_started"; prompt: ContentBlock[] }
  | { type: "turn_start"; turn: number }
  | { type: "text_delta"; text: string }
  | { type: "reasoning_delta"; text: string }
  /** The model's streamed output of this turn so far is void (stream dropped, re-requested). */
  | { type: "turn_restart"; reason: string }
  | { type: "retry"; attempt: number; delayMs: number; reason: string }
  /** A complete assistant message, after streaming. */
  | { type: "assistant_message"; text: string; reasoning: string; stopReason?: StopReason }
  /** A call is about to be decided on and run; everything a frontend shows about it. */
  | {
    type: "tool_call_started";
    callId: string;
    name: string;
    kind: ToolKind;
    activity: ToolActivity;
    /** One line a person reads: "create_file hello.txt", "execute_bash: npm test". */
    title: string;
    locations: ToolLocation[];
    arguments: Record<string, unknown>;
    preview?: ToolCallPreview;
    /** The model wrote this call as text although native tool calls were offered. */
    writtenAsText?: boolean;
    /** "user": the person's command (the `shell` op), not a call the model made. */
    origin?: "user";
  }
  | {
    type: "approval_request";
    callId: string;
    name: string;
    kind: ToolKind;
    title: string;
    arguments: Record<string, unknown>;
    diff?: string;
    changes?: FileChange[];
    warning?: string;
    /** Which answers apply (no "always" for a dangerous command or a call written as text). */
    options: ApprovalOption[];
    /** What an "always" answer would cover. */
    scope?: ApprovalScope;
  }
  /** The answer an `approval_request` got. */
  | {
    type: "approval_resolved";
    callId: string;
    decision: ApprovalOption | "cancelled";
    scope?: ApprovalScope;
  }
  /** Output a running tool produced so far (bash), for progress display. */
  | { type: "tool_output"; callId: string; chunk: string }
  | {
    type: "tool_call_ended";
    callId: string;
    name: string;
    outcome: ToolOutcome;
    /** `outcome === "ok"`. */
    ok: boolean;
    /** The text sent back to the model. */
    result: string;
    /** One line for display. */
    summary?: string;
    diff?: string;
    /** Project-relative paths the call changed. */
    filesChanged?: string[];
    /** Every file the call changed, before and after (absolute paths). */
    changes?: FileChange[];
    /** A command's exit code (null when it was killed). */
    exitCode?: number | null;
  }
  | { type: "usage"; usage: UsageInfo }
  | { type: "compaction_started"; reason: "requested" | "auto" | "overflow" }
  /** Always follows `compaction_started` (equal figures when there was nothing to compact). */
  | { type: "compacted"; tokensBefore: number; tokensAfter: number; summary?: string }
  | { type: "mode_changed"; mode: AgentMode }
  /** A server's state or tools changed. */
  | {
    type: "mcp_status";
    server: string;
    state: McpServerState;
    tools: string[];
    error?: string;
    /** The prompts it offers (when it offers any). */
    prompts?: McpPromptInfo[];
    /** How many resources it lists (when it lists any). */
    resourceCount?: number;
  }
  | { type: "mcp_resources"; resources: McpResourceInfo[] }
  /** Where to sign in to an MCP server (answering `mcp_login`). */
  | { type: "mcp_login_url"; server: string; url: string }
  /**
   * An MCP server asks the user for input (a form). Answer with `elicitation_response`;
   * a frontend that cannot show a form declines. `defaults` are the form's start values.
   */
  | {
    type: "elicitation_request";
    requestId: string;
    server: string;
    message: string;
    fields: Record<string, ElicitationField>;
    required: string[];
    defaults: Record<string, unknown>;
  }
  /** The answer an `elicitation_request` got (or "cancel" when the server withdrew it). */
  | { type: "elicitation_resolved"; requestId: string; action: "accept" | "decline" | "cancel" }
  | { type: "models"; provider: string; models: string[] }
  | { type: "conversation_cleared" }
  | { type: "notice"; level: "info" | "warning"; message: string }
  | { type: "error"; code: ErrorCode; message: string }
  /** The last event of every run (also of a refused prompt, after its `error`). */
  | { type: "done"; reason: DoneReason; finalText: string; stopReason?: StopReason };

/** An event as frontends receive it. */
export type AgentEvent = AgentEventBody & EventTags;

/** One entry of a session's transcript: the conversation in protocol terms. */
export type TranscriptItem =
  | { type: "user"; content: ContentBlock[] }
  | { type: "assistant"; text: string; reasoning?: string }
  | {
    type: "tool_call";
    callId: string;
    name: string;
    kind: ToolKind;
    title: string;
    arguments: Record<string, unknown>;
    outcome: ToolOutcome;
    /** What the model was told. */
    result: string;
    changes?: FileChange[];
    exitCode?: number | null;
  }
  | { type: "compaction"; tokensBefore: number; tokensAfter: number; summary?: string };
