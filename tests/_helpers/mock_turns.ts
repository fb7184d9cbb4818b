/**
 * What the mock LLM answers: scripted turns, and how a turn becomes SSE chunks or a
 * whole `chat.completion` the way OpenAI, llama.cpp, Ollama and vLLM send them.
 */

import { chatChunk, splitText, SSE_DONE_EVENT, sseEvent, sseRaw } from "./sse.ts";
import type { WireRenderer } from "./mock_wires.ts";

/** A tool call the mock model makes. Object arguments are sent as JSON text. */
export interface MockToolCall {
  id?: string;
  name: string;
  arguments: string | Record<string, unknown>;
}

/** A failure the mock applies instead of (or in the middle of) an answer. */
export type MockFault =
  | { status: number; body?: unknown; retryAfter?: string; retryAfterMs?: number }
  /**
   * A 200 stream that sends half the turn, then the wire's error event, and ends (what
   * llama.cpp does when it cannot parse the model's output). `legacyField`: llama.cpp's
   * older `error: {...}` SSE field instead of a `data:` event.
   */
  | { streamError: string; code?: number | string; legacyField?: boolean }
  /** After half the turn a payload that is not JSON (`text`), then the rest of the turn. */
  | { malformedChunk: string }
  | "drop_before_headers"
  /** Reads the request and never answers (for request timeouts and cancel before headers). */
  | "stall_before_headers"
  | "drop_mid_stream"
  | "stall_mid_stream";

/** One scripted answer. */
export interface MockTurn {
  text?: string;
  reasoning?: string;
  /** Field of reasoning deltas: "reasoning_content" (DeepSeek, llama.cpp, vLLM) or "reasoning" (Ollama, OpenRouter). */
  reasoningField?: "reasoning_content" | "reasoning";
  toolCalls?: MockToolCall[];
  /** Default: estimated at 4 characters a token. */
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** "openai": a separate usage chunk (when asked for); "llamacpp": usage and timings on the final chunk. */
  usageStyle?: "openai" | "llamacpp";
  /** "split" (default): name and arguments in pieces; "whole": each call in one chunk; "no_index": no `index`, calls told apart by id. */
  toolCallStyle?: "split" | "whole" | "no_index";
  /** Characters per content/reasoning/argument delta, default 8. */
  chunkSize?: number;
  /** Delay between chunks in ms. */
  delayMs?: number;
  /** Default "tool_calls" when there are calls, else "stop". */
  finishReason?: string;
  /** End the stream after the finish chunk without `data: [DONE]`. */
  omitDone?: boolean;
  /** Applied to the request that takes this turn. */
  fault?: MockFault;
  /**
   * Default true: the turn is used up by its request, so a fault is its own queued turn.
   * false: the fault fires once and the same turn (without the fault) answers the next request.
   */
  consume?: boolean;
}

/** The chunks of a streamed turn: `body` before the finish chunk, `tail` from it on. */
export interface TurnStream {
  body: string[];
  tail: string[];
}

/** Context a turn is rendered in. */
export interface RenderContext {
  model: string;
  /** Prompt size basis for the estimated usage. */
  promptChars: number;
  /** Whether the request asked for `stream_options.include_usage`. */
  includeUsage: boolean;
  /** Prefix of generated tool call ids. */
  idPrefix: string;
}

/** Tool calls with ids and JSON-text arguments. */
export function normalizeCalls(turn: MockTurn, idPrefix: string) {
  return (turn.toolCalls ?? []).map((call, i) => ({
    id: call.id ?? `${idPrefix}_${i}`,
    name: call.name,
    arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments),
  }));
}

/** Usage in OpenAI's wire shape. */
export function turnUsage(turn: MockTurn, ctx: RenderContext) {
  if (turn.usage) {
    return { ...turn.usage, total_tokens: turn.usage.prompt_tokens + turn.usage.completion_tokens };
  }
  const calls = normalizeCalls(turn, ctx.idPrefix);
  const out = (turn.text ?? "") + (turn.reasoning ?? "") +
    calls.map((c) => c.name + c.arguments).join("");
  const prompt_tokens = Math.ceil(ctx.promptChars / 4);
  const completion_tokens = Math.ceil(out.length / 4);
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

function finishReason(turn: MockTurn): string {
  return turn.finishReason ?? ((turn.toolCalls ?? []).length > 0 ? "tool_calls" : "stop");
}

/** The SSE events of a streamed turn. */
export function renderStream(turn: MockTurn, ctx: RenderContext): TurnStream {
  const size = turn.chunkSize ?? 8;
  const opts = { model: ctx.model };
  const body: string[] = [sseEvent(chatChunk({ role: "assistant", content: "" }, opts))];
  const field = turn.reasoningField ?? "reasoning_content";
  for (const piece of splitText(turn.reasoning ?? "", size)) {
    body.push(sseEvent(chatChunk({ [field]: piece }, opts)));
  }
  for (const piece of splitText(turn.text ?? "", size)) {
    body.push(sseEvent(chatChunk({ content: piece }, opts)));
  }
  normalizeCalls(turn, ctx.idPrefix).forEach((call, index) => {
    for (const delta of toolCallDeltas(call, index, turn.toolCallStyle ?? "split", size)) {
      body.push(sseEvent(chatChunk({ tool_calls: [delta] }, opts)));
    }
  });
  const usage = turnUsage(turn, ctx);
  const tail: string[] = [];
  if (turn.usageStyle === "llamacpp") {
    const timings = { prompt_n: usage.prompt_tokens, predicted_n: usage.completion_tokens };
    tail.push(
      sseEvent(chatChunk({}, { ...opts, finishReason: finishReason(turn), usage, timings })),
    );
  } else {
    tail.push(sseEvent(chatChunk({}, { ...opts, finishReason: finishReason(turn) })));
    if (ctx.includeUsage) tail.push(sseEvent(chatChunk({}, { ...opts, noChoices: true, usage })));
  }
  if (!turn.omitDone) tail.push(SSE_DONE_EVENT);
  return { body, tail };
}

function toolCallDeltas(
  call: { id: string; name: string; arguments: string },
  index: number,
  style: "split" | "whole" | "no_index",
  size: number,
): Record<string, unknown>[] {
  if (style === "whole") {
    const fn = { name: call.name, arguments: call.arguments };
    return [{ index, id: call.id, type: "function", function: fn }];
  }
  const names = style === "split" ? splitText(call.name, size) : [call.name];
  const args = splitText(call.arguments, size);
  const withIndex = (delta: Record<string, unknown>) =>
    style === "no_index" ? delta : { index, ...delta };
  const deltas = [withIndex({
    id: call.id,
    type: "function",
    function: { name: names[0] ?? "", arguments: "" },
  })];
  for (const name of names.slice(1)) deltas.push(withIndex({ function: { name } }));
  for (const piece of args) deltas.push(withIndex({ function: { arguments: piece } }));
  return deltas;
}

/** A whole `chat.completion` for a non-streaming request. */
export function renderCompletion(turn: MockTurn, ctx: RenderContext): Record<string, unknown> {
  const calls = normalizeCalls(turn, ctx.idPrefix);
  const message: Record<string, unknown> = { role: "assistant", content: turn.text ?? null };
  if (turn.reasoning) message[turn.reasoningField ?? "reasoning_content"] = turn.reasoning;
  if (calls.length > 0) {
    message.tool_calls = calls.map((c) => ({
      id: c.id,
      type: "function",
      function: { name: c.name, arguments: c.arguments },
    }));
  }
  const usage = turnUsage(turn, ctx);
  const completion: Record<string, unknown> = {
    id: "chatcmpl-mock",
    object: "chat.completion",
    created: 1_700_000_000,
    model: ctx.model,
    choices: [{ index: 0, message, finish_reason: finishReason(turn) }],
    usage,
  };
  if (turn.usageStyle === "llamacpp") {
    completion.timings = { prompt_n: usage.prompt_tokens, predicted_n: usage.completion_tokens };
  }
  return completion;
}

/** OpenAI's chat completions, as OpenAI, llama.cpp, Ollama and vLLM stream them. */
export const openaiRenderer: WireRenderer = {
  stream: (turn, ctx) => ({ contentType: "text/event-stream", ...renderStream(turn, ctx) }),
  whole: renderCompletion,
  raw: sseRaw,
  // llama.cpp (tools/server): format_oai_sse(json {{"error", res_json}}), then the stream ends.
  errorEvent: (message, code) =>
    sseEvent({ error: { code: code ?? 500, message, type: "server_error" } }),
};

/** The default error body for a status fault, worded like the real servers. */
export function faultBody(status: number, model: string): unknown {
  const messages: Record<number, [string, string]> = {
    400: ["Bad request", "invalid_request_error"],
    401: ["Incorrect API key provided", "invalid_api_key"],
    403: ["Forbidden", "permission_denied"],
    404: [`model "${model}" not found, try pulling it first`, "model_not_found"],
    429: ["Rate limit reached, please try again later", "rate_limit_exceeded"],
    500: ["Internal server error", "server_error"],
    502: ["Bad gateway", "server_error"],
    503: ["The server is overloaded, please try again later", "server_error"],
    504: ["Gateway timeout", "server_error"],
  };
  const [message, code] = messages[status] ?? [`Mock error ${status}`, "mock_error"];
  return { error: { message, type: code, code } };
}
