/**
 * One HTTP attempt of a chat call: request, status handling, stream reading with an
 * idle timer. Retryable failures come back as an outcome; the rest throw. What differs
 * between wire protocols (body, framing, chunk shapes) is the Wire's.
 */

import { CancelledError, ProviderError } from "../errors.ts";
import { log } from "../log/mod.ts";
import type { ProviderConfig } from "../config/types.ts";
import type { ChatResult, ChatStreamEvent } from "./types.ts";
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from "./retry.ts";
import { type FrameDecoder, NdjsonDecoder, SseDecoder } from "./sse.ts";
import type { ProviderProfile } from "./providers/profile.ts";
import { StreamFault, type Wire } from "./providers/wire.ts";

/** Statuses worth asking again: rate limits and transient server failures (529: Anthropic overloaded). */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504, 529]);

/** Everything one attempt needs. */
export interface AttemptContext {
  provider: ProviderConfig;
  profile: ProviderProfile;
  wire: Wire;
  fetch: typeof fetch;
  url: string;
  headers: Record<string, string>;
  body: string;
  model: string;
  /** The request carried `tools` (a refusal of them is then recognisable). */
  hasTools: boolean;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  signal?: AbortSignal;
  emit: (event: ChatStreamEvent) => void;
  listModels: () => Promise<string[]>;
}

/** How an attempt ended when it did not throw. */
export type AttemptOutcome =
  | { kind: "done"; result: ChatResult }
  | RetryOutcome;

/** A failure another attempt may fix. */
export interface RetryOutcome {
  kind: "retry";
  reason: string;
  /** The wait the server asked for. */
  retryAfterMs?: number;
  /** Output was (or may have been) emitted: consumers must discard it. */
  restart: boolean;
  /** Thrown when no retries are left. */
  error: ProviderError;
  /**
   * At most this many retries for failures of this `family` in one call (an error event or
   * a malformed chunk is asked again once), within the provider's maxRetries.
   */
  limit?: { family: string; retries: number };
}

type StopReason = "cancel" | "request_timeout" | "idle";

/**
 * How failures are worded and sorted: loaded on the first one, as most runs have none
 * (the happy path then loads neither module).
 */
function faults() {
  return import("./fault_outcomes.ts");
}
function errors() {
  return import("./provider_errors.ts");
}

/** Runs one request. Throws CancelledError, PermissionDeniedError or a final ProviderError. */
export async function attemptChat(ctx: AttemptContext): Promise<AttemptOutcome> {
  const controller = new AbortController();
  let why: StopReason | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = (reason: StopReason) => {
    why ??= reason;
    controller.abort();
  };
  const arm = (reason: StopReason, ms: number) => {
    clearTimeout(timer);
    // 0 means no limit (Nanocoder's -1 / 0 timeouts map to it).
    if (ms > 0) timer = setTimeout(() => stop(reason), ms);
  };
  const onCancel = () => stop("cancel");
  ctx.signal?.addEventListener("abort", onCancel, { once: true });
  let response: Response | undefined;
  try {
    arm("request_timeout", ctx.requestTimeoutMs);
    if (log.tracing) {
      log.trace("http_request", {
        method: "POST",
        url: ctx.url,
        headers: ctx.headers,
        body: ctx.body,
      });
    }
    try {
      response = await ctx.fetch(ctx.url, {
        method: "POST",
        headers: ctx.headers,
        body: ctx.body,
        signal: controller.signal,
      });
    } catch (error) {
      return await fetchFailure(ctx, why, error);
    }
    // From here on the idle timer guards every wait for body bytes.
    const idle = () => arm("idle", ctx.idleTimeoutMs);
    idle();
    if (!response.ok) return await statusFailure(ctx, response, () => why);
    const type = response.headers.get("content-type") ?? "";
    const streamed = ctx.wire.framing === "sse"
      ? type.includes("text/event-stream")
      : type.includes("ndjson");
    const outcome = streamed
      ? await readStream(ctx, response, idle, () => why)
      : await readWhole(ctx, response, () => why);
    if (log.tracing) {
      traceResponse(response, outcome.kind === "done" ? outcome.result : outcome.reason);
    }
    return outcome;
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener("abort", onCancel);
    // Unread bodies keep the connection out of the pool: release them.
    if (response?.body && !response.bodyUsed) await response.body.cancel().catch(() => {});
  }
}

async function fetchFailure(
  ctx: AttemptContext,
  why: StopReason | undefined,
  error: unknown,
): Promise<AttemptOutcome> {
  if (why === "cancel" || ctx.signal?.aborted) throw new CancelledError();
  if (why === "request_timeout") {
    throw new ProviderError(
      `Provider "${ctx.provider.name}" (${ctx.provider.baseUrl}) sent no response within ${
        seconds(ctx.requestTimeoutMs)
      } (requestTimeoutMs): the server may still be loading the model; raise requestTimeoutMs if it is slow`,
      { code: "timeout", cause: error },
    );
  }
  const { classifyNetworkError, permissionError, unreachableError } = await errors();
  const denied = permissionError(ctx.provider, error);
  if (denied) throw denied;
  const { kind, detail } = classifyNetworkError(error);
  if (kind !== "reset") throw unreachableError(ctx.provider, detail, error);
  const reason = `connection closed before the response: ${detail}`;
  return {
    kind: "retry",
    reason,
    restart: false,
    error: new ProviderError(`Provider "${ctx.provider.baseUrl}" ${reason}`, {
      code: "server_error",
      cause: error,
    }),
  };
}

async function statusFailure(
  ctx: AttemptContext,
  response: Response,
  why: () => StopReason | undefined,
): Promise<AttemptOutcome> {
  let text = "";
  try {
    text = await response.text();
  } catch {
    if (why() === "cancel") throw new CancelledError();
  }
  const status = response.status;
  if (log.tracing) traceResponse(response, text);
  const { httpError, isContextLengthError, isModelNotFoundError, parseErrorBody } = await errors();
  const { message, code } = parseErrorBody(text);
  // llama.cpp refuses tools with a 500, Ollama with a 400, OpenRouter with a 404: the
  // words decide, and asking again would only get the same refusal.
  if (ctx.hasTools) {
    const outcomes = await faults();
    if (outcomes.refusesTools(message)) throw outcomes.toolsRefused(ctx, message, status);
  }
  const errorContext = {
    provider: ctx.provider,
    model: ctx.model,
    listModels: ctx.listModels,
    profile: ctx.profile,
  };
  const definite = isContextLengthError(message, code) || isModelNotFoundError(message, code);
  const error = await httpError(status, text, errorContext);
  if (definite || !RETRYABLE_STATUSES.has(status)) throw error;
  const retryAfterMs = parseRetryAfter(response.headers);
  if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) {
    throw new ProviderError(`${error.message} (the server asks to wait ${seconds(retryAfterMs)})`, {
      code: error.code,
      status,
    });
  }
  const reason = `HTTP ${status}${message ? `: ${message}` : ""}`;
  return { kind: "retry", reason, retryAfterMs, restart: false, error };
}

async function readStream(
  ctx: AttemptContext,
  response: Response,
  idle: () => void,
  why: () => StopReason | undefined,
): Promise<AttemptOutcome> {
  const reader = response.body!.getReader();
  const frames: FrameDecoder = ctx.wire.framing === "sse" ? new SseDecoder() : new NdjsonDecoder();
  const decoder = ctx.wire.decoder(ctx.emit);
  let chunks = 0;
  let sawDone = false;
  try {
    while (!sawDone) {
      const read = await reader.read();
      if (read.done) {
        for (const e of frames.end()) sawDone = decoder.take(e.data, e.event) || sawDone;
        break;
      }
      idle();
      for (const e of frames.feed(read.value)) {
        if (decoder.take(e.data, e.event)) sawDone = true;
        chunks++;
      }
    }
  } catch (error) {
    if (why() === "cancel" || ctx.signal?.aborted) throw new CancelledError();
    if (error instanceof StreamFault) {
      return (await faults()).streamFaultOutcome(ctx, error, chunks);
    }
    if (error instanceof ProviderError) throw error;
    if (why() === "idle") {
      return dropped(ctx, `stream stalled: no data for ${seconds(ctx.idleTimeoutMs)}`, "timeout");
    }
    return dropped(ctx, `stream dropped after ${chunks} chunks: ${errorMessage(error)}`);
  } finally {
    if (!sawDone) await reader.cancel().catch(() => {});
  }
  if (!sawDone && !decoder.finished) {
    return dropped(ctx, `stream ended after ${chunks} chunks before the message was complete`);
  }
  await drain(reader);
  return { kind: "done", result: decoder.result() };
}

/** Reads what follows the end marker so the connection can be reused; a failure there is harmless. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  try {
    while (!(await reader.read()).done) { /* discard */ }
  } catch { /* the message is complete already */ }
}

/** A non-streamed answer (or a server that ignored `stream: true`). */
async function readWhole(
  ctx: AttemptContext,
  response: Response,
  why: () => StopReason | undefined,
): Promise<AttemptOutcome> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (why() === "cancel" || ctx.signal?.aborted) throw new CancelledError();
    const reason = why() === "idle"
      ? `response stalled: no data for ${seconds(ctx.idleTimeoutMs)}`
      : `response dropped: ${errorMessage(error)}`;
    return dropped(ctx, reason, why() === "idle" ? "timeout" : "stream_dropped");
  }
  if (looksFramed(ctx.wire, text)) {
    // A stream without its content type.
    const frames = ctx.wire.framing === "sse" ? new SseDecoder() : new NdjsonDecoder();
    const decoder = ctx.wire.decoder(ctx.emit);
    const events = [...frames.feed(new TextEncoder().encode(text)), ...frames.end()];
    try {
      for (const e of events) decoder.take(e.data, e.event);
    } catch (error) {
      if (error instanceof StreamFault) {
        return (await faults()).streamFaultOutcome(ctx, error, events.length);
      }
      throw error;
    }
    return { kind: "done", result: decoder.result() };
  }
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw (await errors()).notJsonError(ctx.provider, text, response.status, ctx.profile);
  }
  if (body?.error) {
    throw await (await errors()).httpError(response.status, text, {
      provider: ctx.provider,
      model: ctx.model,
      listModels: ctx.listModels,
      profile: ctx.profile,
    });
  }
  return { kind: "done", result: ctx.wire.whole(body, ctx.emit) };
}

function looksFramed(wire: Wire, text: string): boolean {
  const start = text.trimStart();
  if (wire.framing === "sse") return start.startsWith("data:") || start.startsWith("event:");
  return start.startsWith("{") && start.includes("\n{");
}

/** A stream cut off or stalled: asked again, and what it showed is taken back. */
export function dropped(
  ctx: AttemptContext,
  reason: string,
  code: "timeout" | "stream_dropped" = "stream_dropped",
): RetryOutcome {
  return {
    kind: "retry",
    reason,
    restart: true,
    error: new ProviderError(`Provider "${ctx.provider.baseUrl}": ${reason}`, { code }),
  };
}

/** `--debug`: a response's status and headers, and its body (or what was made of it). */
function traceResponse(response: Response, body: unknown): void {
  const headers = Object.fromEntries(response.headers);
  log.trace("http_response", { status: response.status, headers, body });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
