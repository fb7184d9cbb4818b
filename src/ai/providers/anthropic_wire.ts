/**
 * Anthropic's Messages API (`POST /v1/messages`), as documented at
 * https://docs.anthropic.com/en/api/messages and, for streaming,
 * https://platform.claude.com/docs/build-with-claude/streaming: named SSE events
 * (`message_start`, `content_block_start|delta|stop`, `message_delta`, `message_stop`,
 * `ping`, `error`), tool use as `tool_use` blocks whose input streams as
 * `input_json_delta`, extended thinking as `thinking` blocks signed by `signature_delta`,
 * which must go back unchanged with the assistant turn that called tools. Prompt caching
 * marks the system prompt, the tools and the newest message with `cache_control`, so each
 * request reads the previous one's prefix from the cache.
 */

import type { ChatRequest, ChatStreamEvent } from "../types.ts";
import { anthropicMessages, cacheLast, thinkingBudget } from "./anthropic_messages.ts";
import { MessageBuilder, usageOf } from "./message_builder.ts";
import {
  copySet,
  type Json,
  parsePayload,
  StreamFault,
  type Wire,
  type WireContext,
} from "./wire.ts";

/** The `anthropic-version` every request carries. */
export const ANTHROPIC_VERSION = "2023-06-01";

/** Anthropic's stop reasons in OpenAI's words. */
const STOP_REASONS: Record<string, string> = {
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  tool_use: "tool_calls",
  refusal: "content_filter",
};

/** The Messages API wire. */
export const anthropicWire: Wire = {
  name: "anthropic",
  framing: "sse",
  request(request, ctx) {
    return {
      url: `${ctx.baseUrl}/messages`,
      headers: {
        "content-type": "application/json",
        accept: ctx.stream ? "text/event-stream" : "application/json",
        ...authHeaders(ctx.provider.apiKey),
        ...ctx.provider.headers,
      },
      body: JSON.stringify(anthropicBody(request, ctx)),
    };
  },
  decoder: (emit) => new AnthropicDecoder(emit),
  whole(body: Json, emit) {
    const decoder = new AnthropicDecoder(emit);
    decoder.takeEvent({ type: "message_start", message: { ...body, content: [] } });
    (body?.content ?? []).forEach((block: Json, index: number) => {
      decoder.takeEvent({ type: "content_block_start", index, content_block: block });
      decoder.takeEvent({ type: "content_block_stop", index });
    });
    decoder.takeEvent({ type: "message_delta", delta: body, usage: body?.usage });
    return decoder.result();
  },
  modelsUrl: (baseUrl) => `${baseUrl}/models`,
  parseModels: (body: Json) =>
    Array.isArray(body?.data) ? body.data.map((m: Json) => String(m?.id)) : [],
  authHeaders: (provider) => authHeaders(provider.apiKey),
};

function authHeaders(apiKey: string | undefined): Record<string, string> {
  return {
    "anthropic-version": ANTHROPIC_VERSION,
    ...(apiKey ? { "x-api-key": apiKey } : {}),
  };
}

/** The JSON body of `POST /messages`. */
export function anthropicBody(request: ChatRequest, ctx: WireContext): Record<string, unknown> {
  const { system, messages } = anthropicMessages(request.messages);
  const body: Record<string, unknown> = {
    model: request.model,
    max_tokens: ctx.maxTokens,
    messages,
    stream: ctx.stream,
  };
  if (system.length > 0) body.system = cacheLast(system);
  if (request.tools && request.tools.length > 0) {
    body.tools = cacheLast(request.tools.map((t) => ({
      name: t.function.name,
      description: t.function.description,
      input_schema: t.function.parameters,
    })));
  }
  const budget = thinkingBudget(request.reasoningEffort);
  if (budget) {
    // Thinking needs room above its budget and accepts only the default temperature.
    body.thinking = { type: "enabled", budget_tokens: budget };
    body.max_tokens = Math.max(ctx.maxTokens ?? 0, budget + 4_096);
  } else if (request.temperature !== undefined) {
    body.temperature = request.temperature;
  }
  // The Messages API has no frequency or presence penalties.
  copySet(body, { top_p: request.topP, top_k: request.topK, stop_sequences: request.stop });
  return body;
}

/** A block being streamed. */
type Block =
  | { type: "text" }
  | { type: "tool_use"; call: number }
  | { type: "thinking"; thinking: string; signature: string }
  | { type: "redacted_thinking"; data: string }
  | { type: "other" };

/** Reads the named events of one streamed message. */
class AnthropicDecoder {
  #builder: MessageBuilder;
  #blocks = new Map<number, Block>();
  /** Thinking blocks in order, for the replay. */
  #thinking: Json[] = [];
  #input = 0;
  #output = 0;

  constructor(emit: (event: ChatStreamEvent) => void) {
    this.#builder = new MessageBuilder(emit);
  }

  get finished(): boolean {
    return this.#builder.finished;
  }

  take(data: string): boolean {
    return this.takeEvent(parsePayload(data));
  }

  /** One event object; true at `message_stop`. */
  takeEvent(event: Json): boolean {
    switch (event?.type) {
      case "message_start": {
        const usage = event.message?.usage ?? {};
        this.#input = num(usage.input_tokens) + num(usage.cache_creation_input_tokens) +
          num(usage.cache_read_input_tokens);
        this.#output = num(usage.output_tokens);
        return false;
      }
      case "content_block_start":
        this.#start(event.index, event.content_block ?? {});
        return false;
      case "content_block_delta":
        this.#delta(this.#blocks.get(event.index), event.delta ?? {});
        return false;
      case "content_block_stop": {
        const block = this.#blocks.get(event.index);
        if (block?.type === "thinking" || block?.type === "redacted_thinking") {
          const { type: _type, ...rest } = block;
          this.#thinking.push({ type: block.type, ...rest });
        }
        return false;
      }
      case "message_delta": {
        if (event.usage?.output_tokens !== undefined) this.#output = num(event.usage.output_tokens);
        const reason = event.delta?.stop_reason;
        if (typeof reason === "string") this.#builder.finish(STOP_REASONS[reason] ?? reason);
        return false;
      }
      case "message_stop":
        return true;
      case "error": {
        const error = event.error ?? {};
        throw new StreamFault("error_event", String(error.message ?? "error"), error.type);
      }
      default: // ping, and event types added later
        return false;
    }
  }

  result() {
    const replay = this.#thinking.length > 0
      ? { wire: "anthropic" as const, data: this.#thinking }
      : undefined;
    this.#builder.usage(usageOf(this.#input, this.#output));
    return this.#builder.result(replay);
  }

  #start(index: number, block: Json): void {
    switch (block.type) {
      case "text":
        this.#blocks.set(index, { type: "text" });
        this.#builder.text(String(block.text ?? ""));
        return;
      case "tool_use": {
        // A whole message has the input already; a stream sends `{}` then JSON deltas.
        const input = block.input && Object.keys(block.input).length > 0
          ? JSON.stringify(block.input)
          : "";
        const call = this.#builder.call(String(block.id), String(block.name), input);
        this.#blocks.set(index, { type: "tool_use", call });
        return;
      }
      case "thinking":
        this.#blocks.set(index, {
          type: "thinking",
          thinking: String(block.thinking ?? ""),
          signature: String(block.signature ?? ""),
        });
        this.#builder.reasoning(String(block.thinking ?? ""));
        return;
      case "redacted_thinking":
        this.#blocks.set(index, { type: "redacted_thinking", data: String(block.data ?? "") });
        return;
      default:
        this.#blocks.set(index, { type: "other" });
    }
  }

  #delta(block: Block | undefined, delta: Json): void {
    if (!block) return;
    if (delta.type === "text_delta" && block.type === "text") {
      this.#builder.text(String(delta.text ?? ""));
    } else if (delta.type === "input_json_delta" && block.type === "tool_use") {
      this.#builder.callArguments(block.call, String(delta.partial_json ?? ""));
    } else if (delta.type === "thinking_delta" && block.type === "thinking") {
      block.thinking += String(delta.thinking ?? "");
      this.#builder.reasoning(String(delta.thinking ?? ""));
    } else if (delta.type === "signature_delta" && block.type === "thinking") {
      block.signature += String(delta.signature ?? "");
    }
  }
}

function num(x: unknown): number {
  return typeof x === "number" && Number.isFinite(x) ? x : 0;
}
