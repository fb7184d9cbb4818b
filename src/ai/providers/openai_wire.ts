/**
 * OpenAI's chat completions (`POST /chat/completions`), which every OpenAI-compatible
 * server speaks with small differences the profiles describe.
 */

import type { ChatMessage, ChatRequest, ChatStreamEvent } from "../types.ts";
import { StreamAssembler } from "../stream_assembler.ts";
import { SSE_DONE } from "../sse.ts";
import type { ProviderProfile } from "./profile.ts";
import {
  bearer,
  copySet,
  type Json,
  parsePayload,
  StreamFault,
  type Wire,
  type WireContext,
} from "./wire.ts";

/** The OpenAI chat-completions wire. */
export const openaiWire: Wire = {
  name: "openai",
  framing: "sse",
  request(request, ctx) {
    return {
      url: `${ctx.baseUrl}/chat/completions`,
      headers: {
        "content-type": "application/json",
        accept: ctx.stream ? "text/event-stream" : "application/json",
        ...bearer(ctx.provider),
        ...ctx.provider.headers,
      },
      body: JSON.stringify(requestBody(request, ctx)),
    };
  },
  decoder: (emit) => new OpenAiStreamDecoder(emit),
  whole(body, emit) {
    const assembler = new StreamAssembler(emit);
    assembler.pushCompletion(body);
    return assembler.result();
  },
  modelsUrl: (baseUrl) => `${baseUrl}/models`,
  parseModels(body: Json) {
    const list: unknown[] = Array.isArray(body?.data) ? body.data : body?.models ?? [];
    // deno-lint-ignore no-explicit-any
    return list.map((m: any) => String(m?.id ?? m?.name ?? m)).filter((id) => id !== "");
  },
  authHeaders: bearer,
};

/** The JSON body of `POST /chat/completions`. */
export function requestBody(request: ChatRequest, ctx: WireContext): Record<string, unknown> {
  const { profile, stream } = ctx;
  const body: Record<string, unknown> = {
    model: request.model,
    messages: request.messages.map((m) => wireMessage(m, profile)),
    stream,
  };
  if (stream) body.stream_options = { include_usage: true };
  if (request.tools && request.tools.length > 0) body.tools = request.tools;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  copySet(body, {
    top_p: request.topP,
    // Not OpenAI's own, but llama.cpp, vLLM, LM Studio and OpenRouter take it.
    top_k: request.topK,
    frequency_penalty: request.frequencyPenalty,
    presence_penalty: request.presencePenalty,
    stop: request.stop,
    reasoning_effort: request.reasoningEffort,
  });
  if (ctx.maxTokens !== undefined) {
    body[profile.limitField?.(request.model) ?? "max_tokens"] = ctx.maxTokens;
  }
  // The provider's own body fields (OpenRouter's block) under the request's own.
  for (const [key, value] of Object.entries(ctx.provider.requestBody ?? {})) {
    if (!(key in body)) body[key] = value;
  }
  profile.adaptBody?.(body, { request, provider: ctx.provider });
  return body;
}

/**
 * Drops what the API does not know (kept reasoning, replay data); a profile that needs
 * the reasoning of a tool-calling turn back gets it in its field.
 */
function wireMessage(message: ChatMessage, profile: ProviderProfile): Record<string, unknown> {
  if (message.role !== "assistant") return { ...message };
  const wire: Record<string, unknown> = { role: "assistant", content: message.content };
  const calls = message.tool_calls && message.tool_calls.length > 0;
  if (calls) wire.tool_calls = message.tool_calls;
  else if (message.content === null) wire.content = "";
  if (calls && profile.reasoningReplay && message.reasoning) {
    wire[profile.reasoningReplay] = message.reasoning;
  }
  return wire;
}

/** Reads `chat.completion.chunk`s; an `{"error": …}` payload is a fault, not a chunk. */
class OpenAiStreamDecoder {
  #assembler: StreamAssembler;

  constructor(emit: (event: ChatStreamEvent) => void) {
    this.#assembler = new StreamAssembler(emit);
  }

  get finished(): boolean {
    return this.#assembler.finished;
  }

  take(data: string, event?: string): boolean {
    const trimmed = data.trim();
    if (trimmed === SSE_DONE) return true;
    if (trimmed === "") return false; // an empty keep-alive event
    const chunk: Json = parsePayload(data);
    const error = event === "error" ? chunk?.error ?? chunk : chunk?.error;
    if (error) {
      const message = typeof error === "string" ? error : error.message ?? JSON.stringify(error);
      throw new StreamFault("error_event", String(message), error?.code ?? error?.type);
    }
    this.#assembler.push(chunk);
    return false;
  }

  result() {
    return this.#assembler.result();
  }
}
