/**
 * What an attempt does with a server that refuses tools or a 200 stream that went wrong:
 * an error event (classified: retried once, or final) or a chunk that is not JSON (retried
 * once like a dropped stream, then an error quoting the server's text).
 */

import { ProviderError } from "../errors.ts";
import type { AttemptContext, RetryOutcome } from "./attempt.ts";
import { classifyStreamError } from "./providers/stream_errors.ts";

export { refusesTools } from "./providers/tool_refusal.ts";
import type { StreamFault } from "./providers/wire.ts";

/** Retries of an error event or a malformed chunk in one call. */
export const STREAM_FAULT_RETRIES = 1;

/** The error of a server that will not take the request's `tools`. */
export function toolsRefused(ctx: AttemptContext, message: string, status?: number): ProviderError {
  const hint = ctx.profile.toolsHint ? ` (${ctx.profile.toolsHint})` : "";
  return new ProviderError(
    `Provider "${ctx.provider.name}" (${ctx.provider.baseUrl}) does not take native tool calls for model "${ctx.model}": ${message}${hint}`,
    { code: "tools_unsupported", status },
  );
}

/** The outcome of a StreamFault after `chunks` events; throws when no retry can help. */
export function streamFaultOutcome(
  ctx: AttemptContext,
  fault: StreamFault,
  chunks: number,
): RetryOutcome {
  const where = `Provider "${ctx.provider.name}" (${ctx.provider.baseUrl})`;
  if (fault.kind === "malformed") {
    return {
      kind: "retry",
      reason: `stream chunk ${chunks + 1} is not JSON: ${fault.message}`,
      restart: true,
      error: new ProviderError(
        `${where} sent a stream chunk that is not JSON: ${fault.message}`,
        { code: "bad_response" },
      ),
      limit: { family: "malformed", retries: STREAM_FAULT_RETRIES },
    };
  }
  const message = fault.message;
  switch (classifyStreamError(message, fault.code)) {
    case "context_length":
      throw new ProviderError(
        `The conversation does not fit the context window of model "${ctx.model}": ${message}`,
        { code: "context_length_exceeded" },
      );
    case "fatal":
      throw new ProviderError(`${where} ended the stream with an error: ${message}`, {
        code: "bad_request",
      });
    case "retry_once":
      break;
  }
  return {
    kind: "retry",
    reason: `stream ended with an error after ${chunks} chunks: ${message}`,
    restart: true,
    error: new ProviderError(`${where} ended the stream with an error: ${message}`, {
      code: "server_error",
    }),
    limit: { family: "error_event", retries: STREAM_FAULT_RETRIES },
  };
}
