/**
 * Turns validated raw provider entries (Nanocoder's spelling or ours) into
 * ProviderConfig.
 */
import type { ProviderConfig, SdkProvider } from "./types.ts";
import type { Env } from "./paths.ts";
import { findPreset } from "./presets.ts";
import { invalidField, type RawProvider } from "./schema.ts";
import { joinPath } from "./expand.ts";
import { sameOrigin } from "./url.ts";

/** Where a native provider's API lives when `baseUrl` is not given (as the AI SDK's defaults). */
const SDK_BASE_URLS: Record<Exclude<SdkProvider, "openai-compatible">, string> = {
  anthropic: "https://api.anthropic.com/v1",
  google: "https://generativelanguage.googleapis.com/v1beta",
};

function isSdkProvider(value: string): value is SdkProvider {
  return value === "openai-compatible" || Object.hasOwn(SDK_BASE_URLS, value);
}

/** Result of normalizing one entry: a provider, or a reason it was skipped. */
export type NormalizedProvider =
  | { ok: true; provider: ProviderConfig }
  | { ok: false; warning: string };

/**
 * Normalizes one provider. `at` is its field path (`nanocoder.providers[2]`) and
 * `source` the file or env var, both for messages. `sdkProvider` "anthropic" and
 * "google" pass through (with their API's default URL when `baseUrl` is absent); the
 * sign-in ones (`chatgpt-codex`, `github-copilot`) are skipped with a warning. A missing
 * `baseUrl` is taken from the preset of the same name (`"name": "ollama"`), else it is
 * an error. A preset's key variable (`OPENROUTER_API_KEY`) fills a missing `apiKey` only
 * when the provider points at the preset's own host: that key is bound to that host.
 */
export function normalizeProvider(
  raw: RawProvider,
  at: string,
  source: string,
  env: Env,
): NormalizedProvider {
  const sdk = raw.sdkProvider ?? "openai-compatible";
  if (!isSdkProvider(sdk)) {
    return {
      ok: false,
      warning: `Skipped provider "${raw.name}" in "${source}": sdkProvider "${sdk}" is not ` +
        `supported (use "openai-compatible", "anthropic" or "google")`,
    };
  }
  const preset = sdk === "openai-compatible" ? findPreset(raw.name) : undefined;
  const baseUrl = raw.baseUrl ??
    (sdk === "openai-compatible" ? preset?.baseUrl : SDK_BASE_URLS[sdk]);
  if (!baseUrl) {
    throw invalidField(source, joinPath(at, "baseUrl"), "an http(s) URL string", undefined);
  }
  const presetKey = preset?.apiKeyEnv && sameOrigin(baseUrl, preset.baseUrl)
    ? env[preset.apiKeyEnv]
    : undefined;
  const apiKey = raw.apiKey || presetKey;
  const provider: ProviderConfig = {
    name: raw.name,
    ...(sdk === "openai-compatible" ? {} : { sdkProvider: sdk }),
    baseUrl: baseUrl.replace(/\/+$/, ""),
    models: raw.models ?? [],
  };
  if (apiKey) provider.apiKey = apiKey;
  copyDefined(provider, {
    contextWindow: raw.contextWindow,
    contextWindows: raw.contextWindows,
    disableToolModels: raw.disableToolModels,
    disableTools: raw.disableTools,
    toolCalling: raw.toolCalling,
    tokenizer: raw.tokenizer,
    headers: raw.headers,
    requestTimeoutMs: timeout(raw.requestTimeoutMs ?? raw.requestTimeout),
    idleTimeoutMs: timeout(raw.idleTimeoutMs ?? raw.socketTimeout),
    maxRetries: raw.maxRetries,
    maxTokens: raw.maxTokens,
  });
  return { ok: true, provider };
}

/** Nanocoder writes -1 for "no timeout"; ProviderConfig says 0. */
function timeout(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.max(0, ms);
}

function copyDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}
