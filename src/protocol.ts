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
 * The values these messages carry (modes, tool kinds, content blocks, usage, task items,
 * checkpoints…) are in protocol_types.ts and exported from here too; neither file
 * imports anything else, so frontends can depend on this one alone.
 */

import type {
  AgentMode,
  ApprovalOption,
  ApprovalScope,
  CheckpointInfo,
  ContentBlock,
  DisabledToolInfo,
  DoneReason,
  ElicitationField,
  ErrorCode,
  FileChange,
  McpPromptInfo,
  McpResourceInfo,
  McpServerState,
  StopReason,
  TaskItem,
  ToolActivity,
  ToolCallingMode,
  ToolCallPreview,
  ToolInfo,
  ToolKind,
  ToolLocation,
  ToolOutcome,
  UsageInfo,
} from "./protocol_types.ts";

export type * from "./protocol_types.ts";

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
  /** Answered by `checkpoints`: the points the project's files can be rewound to. */
  | { type: "list_checkpoints" }
  /**
   * Restores the project's files (while idle; answered by `rewound`, or `error` with code
   * `conflict` when a file changed since and `force` is not set). `to`: a checkpoint id
   * (the files as they were before it); else the last `prompts` prompts not yet undone
   * (default 1); `redo`: undoes the last rewind instead. `conversation` also cuts the
   * conversation back to before that prompt.
   */
  | {
    type: "rewind";
    to?: string;
    prompts?: number;
    redo?: boolean;
    conversation?: boolean;
    force?: boolean;
  }
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
  /**
   * Runs a command the person typed (a frontend's `!ls`) in the project directory without
   * asking: answered like a prompt's run (`tool_call_started` with `origin: "user"`,
   * `tool_output`, `tool_call_ended`, `done`). The model gets its output with the next
   * prompt. Refused (`busy`) while a run goes.
   */
  | { type: "shell"; command: string }
  /**
   * Starts the conversation afresh: the model forgets it (settings and "always" answers
   * stay). Answered by `conversation_cleared`; refused (`busy`) while a run goes.
   */
  | { type: "clear" };

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
    /**
     * Set when the session continues a saved one (its transcript is in `transcript()`).
     * `mode`: the mode the saved session was last switched to (its last `mode_changed`),
     * for a frontend that goes on in it; the session itself starts in `mode`.
     */
    resumed?: { title: string; prompts: number; mode?: AgentMode };
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
    /**
     * What happens next: `allow` (it runs now), `ask` (an `approval_request` follows) or
     * `deny` (it ends denied without running). Absent for a call that cannot run at all
     * (unknown tool, invalid arguments): it ends `failed`.
     */
    approval?: "allow" | "ask" | "deny";
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
    /**
     * What the call found, absolute (a search's first matches, with their lines): where a
     * frontend that follows along goes next. Absent when the call found no places.
     */
    locations?: ToolLocation[];
  }
  | { type: "usage"; usage: UsageInfo }
  | { type: "compaction_started"; reason: "requested" | "auto" | "overflow" }
  /** Always follows `compaction_started` (equal figures when there was nothing to compact). */
  | {
    type: "compacted";
    tokensBefore: number;
    tokensAfter: number;
    summary?: string;
    /** What the request that wrote the summary cost: the server's figures, else estimates. */
    usage?: {
      promptTokens: number;
      completionTokens: number;
      totalTokens: number;
      source: "server" | "estimate";
    };
  }
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
  /** The model's task list changed (`write_tasks`); also after a resumed session's start. */
  | { type: "tasks_updated"; tasks: TaskItem[] }
  /** Answers `list_checkpoints`, oldest first. */
  | { type: "checkpoints"; checkpoints: CheckpointInfo[] }
  /**
   * Answers `rewind`: the project-relative files put back, brought back (deleted since)
   * and removed (created since), and those that could not be (too large to snapshot).
   * `checkpointId` is the new checkpoint that undoes this rewind.
   */
  | {
    type: "rewound";
    checkpointId: string;
    target: string;
    restored: string[];
    created: string[];
    removed: string[];
    skipped: string[];
    /** The conversation was cut back to before this prompt (1-based). */
    conversation?: { toPrompt: number };
  }
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
    /** As `tool_call_started` said. */
    activity: ToolActivity;
    title: string;
    /** Where it looked (`tool_call_started`), or what it found (`tool_call_ended`). */
    locations?: ToolLocation[];
    arguments: Record<string, unknown>;
    outcome: ToolOutcome;
    /** What the model was told. */
    result: string;
    changes?: FileChange[];
    exitCode?: number | null;
  }
  | { type: "compaction"; tokensBefore: number; tokensAfter: number; summary?: string };
