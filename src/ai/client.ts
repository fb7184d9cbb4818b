/**
 * The chat client: plain `fetch` plus `eventsource-parser`, one retry loop and one error
 * vocabulary for every wire protocol (OpenAI-compatible, Anthropic, Gemini, Ollama's own).
 *
 * Chosen over the `openai` npm package by measurement (see the AI client note in the
 * issue): the SDK adds ~120 ms to start-up, does not time out a stalled stream and
 * does not retry a stream that drops mid-way, which this client must do anyway.
 */

import { CancelledError, ProviderError } from "../errors.ts";
import { log } from "../log/mod.ts";
import type { ProviderConfig } from "../config/types.ts";
import type { ChatClient, ChatOptions, ChatRequest, ChatResult, ChatStreamEvent } from "./types.ts";
import { attemptChat, type RetryOutcome } from "./attempt.ts";
import { abortableSleep, backoffDelay, type SleepFn } from "./retry.ts";
import { profileFor } from "./providers/mod.ts";
import type { ProviderProfile } from "./providers/profile.ts";
import { outputLimit } from "./providers/output_limit.ts";
import type { Wire } from "./providers/wire.ts";
import type { WireName } from "./providers/profile.ts";
import { openaiWire } from "./providers/openai_wire.ts";
import { providerFetch } from "./http_client.ts";

/** A request this soon after the previous body ended waits one event-loop turn. */
const POOL_SETTLE_MS = 5;

/** Defaults of ProviderConfig's optional network settings. */
export const CLIENT_DEFAULTS = {
  requestTimeoutMs: 60_000,
  idleTimeoutMs: 120_000,
  maxRetries: 3,
} as const;

/** Test seams and overrides of createChatClient. */
export interface ChatClientOptions {
  /** Replaces the global fetch. */
  fetch?: typeof fetch;
  /** Replaces the backoff wait (tests record the delay instead of waiting). */
  sleep?: SleepFn;
  /** Source of backoff jitter, in [0, 1). */
  random?: () => number;
  /**
   * The server family, when the caller detected it (detectProfile); by default it is
   * found from the provider's config (profileFor).
   */
  profile?: ProviderProfile;
}

/** Creates a client for one provider. Connections are pooled by Deno's fetch. */
export function createChatClient(
  provider: ProviderConfig,
  options: ChatClientOptions = {},
): ChatClient {
  const baseUrl = provider.baseUrl.replace(/\/+$/, "");
  // Through the provider's own CA bundle and pool settings, when it has any.
  const fetchFn = providerFetch(options.fetch ?? fetch, provider);
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const profile = options.profile ?? profileFor(provider);
  const requestTimeoutMs = provider.requestTimeoutMs ?? CLIENT_DEFAULTS.requestTimeoutMs;
  const idleTimeoutMs = provider.idleTimeoutMs ?? CLIENT_DEFAULTS.idleTimeoutMs;
  const maxRetries = provider.maxRetries ?? CLIENT_DEFAULTS.maxRetries;

  // After a body ends, fetch returns its connection to the pool one event-loop turn later;
  // a request sent in that gap opens a new connection. Wait that turn only when needed.
  let releasedAt = -Infinity;
  const poolSettled = async () => {
    if (performance.now() - releasedAt < POOL_SETTLE_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  const released = () => void (releasedAt = performance.now());

  const listModels = async (signal?: AbortSignal, model = "") => {
    const wire = await loadWire(profile.wireFor(provider, model));
    await poolSettled();
    try {
      const { fetchModels } = await import("./models.ts"); // only `models` and error messages list
      return await fetchModels({
        provider,
        profile,
        wire,
        baseUrl,
        fetchFn,
        requestTimeoutMs,
        signal,
      });
    } finally {
      released();
    }
  };

  async function chat(request: ChatRequest, chatOptions: ChatOptions = {}): Promise<ChatResult> {
    const { signal } = chatOptions;
    const emit = (event: ChatStreamEvent) => chatOptions.onEvent?.(event);
    if (signal?.aborted) throw new CancelledError();
    const stream = request.stream ?? true;
    const wireName = profile.wireFor(provider, request.model);
    const wire: Wire = await loadWire(wireName);
    const maxTokens = outputLimit(request, provider, profile, wireName);
    const sent = wire.request(request, { provider, profile, baseUrl, stream, maxTokens });
    const context = {
      provider,
      profile,
      wire,
      fetch: fetchFn,
      ...sent,
      model: request.model,
      hasTools: (request.tools?.length ?? 0) > 0,
      // A non-streamed answer sends its headers only once the whole message is generated.
      requestTimeoutMs: stream ? requestTimeoutMs : Math.max(requestTimeoutMs, idleTimeoutMs),
      idleTimeoutMs,
      signal,
      emit,
      listModels: () => listModels(signal, request.model),
    };
    if (log.enabled("debug")) {
      log.debug("chat_request", {
        provider: provider.name,
        model: request.model,
        messages: request.messages.length,
        tools: request.tools?.length ?? 0,
        stream,
      });
    }
    const byFamily = new Map<string, number>();
    for (let retry = 1;; retry++) {
      await poolSettled();
      const outcome = await attemptChat(context);
      released();
      if (outcome.kind === "done") return outcome.result;
      const exhausted = exhaustedAfter(outcome, retry, maxRetries, byFamily);
      if (exhausted !== undefined) throw giveUp(outcome, exhausted);
      if (outcome.restart) emit({ type: "restart", reason: outcome.reason });
      const delayMs = outcome.retryAfterMs ?? backoffDelay(retry, random);
      const { status, code } = outcome.error;
      log.warn("request_retry", { attempt: retry, status, code, delayMs, error: outcome.reason });
      emit({ type: "retry", attempt: retry, delayMs, reason: outcome.reason });
      try {
        await sleep(delayMs, signal);
      } catch (error) {
        if (signal?.aborted) throw new CancelledError();
        throw error;
      }
      if (signal?.aborted) throw new CancelledError();
    }
  }

  return {
    baseUrl,
    chat: (request, options) => logFailure(chat(request, options), provider, request.model),
    listModels: (signal) => logFailure(listModels(signal), provider),
  };
}

/** Logs a final provider failure (`provider_error`) on its way to the caller. */
async function logFailure<T>(work: Promise<T>, provider: ProviderConfig, model?: string) {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ProviderError) {
      const { code, status, message } = error;
      log.error("provider_error", { provider: provider.name, model, code, status, error: message });
    }
    throw error;
  }
}

/**
 * The wire called `name`. OpenAI's is loaded with the client; the native ones only when a
 * provider speaks them, so most runs never load their code.
 */
function loadWire(name: WireName): Wire | Promise<Wire> {
  switch (name) {
    case "openai":
      return openaiWire;
    case "anthropic":
      return import("./providers/anthropic_wire.ts").then((m) => m.anthropicWire);
    case "google":
      return import("./providers/google_wire.ts").then((m) => m.googleWire);
    case "ollama":
      return import("./providers/ollama_wire.ts").then((m) => m.ollamaWire);
  }
}

/**
 * The number of retries spent when this failure must not be retried again (the
 * provider's maxRetries, or its family's own limit), else undefined.
 */
function exhaustedAfter(
  outcome: RetryOutcome,
  retry: number,
  maxRetries: number,
  byFamily: Map<string, number>,
): number | undefined {
  if (retry > maxRetries) return maxRetries;
  if (!outcome.limit) return undefined;
  const { family, retries } = outcome.limit;
  const used = byFamily.get(family) ?? 0;
  if (used >= retries) return used;
  byFamily.set(family, used + 1);
  return undefined;
}

function giveUp(outcome: RetryOutcome, retries: number): ProviderError {
  const { error } = outcome;
  const tries = retries === 0
    ? ""
    : ` (gave up after ${retries} ${retries === 1 ? "retry" : "retries"})`;
  return new ProviderError(`${error.message}${tries}`, {
    code: error.code,
    status: error.status,
    cause: error.cause,
  });
}
