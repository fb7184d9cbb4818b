/**
 * Ollama's own chat API, `POST /api/chat` (github.com/ollama/ollama/blob/main/docs/api.md),
 * used for a provider with a configured window because only this API takes
 * `options.num_ctx`. The answer streams as one JSON object per line; tool calls come
 * whole with object arguments; the last line has `done: true`, `done_reason` and the
 * token counts; a failure mid-stream is a line `{"error": "…"}`.
 */

import { splitUserContent } from "./user_content.ts";
import type { ChatMessage, ChatRequest, ChatStreamEvent } from "../types.ts";
import { MessageBuilder, usageOf } from "./message_builder.ts";
import { configuredWindow, serverRoot } from "./local_families.ts";
import {
  argumentsObject,
  bearer,
  copySet,
  type Json,
  newCallId,
  parsePayload,
  StreamFault,
  toolNamesById,
  type Wire,
  type WireContext,
} from "./wire.ts";

/** The `/api/chat` wire. */
export const ollamaWire: Wire = {
  name: "ollama",
  framing: "ndjson",
  request(request, ctx) {
    return {
      url: `${serverRoot(ctx.baseUrl)}/api/chat`,
      headers: {
        "content-type": "application/json",
        ...bearer(ctx.provider),
        ...ctx.provider.headers,
      },
      body: JSON.stringify(ollamaBody(request, ctx)),
    };
  },
  decoder: (emit) => new OllamaDecoder(emit),
  whole(body, emit) {
    const decoder = new OllamaDecoder(emit);
    decoder.takeLine(body);
    return decoder.result();
  },
  modelsUrl: (baseUrl) => `${serverRoot(baseUrl)}/api/tags`,
  parseModels: (body: Json) =>
    Array.isArray(body?.models) ? body.models.map((m: Json) => String(m?.name ?? m?.model)) : [],
  authHeaders: bearer,
};

/** The body of `POST /api/chat`. */
export function ollamaBody(request: ChatRequest, ctx: WireContext): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const window = configuredWindow(ctx.provider, request.model);
  if (window) options.num_ctx = window;
  if (ctx.maxTokens !== undefined) options.num_predict = ctx.maxTokens;
  if (request.temperature !== undefined) options.temperature = request.temperature;
  copySet(options, {
    top_p: request.topP,
    top_k: request.topK,
    frequency_penalty: request.frequencyPenalty,
    presence_penalty: request.presencePenalty,
    stop: request.stop,
  });
  const body: Record<string, unknown> = {
    model: request.model,
    messages: ollamaMessages(request.messages),
    stream: ctx.stream,
    options,
  };
  if (request.tools && request.tools.length > 0) body.tools = request.tools;
  return body;
}

function ollamaMessages(messages: readonly ChatMessage[]): Json[] {
  const names = toolNamesById(messages);
  return messages.map((m) => {
    switch (m.role) {
      case "system":
      case "user": {
        // Ollama takes base64 images beside the text; it cannot fetch a remote URL.
        const { text, images } = splitUserContent(m.content);
        const data = images.flatMap((image) => "data" in image ? [image.data] : []);
        return { role: m.role, content: text, ...(data.length ? { images: data } : {}) };
      }
      case "tool":
        return { role: "tool", content: m.content, tool_name: names.get(m.tool_call_id) ?? m.name };
      case "assistant": {
        const out: Json = { role: "assistant", content: m.content ?? "" };
        if (m.reasoning) out.thinking = m.reasoning;
        if (m.tool_calls?.length) {
          out.tool_calls = m.tool_calls.map((c) => ({
            function: { name: c.function.name, arguments: argumentsObject(c.function.arguments) },
          }));
        }
        return out;
      }
    }
  });
}

/** Reads `/api/chat` lines. */
class OllamaDecoder {
  #builder: MessageBuilder;

  constructor(emit: (event: ChatStreamEvent) => void) {
    this.#builder = new MessageBuilder(emit);
  }

  get finished(): boolean {
    return this.#builder.finished;
  }

  take(data: string): boolean {
    return this.takeLine(parsePayload(data));
  }

  /** One line; true at `done`. */
  takeLine(line: Json): boolean {
    if (line?.error) throw new StreamFault("error_event", String(line.error));
    const message = line?.message ?? {};
    if (typeof message.thinking === "string") this.#builder.reasoning(message.thinking);
    if (typeof message.content === "string") this.#builder.text(message.content);
    for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
      const fn = call?.function ?? {};
      const args = typeof fn.arguments === "string"
        ? fn.arguments
        : JSON.stringify(fn.arguments ?? {});
      this.#builder.call(
        typeof call.id === "string" ? call.id : newCallId(),
        String(fn.name),
        args,
      );
    }
    if (line?.done !== true) return false;
    this.#builder.usage(usageOf(Number(line.prompt_eval_count ?? 0), Number(line.eval_count ?? 0)));
    const reason = String(line.done_reason ?? "stop");
    this.#builder.finish(reason === "stop" && this.#builder.callCount > 0 ? "tool_calls" : reason);
    return true;
  }

  result() {
    return this.#builder.result();
  }
}
