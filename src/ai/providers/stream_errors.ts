/**
 * Errors a server reports inside a 200 stream, sorted by what a retry can do about them.
 * llama.cpp ends a stream with `{"error":{"code":500,"message":"Failed to parse input at
 * pos 184: …","type":"server_error"}}` when its chat parser cannot read what the model
 * wrote (pwilkin/llama.cpp#5, ggml-org/llama.cpp#20729): sampling again may produce
 * readable output, so it is asked once more. Anthropic sends `overloaded_error` events,
 * OpenRouter upstream failures: also worth one more try. A request the server rejected
 * (invalid, unauthorised, too long) fails the same way every time.
 *
 * A refusal of `tools` is never read from an error event: servers refuse them before the
 * stream starts (an HTTP error status, src/ai/attempt.ts), and an error event can repeat
 * what the model wrote (llama.cpp's parse error quotes it), so text the model was shown
 * could otherwise switch the session to tool calls written as text.
 */

import { isContextLengthError } from "../provider_errors.ts";

/** What to do about an error event. */
export type StreamErrorVerdict = "context_length" | "retry_once" | "fatal";

/** Error types that name a request the server will refuse again. */
const FATAL_TYPES = new Set([
  "invalid_request_error",
  "authentication_error",
  "permission_error",
  "permission_denied",
  "not_found_error",
  "invalid_api_key",
  "bad_request",
  "invalid_argument",
]);

/** Sorts an error event by its message and its code or type. */
export function classifyStreamError(message: string, code: unknown): StreamErrorVerdict {
  if (isContextLengthError(serverWords(message), code)) return "context_length";
  const status = typeof code === "number" ? code : Number(code);
  if (Number.isInteger(status) && status >= 400 && status < 500) {
    return status === 408 || status === 429 ? "retry_once" : "fatal";
  }
  if (typeof code === "string" && FATAL_TYPES.has(code.toLowerCase())) return "fatal";
  return "retry_once";
}

/** llama.cpp's "Failed to parse input at pos N: <what the model wrote>", the quote cut off. */
const ECHOED_INPUT = /^([\s\S]*?failed to parse input at pos \d+):/i;

/** The server's own words of an error message, without model output it repeats. */
export function serverWords(message: string): string {
  return ECHOED_INPUT.exec(message)?.[1] ?? message;
}
