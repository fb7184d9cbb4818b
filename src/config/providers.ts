/**
 * Turns validated raw provider entries (Nanocoder's spelling or ours) into
 * ProviderConfig.
 */
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { ProviderConfig, SdkProvider } from "./types.ts";
import type { Env } from "./paths.ts";
import { findPreset, presetKey } from "./presets.ts";
import { invalidField, type RawProvider } from "./schema.ts";
import { joinPath } from "./expand.ts";
import { sameOrigin } from "./url.ts";
import { openrouterBody } from "./openrouter.ts";
import { tuneSettings } from "./tune.ts";

/** Where a native provider's API lives when `baseUrl` is not given (as the AI SDK's defaults). */
const SDK_BASE_URLS: Record<Exclude<SdkProvider, "openai-compatible">, string> = {
  anthropic: "https://api.anthropic.com/v1",
  google: "https://generativelanguage.googleapis.com/v1beta",
};

function isSdkProvider(value: string): value is SdkProvider {
  return value === "openai-compatible" || Object.hasOwn(SDK_BASE_URLS, value);
}

/** Result of normalizing one entry: a provider (and what it asks for that is not done), or why it was skipped. */
export type NormalizedProvider =
  | { ok: true; provider: ProviderConfig; warnings: string[] }
  | { ok: false; warning: string };

/**
 * Normalizes one provider. `at` is its field path (`nanocoder.providers[2]`) and
 * `source` the file or env var, both for messages. `sdkProvider` "anthropic" and
 * "google" pass through (with their API's default URL when `baseUrl` is absent); the
 * sign-in ones (`chatgpt-codex`, `github-copilot`) are skipped with a warning. A missing
 * `baseUrl` is taken from the preset of the same name (`"name": "ollama"`, `"Anthropic"`,
 * with its wire), else it is an error. A preset's key variable (`OPENROUTER_API_KEY`)
 * fills a missing `apiKey` only when the provider points at the preset's own host: that
 * key is bound to that host.
 */
export function normalizeProvider(
  raw: RawProvider,
  at: string,
  source: string,
  env: Env,
): NormalizedProvider {
  const sdkGiven = raw.sdkProvider;
  if (sdkGiven !== undefined && !isSdkProvider(sdkGiven)) {
    return {
      ok: false,
      warning: `Skipped provider "${raw.name}" in "${source}": sdkProvider "${sdkGiven}" is not ` +
        `supported (use "openai-compatible", "anthropic" or "google")`,
    };
  }
  const found = findPreset(raw.name);
  // A preset of another wire than the one written is not this provider's.
  const preset = found && (sdkGiven === undefined || sdkGiven === (found.sdkProvider ??
          "openai-compatible"))
    ? found
    : undefined;
  const sdk = sdkGiven ?? (raw.baseUrl === undefined ? preset?.sdkProvider : undefined) ??
    "openai-compatible";
  const baseUrl = raw.baseUrl ??
    preset?.baseUrl ?? (sdk === "openai-compatible" ? undefined : SDK_BASE_URLS[sdk]);
  if (!baseUrl) {
    throw invalidField(source, joinPath(at, "baseUrl"), "an http(s) URL string", undefined);
  }
  const keyOfPreset = preset && sameOrigin(baseUrl, preset.baseUrl)
    ? presetKey(preset, env)
    : undefined;
  const apiKey = raw.apiKey || keyOfPreset;
  const provider: ProviderConfig = {
    name: raw.name,
    ...(sdk === "openai-compatible" ? {} : { sdkProvider: sdk }),
    baseUrl: baseUrl.replace(/\/+$/, ""),
    models: raw.models ?? [],
  };
  if (apiKey) provider.apiKey = apiKey;
  const warnings: string[] = [];
  const headers = raw.organizationId && !hasHeader(raw.headers, "openai-organization")
    ? { ...raw.headers, "OpenAI-Organization": raw.organizationId }
    : raw.headers;
  let requestBody: Record<string, unknown> | undefined;
  if (raw.openrouter) {
    const openrouter = openrouterBody(raw.openrouter, provider, joinPath(at, "openrouter"), source);
    requestBody = openrouter.body;
    warnings.push(...openrouter.warnings);
  }
  let tune;
  if (raw.tune) {
    const settings = tuneSettings(raw.tune, joinPath(at, "tune"), source);
    tune = settings.tune;
    warnings.push(...settings.warnings);
  }
  copyDefined(provider, {
    contextWindow: raw.contextWindow,
    contextWindows: raw.contextWindows,
    disableToolModels: raw.disableToolModels,
    disableTools: raw.disableTools,
    toolCalling: raw.toolCalling,
    tokenizer: raw.tokenizer,
    headers,
    // `timeout` is what Nanocoder's provider wizard writes for the request timeout.
    requestTimeoutMs: timeout(raw.requestTimeoutMs ?? raw.requestTimeout ?? raw.timeout),
    idleTimeoutMs: timeout(raw.idleTimeoutMs ?? raw.socketTimeout),
    maxRetries: raw.maxRetries,
    maxTokens: raw.maxTokens,
    caCertPath: raw.caCertPath && resolvePath(raw.caCertPath, source, env),
    poolIdleTimeoutMs: timeout(raw.connectionPool?.idleTimeout),
    requestBody,
    tune,
  });
  return { ok: true, provider, warnings };
}

/** Nanocoder writes -1 for "no timeout"; ProviderConfig says 0. */
function timeout(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.max(0, ms);
}

function hasHeader(headers: Record<string, string> | undefined, name: string): boolean {
  return Object.keys(headers ?? {}).some((h) => h.toLowerCase() === name);
}

/**
 * `~/x` → home; a relative path → against the directory of the config file it is in
 * (the project directory for a project's file), or the current directory for an env var.
 */
export function resolvePath(path: string, source: string, env: Env): string {
  const home = env.HOME ?? env.USERPROFILE;
  if (home && (path === "~" || path.startsWith("~/"))) return join(home, path.slice(1));
  if (isAbsolute(path)) return resolve(path);
  return isAbsolute(source) ? resolve(dirname(source), path) : resolve(path);
}

function copyDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}
