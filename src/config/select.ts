/**
 * selectProvider(): which provider and model a run uses. Precedence, highest first:
 * `--base-url URL` (ad-hoc provider), `--provider NAME` (configured, else a preset),
 * `NANOCODER_BASE_URL`, then the default provider (the user's own first, or the trusted
 * project's first: see load.ts). A provider only an untrusted project defines is used
 * only when named, with a warning saying where requests go.
 */
import { ConfigError } from "../errors.ts";
import type { NanocoderConfig, ProviderConfig } from "./types.ts";
import { type Env, processEnv } from "./paths.ts";
import {
  findPreset,
  presetKey,
  presetProvider,
  PROVIDER_PRESETS,
  providerNameForUrl,
} from "./presets.ts";
import { hostOf, isHttpUrl, sameOrigin } from "./url.ts";

/** The provider flags of the command line. */
export interface ProviderFlags {
  provider?: string;
  model?: string;
  baseUrl?: string;
  apiKey?: string;
}

/** The chosen provider and model, and where the choice came from. */
export interface ProviderSelection {
  provider: ProviderConfig;
  model: string;
  origin: "flags" | "env" | "config" | "preset";
  /** Something the user should see before the first request (an untrusted project's provider). */
  warning?: string;
}

/**
 * Nothing to run with: no provider at all (`reason: "nothing_configured"`: the caller
 * may probe localhost and suggest what it finds), or a provider without any model
 * (`reason: "no_model"`, with `provider` set: the caller may ask the server's
 * `/v1/models` and retry with `flags.model`).
 */
export class NoProviderError extends ConfigError {
  override name = "NoProviderError";
  constructor(
    message: string,
    readonly reason: "nothing_configured" | "no_model",
    readonly provider?: ProviderConfig,
  ) {
    super(message);
  }
}

const PRESET_NAMES = PROVIDER_PRESETS.map((p) => p.name);

/**
 * Picks the provider and model. `--model` need not be in the provider's list (servers
 * serve more than a config names); without it the provider's first model is used.
 * `NANOCODER_MODEL` applies when no `--provider` names one (it goes with
 * `NANOCODER_BASE_URL` or the default provider); `--api-key` overrides any key.
 */
export function selectProvider(
  config: NanocoderConfig,
  flags: ProviderFlags,
  env: Env = processEnv(),
): ProviderSelection {
  if (flags.baseUrl !== undefined) return fromUrl(config, flags, env, flags.baseUrl, "--base-url");
  if (flags.provider !== undefined) return fromName(config, flags, env, flags.provider);
  if (env.NANOCODER_BASE_URL) {
    return fromUrl(config, flags, env, env.NANOCODER_BASE_URL, "NANOCODER_BASE_URL");
  }
  const first = config.providers.find((p) => p.name === config.defaultProvider);
  if (!first) throw config.providers.length ? onlyUntrusted(config) : nothingConfigured();
  const provider = withKey(first, flags.apiKey);
  return {
    provider,
    model: pickModel(provider, flags.model ?? env.NANOCODER_MODEL, config),
    origin: "config",
  };
}

/** An ad-hoc provider at `url`, or the named provider moved there. */
function fromUrl(
  config: NanocoderConfig,
  flags: ProviderFlags,
  env: Env,
  url: string,
  what: string,
): ProviderSelection {
  if (!isHttpUrl(url)) {
    throw new ConfigError(
      `Invalid ${what} "${url}": expected an http(s) URL such as http://localhost:11434/v1`,
    );
  }
  const named = flags.provider !== undefined ? lookup(config, flags.provider, env) : undefined;
  const name = flags.provider ?? providerNameForUrl(url);
  // A preset's key variable is bound to the preset's host.
  const preset = findPreset(name);
  const keyOfPreset = preset && sameOrigin(url, preset.baseUrl)
    ? presetKey(preset, env)
    : undefined;
  // A configured provider's key moves with it (the user named both); a preset's does not.
  const namedKey = named?.origin === "config" ? named.provider.apiKey : undefined;
  const apiKey = flags.apiKey ?? namedKey ?? env.NANOCODER_API_KEY ?? keyOfPreset;
  const { apiKey: _, ...base }: ProviderConfig = named?.provider ??
    { name, baseUrl: url, models: [] };
  const provider: ProviderConfig = { ...base, baseUrl: url.replace(/\/+$/, "") };
  if (apiKey) provider.apiKey = apiKey;
  const model = pickModel(
    provider,
    flags.model ?? (flags.provider ? undefined : env.NANOCODER_MODEL),
  );
  return { provider, model, origin: what === "--base-url" ? "flags" : "env" };
}

/** `--provider NAME`: a configured provider, else a preset. */
function fromName(
  config: NanocoderConfig,
  flags: ProviderFlags,
  env: Env,
  name: string,
): ProviderSelection {
  const found = lookup(config, name, env);
  if (!found) throw unknownProvider(config, name);
  const provider = withKey(found.provider, flags.apiKey);
  const preset = findPreset(name);
  if (found.origin === "preset" && preset?.apiKeyEnv && !provider.apiKey) {
    throw new ConfigError(
      `Provider "${preset.name}" needs an API key: set ${
        preset.apiKeyEnv.join(" or ")
      } or pass --api-key KEY`,
    );
  }
  const selection: ProviderSelection = {
    provider,
    model: pickModel(provider, flags.model, config),
    origin: found.origin,
  };
  if (found.origin === "config" && config.untrustedProviders?.includes(found.provider.name)) {
    selection.warning = `Using provider "${found.provider.name}", which only this ` +
      `directory's own config defines and which you have not trusted: your prompts and ` +
      `files go to ${hostOf(provider.baseUrl)}`;
  }
  return selection;
}

/** A configured provider (exact name, then case-insensitive), else a preset. */
function lookup(
  config: NanocoderConfig,
  name: string,
  env: Env,
): { provider: ProviderConfig; origin: "config" | "preset" } | undefined {
  const key = name.trim().toLowerCase();
  const configured = config.providers.find((p) => p.name === name) ??
    config.providers.find((p) => p.name.toLowerCase() === key);
  if (configured) return { provider: configured, origin: "config" };
  const preset = findPreset(name);
  // A configured provider under the preset's canonical name wins over the preset.
  const sameAsPreset = preset && config.providers.find((p) => p.name.toLowerCase() === preset.name);
  if (sameAsPreset) return { provider: sameAsPreset, origin: "config" };
  return preset ? { provider: presetProvider(preset, env), origin: "preset" } : undefined;
}

function withKey(provider: ProviderConfig, apiKey: string | undefined): ProviderConfig {
  return apiKey ? { ...provider, apiKey } : provider;
}

/**
 * The model asked for, else the one used last with this provider (as Nanocoder, while the
 * provider still lists it, or lists none), else the provider's first.
 */
function pickModel(
  provider: ProviderConfig,
  wanted: string | undefined,
  config?: NanocoderConfig,
): string {
  const last = config?.lastModels?.[provider.name];
  const remembered = last && (!provider.models.length || provider.models.includes(last))
    ? last
    : undefined;
  const model = wanted || remembered || provider.models[0];
  if (model) return model;
  throw new NoProviderError(
    `No model chosen for provider "${provider.name}": pass --model NAME` +
      ` (or list "models" for it in agents.config.json)`,
    "no_model",
    provider,
  );
}

function unknownProvider(config: NanocoderConfig, name: string): ConfigError {
  const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(", ");
  const configured = config.providers.length
    ? `configured providers are ${quoted(config.providers.map((p) => p.name))}`
    : "no providers are configured";
  return new ConfigError(
    `Unknown provider "${name}": ${configured}; built-in presets are ${quoted(PRESET_NAMES)}`,
  );
}

/** Every configured provider comes from an untrusted project: none is picked by default. */
function onlyUntrusted(config: NanocoderConfig): ConfigError {
  const names = config.providers.map((p) => `"${p.name}"`).join(", ");
  return new ConfigError(
    `No provider to use by default: ${names} ${
      config.providers.length === 1 ? "is" : "are"
    } defined only by this directory's own config, which is not trusted. Name one with ` +
      `--provider NAME, or trust the directory with --trust-directory`,
  );
}

function nothingConfigured(): NoProviderError {
  return new NoProviderError(
    "No provider configured: pass --provider NAME --model MODEL (presets: " +
      `${PRESET_NAMES.join(", ")}), or --base-url URL --model MODEL, or set NANOCODER_BASE_URL ` +
      "and NANOCODER_MODEL, or add providers to agents.config.json",
    "nothing_configured",
  );
}
