/**
 * The resolved configuration the engine runs with, after files, env vars and flags
 * are merged and validated. Shapes follow Nanocoder's `agents.config.json` so users
 * can switch without rewriting their config.
 */

/** How tool calls travel: the API's `tool_calls`, text formats, or both. */
export type ToolCallingMode = "native" | "xml" | "json" | "auto";

/** One OpenAI-compatible provider. */
export interface ProviderConfig {
  name: string;
  /** Base URL including `/v1` where the server wants it, e.g. `http://localhost:11434/v1`. */
  baseUrl: string;
  apiKey?: string;
  models: string[];
  /** Context window in tokens, overriding what the server reports. */
  contextWindow?: number;
  /** Context window per model, overriding `contextWindow` (Nanocoder's `contextWindows`). */
  contextWindows?: Record<string, number>;
  /** Models that do not support native tool calls: they get a text format. */
  disableToolModels?: string[];
  /** No native tool calls for any model of this provider (Nanocoder's `disableTools`). */
  disableTools?: boolean;
  toolCalling?: ToolCallingMode;
  /** Tokenizer override: "o200k_base", "cl100k_base", "claude", "llama3", "heuristic". */
  tokenizer?: string;
  /** Extra HTTP headers sent with every request. */
  headers?: Record<string, string>;
  /** Wait for response headers (connect + server queue), default 60 s; 0 = no limit. */
  requestTimeoutMs?: number;
  /** Longest silence between stream chunks, default 120 s; 0 = no limit. */
  idleTimeoutMs?: number;
  /** Retries of 429, 5xx, resets and dropped streams, default 3. */
  maxRetries?: number;
  /** Output token limit: one number, or per model (`{"qwen3-coder": 16384}`). */
  maxTokens?: number | Record<string, number>;
  /** Wire protocol: "openai-compatible" (default), "anthropic", "google" (Nanocoder's field). */
  sdkProvider?: string;
}

/** One MCP server, as Nanocoder's `mcpServers` and Claude Code's `.mcp.json` write it. */
export type McpServerConfig =
  | {
    type?: "stdio";
    command: string;
    args?: string[];
    env?: Record<string, string>;
    cwd?: string;
    /** Timeout of one call in ms, default 60 s. */
    timeoutMs?: number;
    enabled?: boolean;
    /** Tools of this server that run without approval (Nanocoder's `alwaysAllow`). */
    alwaysAllow?: string[];
  }
  | {
    type: "http" | "sse";
    url: string;
    headers?: Record<string, string>;
    timeoutMs?: number;
    enabled?: boolean;
    /** Tools of this server that run without approval (Nanocoder's `alwaysAllow`). */
    alwaysAllow?: string[];
  };

/** Settings of the shell tool. */
export interface BashSettings {
  /** Commands that run without approval, as globs: `"git status"`, `"deno test*"`. */
  allow: string[];
  defaultTimeoutMs: number;
  maxTimeoutMs: number;
}

/** Web search backend. */
export type WebSearchSettings =
  | { backend: "brave"; apiKey: string }
  | { backend: "tavily"; apiKey: string }
  | { backend: "searxng"; url: string }
  | { backend: "duckduckgo" };

/** Everything from config files and env vars, validated. */
export interface NanocoderConfig {
  providers: ProviderConfig[];
  mcpServers: Record<string, McpServerConfig>;
  bash: BashSettings;
  webSearch?: WebSearchSettings;
  /** Run shell commands in an OS sandbox (bubblewrap / sandbox-exec). */
  sandbox: boolean;
  /** Directories outside the project that file tools may touch. */
  allowedDirs: string[];
  /** The files the config was read from, in order of precedence (for messages). */
  sources: string[];
  /** Non-fatal problems found while loading (unset `$VAR`, skipped entries, typos). */
  warnings?: string[];
}

/** Defaults for settings no file gave. */
export const DEFAULT_BASH: BashSettings = {
  allow: [],
  defaultTimeoutMs: 120_000,
  maxTimeoutMs: 600_000,
};
