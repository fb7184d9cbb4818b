/**
 * The engine's public shapes: how a session is opened and what it offers. Types only,
 * so frontends (through mod.ts) pay nothing to import them.
 */
import type {
  AgentEvent,
  AgentMode,
  AgentOp,
  Submission,
  ToolCallingMode,
  TranscriptItem,
} from "../protocol.ts";
import type { McpServerConfig } from "../config/types.ts";
import type {
  EditorFiles,
  EditorTerminal,
  TerminalCommand,
  TerminalOutcome,
} from "../tools/tool.ts";

export type { EditorFiles, EditorTerminal, McpServerConfig, TerminalCommand, TerminalOutcome };

/** How to open a session; every field is optional. */
export interface EngineOptions {
  /** Project directory (default: the process's current directory); must exist. */
  cwd?: string;
  /** A provider from config, or a preset name (ollama, lmstudio, llamacpp, vllm...). */
  provider?: string;
  model?: string;
  /** An OpenAI-compatible server without any config file. */
  baseUrl?: string;
  apiKey?: string;
  /** Approval mode (default "normal"). */
  mode?: AgentMode;
  /** The context window of the model chosen at open, overriding config and the server. */
  contextMax?: number;
  /** Model requests per prompt before a run stops (default 100). */
  maxTurns?: number;
  /** How tool calls travel, for every model of the session (default: per provider/model). */
  toolCalling?: ToolCallingMode;
  /** Run shell commands in the OS sandbox. */
  sandbox?: boolean;
  /** Honour the project's own MCP servers (it is the user's directory). */
  trustDirectory?: boolean;
  /** MCP servers to start besides the configured ones (an editor's, over ACP). */
  mcpServers?: Record<string, McpServerConfig>;
  /**
   * MCP servers connect once the first model request is answered (their start-up never
   * delays the first answer), or once this settles if sooner: a frontend that shows what
   * servers offer before the first prompt (ACP's command list) settles it when idle.
   */
  startMcpWhen?: Promise<unknown>;
  /** The session's id (default: a random UUID). */
  sessionId?: string;
  /** The conversation to continue from (a resumed session's transcript). */
  history?: TranscriptItem[];
  /**
   * Continue the project's latest saved session: its transcript, id, task list and
   * checkpoints (a warning, and a fresh session, when there is none).
   */
  continue?: boolean;
  /**
   * Resume a saved session of the project: its id (or a unique start of it), `last`, or
   * its 1-based number in `listSessions` (newest first). ConfigError when none matches.
   */
  resume?: string;
  /** Save the session and take checkpoints for undo (default true). */
  persist?: boolean;
  /** Where sessions and checkpoints are kept (default: `userDataDir()`). */
  dataDir?: string;
  /** Open without a model (only `list_models` will be asked). */
  modelOptional?: boolean;
  /**
   * The editor's files and terminals (an ACP client's `fs` and `terminal`): file tools
   * read and write through `files`, `execute_bash` runs in `terminal` (not when the
   * sandbox is on). Path confinement, `.git` and stale-edit checks apply as on disk.
   */
  editor?: { files?: EditorFiles; terminal?: EditorTerminal };
}

/**
 * A session: ops in, one event stream out. The first event is `session_configured`.
 * Ops are taken at any time; a prompt while another one runs is refused (`busy`).
 */
export interface Engine {
  readonly sessionId: string;
  /** Queues an op; returns its submission id (the `runId` of a prompt's events). */
  submit(input: AgentOp | Submission): string;
  /**
   * The session's events, from the first one on; ends after `close()`. One reader: a
   * second call throws.
   */
  events(): AsyncIterableIterator<AgentEvent>;
  /** The conversation so far, in protocol terms (seeded history included). */
  transcript(): TranscriptItem[];
  /** Cancels a running prompt, waits for it to stop, shuts MCP servers down. */
  close(): Promise<void>;
}
