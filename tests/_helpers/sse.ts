/**
 * Builders of OpenAI-style SSE payloads, for the mock server and for tests that
 * feed a client hand-made streams.
 */

/** One SSE event carrying `data` as JSON (strings are sent as they are). */
export function sseEvent(data: unknown): string {
  return `data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
}

/** One SSE `data:` event holding `text` as it is (JSON or not). */
export function sseRaw(text: string): string {
  return `data: ${text}\n\n`;
}

/** The event that ends an OpenAI stream. */
export const SSE_DONE_EVENT = "data: [DONE]\n\n";

/** Fields of one `chat.completion.chunk`. */
export interface ChunkOptions {
  id?: string;
  model?: string;
  finishReason?: string | null;
  usage?: unknown;
  timings?: unknown;
  /** `[]` for OpenAI's separate usage chunk. */
  noChoices?: boolean;
}

/** A `chat.completion.chunk` object with one choice carrying `delta`. */
export function chatChunk(
  delta: Record<string, unknown>,
  options: ChunkOptions = {},
): Record<string, unknown> {
  const chunk: Record<string, unknown> = {
    id: options.id ?? "chatcmpl-mock",
    object: "chat.completion.chunk",
    created: 1_700_000_000,
    model: options.model ?? "mock-model",
    choices: options.noChoices
      ? []
      : [{ index: 0, delta, finish_reason: options.finishReason ?? null }],
  };
  if (options.usage !== undefined) chunk.usage = options.usage;
  if (options.timings !== undefined) chunk.timings = options.timings;
  return chunk;
}

/** Splits `text` into pieces of at most `size` characters (at least one piece). */
export function splitText(text: string, size: number): string[] {
  if (text === "") return [];
  const step = Math.max(1, size);
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += step) pieces.push(text.slice(i, i + step));
  return pieces;
}
