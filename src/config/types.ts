/**
 * The resolved configuration the engine runs with, after files, env vars and flags
 * are merged and validated. Shapes follow Nanocoder's `agents.config.json` so users
 * can switch without rewriting their config.
 */

/** How tool calls travel: the API's `tool_calls`, text formats, or both. */
export type ToolCallingMode = "native" | "xml" | "json" | "auto";

/**
 * Which wire format a provider speaks (Nanocoder's `sdkProvider`): the OpenAI-compatible
 * API (the default, also when absent), Anthropic's Messages API or Google's Gemini API.
 */
export type SdkProvider = "openai-compatible" | "anthropic" | "google";

/** One model provider (OpenAI-compatible unless `sdkProvider` says otherwise). */
export interface ProviderConfig {
  name: string;
  /** Wire format; absent means "openai-compatible". */
  sdkProvider?: SdkProvider;
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
  /** A PEM bundle of CAs trusted for this provider's TLS (a private or self-signed CA). */
  caCertPath?: string;
  /** How long an idle connection stays in the pool, in ms (Nanocoder's `connectionPool.idleTimeout`). */
  poolIdleTimeoutMs?: number;
  /**
   * Fields added to every request body (OpenAI-compatible wire): the `openrouter` block
   * (provider routing, reasoning, plugins, fallback models, service tier, extra body).
   * The request's own fields (model, messages, tools, stream) always win.
   */
  requestBody?: Record<string, unknown>;
  /** This provider's `tune` (Nanocoder's per-provider defaults; the top-level `tune` wins). */
  tune?: TuneSettings;
}

/** Sampling and reasoning settings sent with every request (`tune.modelParameters`). */
export interface ModelParameters {
  temperature?: number;
  topP?: number;
  topK?: number;
  maxTokens?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  stop?: string[];
  reasoningEffort?: "minimal" | "low" | "medium" | "high";
}

/** Nanocoder's `tune`, the parts that mean something here. */
export interface TuneSettings {
  /** `false` turns the whole block off (Nanocoder's `enabled`). */
  enabled?: boolean;
  /** How tool calls travel by default: "native" (the API's), "xml" or "json" (as text). */
  toolMode?: "native" | "xml" | "json";
  /** `false`: AGENTS.md is not added to the system prompt. */
  includeAgentsMd?: boolean;
  modelParameters?: ModelParameters;
}

/** `systemPrompt`, with its file already read. */
export interface SystemPromptSettings {
  /** "replace": the text is the whole prompt (no built-in text, no AGENTS.md); "append": added at the end. */
  mode: "replace" | "append";
  content: string;
  /** Where the text came from (a config file, or the prompt file it names), for messages. */
  source: string;
}

/** `autoCompact`: when and how the conversation is compacted before a request. */
export interface AutoCompactSettings {
  /** `false`: no compaction before a request (a server's "context full" still compacts once). */
  enabled: boolean;
  /** Compact once the request fills this percentage of the window (50-95). */
  threshold: number;
  /** "llm": the model summarises older turns; "mechanical": they are truncated, no model call. */
  strategy: "llm" | "mechanical";
  /** How hard the mechanical strategy truncates. */
  mode: "conservative" | "default" | "aggressive";
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
    /** OAuth settings (Claude Code's `oauth`); servers that need none omit it. */
    oauth?: McpOAuthConfig;
    timeoutMs?: number;
    enabled?: boolean;
    /** Tools of this server that run without approval (Nanocoder's `alwaysAllow`). */
    alwaysAllow?: string[];
  };

/**
 * How nanocoder signs in to an HTTP MCP server. Without it, a server that answers 401 gets
 * the browser sign-in (`nanocoder mcp login`) with dynamic client registration.
 */
export interface McpOAuthConfig {
  /** A client registered in advance with the authorization server (no registration). */
  clientId?: string;
  clientSecret?: string;
  /** Scopes to ask for when the server names none. */
  scopes?: string[];
  /** Fixed loopback port of the redirect URI, for servers that registered one. */
  callbackPort?: number;
  /** An https URL of a client ID metadata document, used where the server supports it. */
  clientMetadataUrl?: string;
  /**
   * `client_credentials`: machine sign-in with `clientId` and `clientSecret` or `privateKey`;
   * `identity_assertion`: enterprise sign-in with an ID token from the identity provider.
   */
  grant?: "authorization_code" | "client_credentials" | "identity_assertion";
  /** PEM private key for `private_key_jwt` (with `grant: "client_credentials"`). */
  privateKey?: string;
  /** Signing algorithm of `privateKey`, default RS256. */
  signingAlgorithm?: string;
  /** `identity_assertion`: the user's ID token, the IdP's token endpoint and client ID. */
  idToken?: string;
  idpTokenEndpoint?: string;
  idpClientId?: string;
}

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

/** What `web_fetch` may reach besides public addresses (Nanocoder-style `webFetch` block). */
export interface WebFetchSettings {
  /** Allow loopback, private, link-local and metadata addresses (default false). */
  allowPrivate: boolean;
  /** Hosts fetched even when they resolve to such an address, e.g. `"localhost:3000"`. */
  allowHosts: string[];
}

/** Everything from config files and env vars, validated. */
export interface NanocoderConfig {
  providers: ProviderConfig[];
  /**
   * The provider used when none is named (`--provider`, `--base-url`...): the user's own
   * first provider (or the trusted project's first). Undefined when there is none that
   * may be picked by default.
   */
  defaultProvider?: string;
  /**
   * Providers only the project's own files define while the directory is not trusted:
   * never picked by default, used only when named with `--provider` (with a warning).
   */
  untrustedProviders?: string[];
  /**
   * The model used last with each provider (`providerModels` of the preferences): a
   * provider's default model when no `--model` names one and it is still in its list.
   */
  lastModels?: Record<string, string>;
  mcpServers: Record<string, McpServerConfig>;
  bash: BashSettings;
  webSearch?: WebSearchSettings;
  /** Run shell commands in an OS sandbox (bubblewrap / sandbox-exec). */
  sandbox: boolean;
  /** Directories outside the project that file tools may touch. */
  allowedDirs: string[];
  /** Tools that run without approval (Nanocoder's top-level `alwaysAllow`), in every mode. */
  alwaysAllow: string[];
  /** Private-address opt-ins of `web_fetch`. */
  webFetch: WebFetchSettings;
  /** Tools may write inside `.git/` (hooks, config) only when this is true. */
  allowGitWrites: boolean;
  /** Tools never offered (Nanocoder's `disabledTools`, its tool names mapped: tool_names.ts). */
  disabledTools?: string[];
  /** A custom system prompt (Nanocoder's `systemPrompt`). */
  systemPrompt?: SystemPromptSettings;
  /** When to compact; absent: before a request that would leave no room for the answer. */
  autoCompact?: AutoCompactSettings;
  /** Model turns per prompt: `NANOCODER_MAX_TURNS`, else `headless.maxTurns`. */
  maxTurns?: number;
  /** `NANOCODER_CONTEXT_LIMIT`: the window when neither flags nor the provider give one. */
  contextLimit?: number;
  /** `tune` of the config over the preferences' (the provider's own comes under both). */
  tune?: TuneSettings;
  /** The mode an interactive session starts in (`defaultMode`); `run` always starts in auto-accept. */
  defaultMode?: "normal" | "auto-accept" | "yolo" | "plan";
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

/** Defaults of `webFetch`: public addresses only. */
export const DEFAULT_WEB_FETCH: WebFetchSettings = { allowPrivate: false, allowHosts: [] };
