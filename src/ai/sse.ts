/**
 * Framing of streamed answers: server-sent events (OpenAI, Anthropic, Gemini) on top of
 * `eventsource-parser` (CRLF, split lines, comments, multi-line data), and the
 * newline-delimited JSON of Ollama's own API.
 */

import { createParser, type EventSourceParser } from "eventsource-parser";

/** One event: its `data` and, when the server named it, its `event` field. */
export interface SseEvent {
  data: string;
  event?: string;
}

/** What a framing decoder does; the attempt loop drives either kind the same way. */
export interface FrameDecoder {
  /** Feeds a chunk of the body; returns the events it completed. */
  feed(bytes: Uint8Array): SseEvent[];
  /** Flushes what the body ended with. */
  end(): SseEvent[];
}

/** Turns body bytes into SSE events, one call per network chunk. */
export class SseDecoder implements FrameDecoder {
  #decoder = new TextDecoder();
  #pending: SseEvent[] = [];
  #parser: EventSourceParser;

  constructor() {
    this.#parser = createParser({
      onEvent: (event) => this.#pending.push(event),
      // Older llama.cpp servers send `error: {...}` (a field the SSE spec ignores) before
      // closing a failed stream: keep it, or the failure would look like a dropped stream.
      onError: (error) => {
        if (error.type === "unknown-field" && error.field === "error") {
          this.#pending.push({ data: error.value ?? "", event: "error" });
        }
      },
    });
  }

  feed(bytes: Uint8Array): SseEvent[] {
    this.#parser.feed(this.#decoder.decode(bytes, { stream: true }));
    return this.#take();
  }

  /** Flushes a last event not followed by a blank line (some servers end that way). */
  end(): SseEvent[] {
    this.#parser.feed(this.#decoder.decode() + "\n\n");
    return this.#take();
  }

  #take(): SseEvent[] {
    const out = this.#pending;
    this.#pending = [];
    return out;
  }
}

/** One JSON document per line (Ollama's `/api/chat`); blank lines are skipped. */
export class NdjsonDecoder implements FrameDecoder {
  #decoder = new TextDecoder();
  #rest = "";

  feed(bytes: Uint8Array): SseEvent[] {
    const lines = (this.#rest + this.#decoder.decode(bytes, { stream: true })).split("\n");
    this.#rest = lines.pop()!;
    return lines.filter((line) => line.trim() !== "").map((data) => ({ data }));
  }

  end(): SseEvent[] {
    const last = (this.#rest + this.#decoder.decode()).trim();
    this.#rest = "";
    return last === "" ? [] : [{ data: last }];
  }
}

/** The payload that ends an OpenAI stream. */
export const SSE_DONE = "[DONE]";
