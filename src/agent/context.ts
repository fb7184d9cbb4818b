/**
 * What the agent loop asks of context management, so the loop stays independent of
 * tokenizers: before a request the manager may compact the history (in place); after
 * a response it reports usage. It counts the request as it is sent: the system prompt
 * of that request (built from the live state) and the tools offered with it.
 */
import type { AgentEventBody, UsageInfo } from "../protocol.ts";
import type { ChatMessage, ChatResult, ToolSpec } from "../ai/types.ts";

/** What a request sends besides the history. */
export interface RequestShape {
  system: string;
  tools: ToolSpec[];
}

/** Options of `beforeRequest`. */
export interface BeforeRequestOptions {
  /** Compact even when the history fits (the `compact` op). */
  force: boolean;
  signal: AbortSignal;
  /** The server just said the context is full: shrink harder. */
  afterOverflow?: boolean;
}

/** Keeps the conversation inside the model's context window. */
export interface ContextManager {
  /** The model's window in tokens. */
  readonly window: number;
  beforeRequest(
    history: ChatMessage[],
    request: RequestShape,
    options: BeforeRequestOptions,
  ): AsyncGenerator<AgentEventBody, void>;
  afterResponse(
    history: ChatMessage[],
    request: RequestShape,
    result: ChatResult,
  ): AsyncGenerator<AgentEventBody, void>;
  /** The figures for the history as it stands (after a compaction between prompts). */
  usage(history: readonly ChatMessage[], request: RequestShape): UsageInfo;
}
