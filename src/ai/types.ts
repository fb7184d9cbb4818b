/**
 * Wire-level types of the OpenAI-compatible chat API, as the engine uses them.
 * Kept free of any SDK so the client and the tests share one vocabulary.
 */

/** A function call the model asked for (native `tool_calls` or parsed from text). */
export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** A part of a user message that carries more than text (OpenAI's content parts). */
export type UserContentPart =
  | { type: "text"; text: string }
  /** An image as a `data:` URL (or an http URL the server fetches). */
  | { type: "image_url"; image_url: { url: string } };

/** One message of the conversation in the OpenAI chat format. */
export type ChatMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | UserContentPart[] }
  | {
    role: "assistant";
    content: string | null;
    tool_calls?: ToolCall[];
    /** Reasoning text kept for display and history; not sent back unless a provider wants it. */
    reasoning?: string;
    /** Copied from ChatResult.replay: what this provider needs back verbatim. */
    replay?: ProviderReplay;
  }
  | { role: "tool"; tool_call_id: string; content: string; name?: string };

/** A tool as sent to the model. */
export interface ToolSpec {
  type: "function";
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/** Token usage as the server reported it. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** What the agent asks the client for. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools?: ToolSpec[];
  temperature?: number;
  /** Output limit; when unset the client derives one from `contextWindow` (local servers). */
  maxTokens?: number;
  /**
   * The context window the engine budgets with (resolveContextWindow). The client uses it
   * for the default output limit, so an answer never runs past the window.
   */
  contextWindow?: number;
  /**
   * How hard a reasoning model thinks (Nanocoder's `tune.modelParameters.reasoningEffort`):
   * `reasoning_effort` on OpenAI-compatible servers, a thinking budget on Anthropic and Gemini.
   */
  reasoningEffort?: "minimal" | "low" | "medium" | "high";
  /** Sampling settings (`tune.modelParameters`), each sent in the wire's own field when set. */
  topP?: number;
  topK?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  stop?: string[];
  /** Defaults to true: stream with SSE. */
  stream?: boolean;
}

/** Events a streaming chat call reports while it runs. */
export type ChatStreamEvent =
  | { type: "text_delta"; text: string }
  | { type: "reasoning_delta"; text: string }
  | { type: "tool_call_delta"; index: number; id?: string; name?: string; argumentsDelta?: string }
  /** A retryable failure: the call waits `delayMs` and tries again. */
  | { type: "retry"; attempt: number; delayMs: number; reason: string }
  /**
   * The stream dropped after some output and the turn is being requested again:
   * consumers discard what they showed of this turn so far.
   */
  | { type: "restart"; reason: string };

/**
 * Parts of an assistant message a native provider needs back word for word on the next
 * request: Anthropic's signed thinking blocks, Gemini's thought signatures. Opaque to the
 * engine, which copies it from the ChatResult onto the history message; other providers
 * ignore it.
 */
export interface ProviderReplay {
  wire: "anthropic" | "google";
  data: unknown;
}

/**
 * Why the model stopped, in OpenAI's words whatever the wire: "stop", "length" (the output
 * limit cut it off), "tool_calls", "content_filter"; other servers' values pass through.
 */
export type FinishReason = string;

/** A complete assistant message: tools run only from this, never from partial output. */
export interface ChatResult {
  content: string;
  reasoning: string;
  toolCalls: ToolCall[];
  usage?: Usage;
  finishReason: FinishReason | null;
  /** Present when the provider needs part of this message back verbatim. */
  replay?: ProviderReplay;
}

/** Options of one chat call. */
export interface ChatOptions {
  signal?: AbortSignal;
  onEvent?: (event: ChatStreamEvent) => void;
}

/** A chat client: OpenAI-compatible, or a native wire (Anthropic, Gemini) behind the same shape. */
export interface ChatClient {
  /** The base URL, for messages. */
  readonly baseUrl: string;
  chat(request: ChatRequest, options?: ChatOptions): Promise<ChatResult>;
  /** `GET /models`: the ids the server serves. */
  listModels(signal?: AbortSignal): Promise<string[]>;
}
