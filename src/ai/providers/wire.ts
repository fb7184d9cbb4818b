/**
 * A wire protocol: how a chat request is written and how its answer is read. The client
 * (retries, timeouts, idle timer, error wording) is the same for every wire; only this
 * part differs between OpenAI's chat completions, Anthropic's Messages API, Gemini's
 * generateContent and Ollama's own `/api/chat`.
 */

import type { ProviderConfig } from "../../config/types.ts";
import type { ChatMessage, ChatRequest, ChatResult, ChatStreamEvent } from "../types.ts";
import type { ProviderProfile } from "./profile.ts";

/** Everything a wire needs to write one request. */
export interface WireContext {
  provider: ProviderConfig;
  profile: ProviderProfile;
  /** The provider's base URL without trailing slashes. */
  baseUrl: string;
  stream: boolean;
  /** The output limit to send, already resolved (outputLimit()). */
  maxTokens?: number;
}

/** One HTTP request, ready for fetch. */
export interface WireRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Reads one attempt's streamed answer, event by event. */
export interface StreamDecoder {
  /**
   * Takes one event's data (and its SSE event name). True when the message is complete
   * and the rest of the body can be drained. Throws StreamFault for an error event or a
   * payload that is not JSON.
   */
  take(data: string, event?: string): boolean;
  /** Whether the message said how it ended (complete even without a terminator). */
  readonly finished: boolean;
  result(): ChatResult;
}

/** A wire protocol. */
export interface Wire {
  readonly name: "openai" | "anthropic" | "google" | "ollama";
  /** How the streamed body is framed. */
  readonly framing: "sse" | "ndjson";
  /** The request for one chat call. */
  request(request: ChatRequest, ctx: WireContext): WireRequest;
  /** A decoder for one streamed attempt. */
  decoder(emit: (event: ChatStreamEvent) => void): StreamDecoder;
  /** A whole (non-streamed) answer. */
  whole(body: unknown, emit: (event: ChatStreamEvent) => void): ChatResult;
  /** `GET` that lists the server's models, and how to read its answer. */
  modelsUrl(baseUrl: string): string;
  parseModels(body: unknown): string[];
  /** Headers that carry the key (and the API version where one is required). */
  authHeaders(provider: ProviderConfig): Record<string, string>;
}

/** What went wrong inside a 200 stream. */
export type StreamFaultKind = "error_event" | "malformed";

/** A stream that carried an error event, or a payload that is not JSON. */
export class StreamFault extends Error {
  override name = "StreamFault";
  constructor(
    readonly kind: StreamFaultKind,
    message: string,
    /** The server's error code or type, when it gave one. */
    readonly code?: unknown,
  ) {
    super(message);
  }
}

/** Parses one payload or throws the malformed-chunk fault quoting it (truncated). */
export function parsePayload(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw new StreamFault("malformed", quoteRaw(data));
  }
}

/** `"<first 200 characters>…"`: a server's raw text, safe to put in a message. */
export function quoteRaw(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}

/** A JSON object's field, or undefined. */
// deno-lint-ignore no-explicit-any
export type Json = any;

/** Bearer auth, the OpenAI-compatible convention. */
export function bearer(provider: ProviderConfig): Record<string, string> {
  return provider.apiKey ? { authorization: `Bearer ${provider.apiKey}` } : {};
}

/** A tool call's JSON arguments as an object (native wires send objects); {} when unreadable. */
export function argumentsObject(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text || "{}");
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

/** Tool name by call id over a history (Gemini and Ollama answer a call by name). */
export function toolNamesById(messages: readonly ChatMessage[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of messages) {
    if (m.role === "assistant") {
      for (const c of m.tool_calls ?? []) names.set(c.id, c.function.name);
    }
  }
  return names;
}

/** A call id for wires that send none (Gemini, older Ollama): unique across the session. */
export function newCallId(): string {
  return `call_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
}

/** Copies the fields of `values` that are set into `target` (a request body or its options). */
export function copySet(target: Record<string, unknown>, values: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) target[key] = value;
  }
}
