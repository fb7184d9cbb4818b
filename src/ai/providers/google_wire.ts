/**
 * Google's Gemini API: `POST {base}/models/{model}:streamGenerateContent?alt=sse`
 * (https://ai.google.dev/api/generate-content). Each SSE event is a whole
 * GenerateContentResponse; the stream has no end marker, the last one carries
 * `finishReason`. A function call arrives whole as a `functionCall` part (with a
 * `thoughtSignature` the model needs back on the same part next turn) and its finish
 * reason is still "STOP" (recorded in charmbracelet/fantasy's provider tests); results go
 * back as `functionResponse` parts of a user turn. Tool schemas are sent as
 * `parametersJsonSchema`, which takes full JSON Schema where `parameters` takes only
 * Google's OpenAPI subset.
 */

import { splitUserContent } from "./user_content.ts";
import type { ChatMessage, ChatRequest, ChatStreamEvent } from "../types.ts";
import { MessageBuilder, usageOf } from "./message_builder.ts";
import {
  argumentsObject,
  copySet,
  type Json,
  newCallId,
  parsePayload,
  StreamFault,
  toolNamesById,
  type Wire,
  type WireContext,
} from "./wire.ts";

/** What a Gemini answer needs back: thought signatures, by call id and for the text. */
interface GeminiReplay {
  calls: Record<string, string>;
  text?: string;
}

const THINKING_BUDGETS = { minimal: 512, low: 1_024, medium: 8_192, high: 24_576 } as const;

/** The Gemini wire. */
export const googleWire: Wire = {
  name: "google",
  framing: "sse",
  request(request, ctx) {
    const model = request.model.replace(/^models\//, "");
    const method = ctx.stream ? "streamGenerateContent?alt=sse" : "generateContent";
    return {
      url: `${ctx.baseUrl}/models/${encodeURIComponent(model)}:${method}`,
      headers: {
        "content-type": "application/json",
        ...authHeaders(ctx.provider.apiKey),
        ...ctx.provider.headers,
      },
      body: JSON.stringify(geminiBody(request, ctx)),
    };
  },
  decoder: (emit) => new GeminiDecoder(emit),
  whole(body, emit) {
    const decoder = new GeminiDecoder(emit);
    decoder.takeResponse(body);
    return decoder.result();
  },
  modelsUrl: (baseUrl) => `${baseUrl}/models`,
  parseModels: (body: Json) =>
    Array.isArray(body?.models)
      ? body.models.map((m: Json) => String(m?.name ?? "").replace(/^models\//, ""))
      : [],
  authHeaders: (provider) => authHeaders(provider.apiKey),
};

function authHeaders(apiKey: string | undefined): Record<string, string> {
  return apiKey ? { "x-goog-api-key": apiKey } : {};
}

/** The GenerateContentRequest body. */
export function geminiBody(request: ChatRequest, ctx: WireContext): Record<string, unknown> {
  const system = request.messages.filter((m) => m.role === "system").map((m) => m.content);
  const body: Record<string, unknown> = { contents: geminiContents(request.messages) };
  if (system.length > 0) {
    body.systemInstruction = { parts: system.map((text) => ({ text })) };
  }
  if (request.tools && request.tools.length > 0) {
    body.tools = [{
      functionDeclarations: request.tools.map((t) => ({
        name: t.function.name,
        description: t.function.description,
        parametersJsonSchema: t.function.parameters,
      })),
    }];
  }
  const config: Record<string, unknown> = {};
  if (ctx.maxTokens !== undefined) config.maxOutputTokens = ctx.maxTokens;
  if (request.temperature !== undefined) config.temperature = request.temperature;
  copySet(config, {
    topP: request.topP,
    topK: request.topK,
    frequencyPenalty: request.frequencyPenalty,
    presencePenalty: request.presencePenalty,
    stopSequences: request.stop,
  });
  if (request.reasoningEffort) {
    config.thinkingConfig = {
      thinkingBudget: THINKING_BUDGETS[request.reasoningEffort],
      includeThoughts: true,
    };
  }
  if (Object.keys(config).length > 0) body.generationConfig = config;
  return body;
}

/** The conversation as Gemini contents: "user" and "model" turns, calls answered by name. */
export function geminiContents(messages: readonly ChatMessage[]): Json[] {
  const names = toolNamesById(messages);
  const contents: { role: "user" | "model"; parts: Json[] }[] = [];
  const add = (role: "user" | "model", parts: Json[]) => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };
  for (const message of messages) {
    switch (message.role) {
      case "system":
        break; // sent as systemInstruction
      case "user": {
        const { text, images } = splitUserContent(message.content);
        add("user", [
          ...images.map((image) =>
            "url" in image
              ? { fileData: { fileUri: image.url } }
              : { inlineData: { mimeType: image.mediaType, data: image.data } }
          ),
          ...(text !== "" ? [{ text }] : []),
        ]);
        break;
      }
      case "tool":
        add("user", [{
          functionResponse: {
            name: names.get(message.tool_call_id) ?? message.name ?? "tool",
            response: { content: message.content },
          },
        }]);
        break;
      case "assistant": {
        const replay = message.replay?.wire === "google"
          ? message.replay.data as GeminiReplay
          : undefined;
        const parts: Json[] = [];
        if (message.content) parts.push(signed({ text: message.content }, replay?.text));
        for (const call of message.tool_calls ?? []) {
          const part = {
            functionCall: {
              name: call.function.name,
              args: argumentsObject(call.function.arguments),
            },
          };
          parts.push(signed(part, replay?.calls[call.id]));
        }
        add("model", parts);
        break;
      }
    }
  }
  return contents;
}

function signed(part: Json, signature: string | undefined): Json {
  return signature ? { ...part, thoughtSignature: signature } : part;
}

/** Gemini's finish reasons in OpenAI's words. */
function finishReason(reason: string, calls: number): string {
  if (reason === "STOP") return calls > 0 ? "tool_calls" : "stop";
  if (reason === "MAX_TOKENS") return "length";
  if (/SAFETY|RECITATION|BLOCKLIST|PROHIBITED|SPII/.test(reason)) return "content_filter";
  return reason.toLowerCase();
}

/** Reads GenerateContentResponse events. */
class GeminiDecoder {
  #builder: MessageBuilder;
  #replay: GeminiReplay = { calls: {} };
  #signed = false;

  constructor(emit: (event: ChatStreamEvent) => void) {
    this.#builder = new MessageBuilder(emit);
  }

  get finished(): boolean {
    return this.#builder.finished;
  }

  take(data: string): boolean {
    this.takeResponse(parsePayload(data));
    return false; // no end marker: the body ends
  }

  takeResponse(response: Json): void {
    if (response?.error) {
      const error = response.error;
      throw new StreamFault(
        "error_event",
        String(error.message ?? "error"),
        error.status ?? error.code,
      );
    }
    const candidate = response?.candidates?.[0];
    for (const part of candidate?.content?.parts ?? []) this.#part(part);
    const usage = response?.usageMetadata;
    if (usage && typeof usage.promptTokenCount === "number") {
      const out = (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0);
      this.#builder.usage(usageOf(usage.promptTokenCount, out));
    }
    if (typeof candidate?.finishReason === "string") {
      this.#builder.finish(finishReason(candidate.finishReason, this.#builder.callCount));
    }
  }

  result() {
    return this.#builder.result(this.#signed ? { wire: "google", data: this.#replay } : undefined);
  }

  #part(part: Json): void {
    const signature = typeof part.thoughtSignature === "string" ? part.thoughtSignature : undefined;
    if (part.functionCall) {
      const id = typeof part.functionCall.id === "string" ? part.functionCall.id : newCallId();
      this.#builder.call(
        id,
        String(part.functionCall.name),
        JSON.stringify(part.functionCall.args ?? {}),
      );
      if (signature) this.#replay.calls[id] = signature;
    } else if (typeof part.text === "string") {
      if (part.thought === true) this.#builder.reasoning(part.text);
      else {
        this.#builder.text(part.text);
        if (signature) this.#replay.text = signature;
      }
    }
    if (signature) this.#signed = true;
  }
}
