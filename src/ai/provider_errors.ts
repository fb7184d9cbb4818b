/**
 * Turns HTTP failures and network errors of OpenAI-compatible servers into
 * ProviderErrors whose messages tell the user what to do.
 */

import { PermissionDeniedError, ProviderError } from "../errors.ts";
import type { ProviderConfig } from "../config/types.ts";
import { LOCAL_PROFILES, profileFor } from "./providers/mod.ts";
import type { ProviderProfile } from "./providers/profile.ts";

/** What a 404 that is not about the model leads with, unless the profile knows better. */
export const NOT_FOUND_HINT = "check that the base URL ends in /v1";

/** Env vars users usually keep hosted providers' keys in. */
const KEY_VARS_BY_HOST: [RegExp, string][] = [
  [/(^|\.)openrouter\.ai$/, "OPENROUTER_API_KEY"],
  [/(^|\.)openai\.com$/, "OPENAI_API_KEY"],
  [/(^|\.)groq\.com$/, "GROQ_API_KEY"],
  [/(^|\.)mistral\.ai$/, "MISTRAL_API_KEY"],
  [/(^|\.)deepseek\.com$/, "DEEPSEEK_API_KEY"],
];

const CONTEXT_LENGTH_PATTERN = new RegExp(
  [
    "context[_ ]length",
    "context size",
    "context window",
    "maximum context",
    "exceeds? (the )?(available )?context",
    "max_model_len",
    "maximum model length",
    "prompt is too long",
    "too many tokens",
    "reduce the length",
    "input is too large",
    "tokens to keep from the initial prompt",
  ].join("|"),
  "i",
);

const MODEL_NOT_FOUND_PATTERN =
  /model[^.]*\b(not found|does not exist|not exist|is not available|not loaded)|no such model|unknown model|model_not_found|invalid model|no models loaded/i;

/** The name of the server that usually listens on `baseUrl`'s port, if any. */
export function likelyServer(baseUrl: string): string | undefined {
  try {
    const port = new URL(baseUrl).port;
    return LOCAL_PROFILES.find((p) => String(p.defaultPort) === port)?.label;
  } catch {
    return undefined;
  }
}

/** Whether a server's error text means the prompt did not fit the model's context. */
export function isContextLengthError(message: string, code?: unknown): boolean {
  return code === "context_length_exceeded" || CONTEXT_LENGTH_PATTERN.test(message);
}

/** Whether a server's error text means the requested model does not exist there. */
export function isModelNotFoundError(message: string, code?: unknown): boolean {
  return code === "model_not_found" || MODEL_NOT_FOUND_PATTERN.test(message);
}

/** How a fetch failed before any response arrived. */
export type NetworkFailure = "refused" | "dns" | "reset";

/** Classifies a fetch rejection by its message (Deno puts the detail in `cause`). */
export function classifyNetworkError(error: unknown): { kind: NetworkFailure; detail: string } {
  const text = errorText(error);
  if (/are blocked/i.test(text)) return { kind: "refused", detail: lastClause(text) };
  if (/connection refused|ECONNREFUSED/i.test(text)) {
    return { kind: "refused", detail: "connection refused" };
  }
  if (/dns error|failed to lookup|ENOTFOUND|Name or service not known|EAI_AGAIN/i.test(text)) {
    return { kind: "dns", detail: "host not found" };
  }
  if (/client error \(Connect\)|network is unreachable|no route to host/i.test(text)) {
    return { kind: "refused", detail: lastClause(text) };
  }
  return { kind: "reset", detail: lastClause(text) };
}

/** rustls' words for a certificate it does not trust. */
const TLS_TRUST = /UnknownIssuer|invalid peer certificate|certificate verify failed/i;

/** The error for a server that could not be reached at all. */
export function unreachableError(
  provider: ProviderConfig,
  detail: string,
  cause?: unknown,
): ProviderError {
  // A local family (by name or default port) is the server to start.
  const profile = profileFor(provider);
  const server = profile.defaultPort ? profile.label : undefined;
  const hint = TLS_TRUST.test(detail)
    ? provider.caCertPath
      ? ` (its certificate is not signed by a CA in "${provider.caCertPath}")`
      : ` (its TLS certificate is not trusted: for a private CA, set "caCertPath" on the provider)`
    : server
    ? ` (is ${server} running?)`
    : " (is the server running and the URL right?)";
  return new ProviderError(`Cannot reach provider "${provider.baseUrl}": ${detail}${hint}`, {
    code: "unreachable",
    cause,
  });
}

/**
 * A 200 answer that is neither the API's JSON nor its stream: something else answered —
 * a proxy, a sign-in page, the server's web UI — usually because the base URL misses its
 * /v1 or points at the site rather than the API.
 */
export function notJsonError(
  provider: ProviderConfig,
  text: string,
  status: number,
  profile: ProviderProfile = profileFor(provider),
): ProviderError {
  const check = profile.notFoundHint ?? `${NOT_FOUND_HINT} and points at the API itself`;
  return new ProviderError(
    `Provider "${provider.baseUrl}" answered with something other than JSON: ` +
      `${text.trim().slice(0, 200)} (a proxy or a web page answered, not the API: ${check})`,
    { code: "bad_response", status },
  );
}

/** Rethrows Deno's permission denial in the project's own error type. */
export function permissionError(provider: ProviderConfig, error: unknown): Error | undefined {
  if (!(error instanceof Deno.errors.NotCapable)) return undefined;
  let host = provider.baseUrl;
  try {
    host = new URL(provider.baseUrl).host;
  } catch { /* keep the raw URL */ }
  return new PermissionDeniedError(
    `Network access to provider "${provider.baseUrl}" is not allowed: run with --allow-net=${host}`,
    { cause: error },
  );
}

/** Message and code out of an OpenAI-style error body (`{"error": {...}}`) or plain text. */
export function parseErrorBody(text: string): { message: string; code?: unknown } {
  try {
    const json = JSON.parse(text);
    const error = json?.error ?? json;
    if (typeof error === "string") return { message: error };
    const message = error?.message ?? json?.message ?? json?.detail;
    if (typeof message === "string") {
      return { message, code: error?.code ?? error?.type };
    }
  } catch { /* not JSON */ }
  return { message: text.trim().slice(0, 500) };
}

/** What the HTTP error builder needs beyond the response. */
export interface HttpErrorContext {
  provider: ProviderConfig;
  model?: string;
  /** Lists the server's models, for an unknown-model message. */
  listModels: () => Promise<string[]>;
  /** The provider's profile, when the caller has it (else looked up). */
  profile?: ProviderProfile;
}

/**
 * The ProviderError for a non-retryable (or finally failed) HTTP response.
 * An unknown model asks the server for its models so the user can pick one.
 */
export async function httpError(
  status: number,
  bodyText: string,
  ctx: HttpErrorContext,
): Promise<ProviderError> {
  const { message, code } = parseErrorBody(bodyText);
  const detail = message || `HTTP ${status}`;
  const where = `provider "${ctx.provider.name}" (${ctx.provider.baseUrl})`;
  if (status === 401 || status === 403) {
    // "Incorrect API key provided: sk-…. You can find…" ends in a period: no ".:" join.
    return new ProviderError(
      `${capitalize(where)} rejected the request (${status}): ${detail.replace(/\.\s*$/, "")}: ${
        keyAdvice(ctx.provider)
      }`,
      { code: "unauthorized", status },
    );
  }
  if (isContextLengthError(message, code)) {
    return new ProviderError(
      `The conversation does not fit the context window of model "${ctx.model}": ${detail} ` +
        `(if the window nanocoder assumes is too large, set the real one: --context-max or ` +
        `"contextWindow" in config)`,
      { code: "context_length_exceeded", status },
    );
  }
  if (ctx.model && (isModelNotFoundError(message, code) || status === 404)) {
    const unknown = await unknownModelError(status, detail, ctx);
    if (unknown) return unknown;
  }
  if (status === 429) {
    return new ProviderError(`Rate limited by ${where}: ${detail}`, {
      code: "rate_limited",
      status,
    });
  }
  if (status >= 500) {
    return new ProviderError(`Server error from ${where} (${status}): ${detail}`, {
      code: "server_error",
      status,
    });
  }
  if (status === 404) {
    // The usual cause is a base URL without its /v1 (or with one too many): say that first.
    const hint = (ctx.profile ?? profileFor(ctx.provider)).notFoundHint ?? NOT_FOUND_HINT;
    return new ProviderError(`${capitalize(hint)}: ${where} answered 404: ${detail}`, {
      code: "bad_request",
      status,
    });
  }
  return new ProviderError(`Request rejected by ${where} (${status}): ${detail}`, {
    code: "bad_request",
    status,
  });
}

async function unknownModelError(
  status: number,
  detail: string,
  ctx: HttpErrorContext,
): Promise<ProviderError | undefined> {
  let models: string[] | undefined;
  let listFailure = "";
  try {
    models = await ctx.listModels();
  } catch (error) {
    listFailure = errorText(error);
  }
  // A 404 that does not mention a model is a wrong path when the server lists the model,
  // or when its model list is not found either (a base URL without its /v1).
  if ((models === undefined || models.includes(ctx.model!)) && !isModelNotFoundError(detail)) {
    return undefined;
  }
  const available = models === undefined
    ? `could not list the server's models: ${listFailure}`
    : models.length === 0
    ? "the server lists no models"
    : `available models: ${models.join(", ")}`;
  const pull = (ctx.profile ?? profileFor(ctx.provider)).id === "ollama"
    ? ` (or run "ollama pull ${ctx.model}")`
    : "";
  return new ProviderError(
    `Unknown model "${ctx.model}" on provider "${ctx.provider.name}" (${ctx.provider.baseUrl}): ${available}${pull}`,
    { code: "unknown_model", status },
  );
}

function keyAdvice(provider: ProviderConfig): string {
  let envVar = "NANOCODER_API_KEY";
  try {
    const host = new URL(provider.baseUrl).hostname;
    envVar = KEY_VARS_BY_HOST.find(([re]) => re.test(host))?.[1] ?? envVar;
  } catch { /* keep the generic name */ }
  const field = `"apiKey" of provider "${provider.name}" in agents.config.json`;
  return provider.apiKey
    ? `check the API key (${field}, --api-key or NANOCODER_API_KEY)`
    : `no API key is set: set ${field} (e.g. "$${envVar}"), --api-key or NANOCODER_API_KEY`;
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

function lastClause(text: string): string {
  const parts = text.split(/\): |: /);
  return (parts[parts.length - 1] || text).trim();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
