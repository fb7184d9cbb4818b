/**
 * What the agent loop asks of context management, so the loop stays independent of
 * tokenizers: before a request the manager may compact the history (in place); after
 * a response it reports usage.
 */
import type { AgentEvent } from "../protocol.ts";
import type { ChatMessage, ChatResult, ToolSpec } from "../ai/types.ts";

/** Options of `beforeRequest`. */
export interface BeforeRequestOptions {
  /** Compact even when the history fits (the `/compact` op). */
  force: boolean;
  signal: AbortSignal;
  /** The server just said the context is full: shrink harder. */
  afterOverflow?: boolean;
}

/** Keeps the conversation inside the model's context window. */
export interface ContextManager {
  /** The window the manager budgets with (the client derives the output limit from it). */
  readonly window?: number;
  beforeRequest(
    history: ChatMessage[],
    tools: ToolSpec[],
    options: BeforeRequestOptions,
  ): AsyncGenerator<AgentEvent, void>;
  afterResponse(
    history: ChatMessage[],
    tools: ToolSpec[],
    result: ChatResult,
  ): AsyncGenerator<AgentEvent, void>;
}
