/**
 * One source of config (a file or an env var) turned into a validated Layer:
 * env vars expanded, fields validated with the source and path in every error,
 * Nanocoder's spellings mapped to ours. load.ts merges the layers. A file of a project
 * that is not trusted loses its widening keys first (untrusted.ts) and expands no
 * variable: what it lost is listed in `ignored`, for one warning per file.
 */
import type {
  McpServerConfig,
  ProviderConfig,
  WebFetchSettings,
  WebSearchSettings,
} from "./types.ts";
import type { Env } from "./paths.ts";
import { expandEnvVars, joinPath, type MissingVar, type VarLookup } from "./expand.ts";
import { invalidField, rawProviderSchema, rawSettingsSchema, validate } from "./schema.ts";
import { normalizeProvider, resolvePath } from "./providers.ts";
import { type AppSettings, appSettings } from "./app_settings.ts";
import {
  isUnsupportedLabel,
  keyWarnings,
  MCP_FILE_KEYS,
  PROVIDER_KEYS,
  SETTINGS_KEYS,
  WRAPPED_FILE_KEYS,
} from "./keys.ts";
import { legacyProviders } from "./legacy.ts";
import { normalizeMcpServers } from "./mcp.ts";
import { stripMcpServers, stripWidening } from "./untrusted.ts";
import { z } from "zod";

/** Who wrote a source: the user (their files, their env vars) or the project's files. */
export type LayerOrigin = "user" | "project";

/** What one source contributes; undefined fields leave the decision to other layers. */
export interface Layer {
  source: string;
  origin: LayerOrigin;
  providers: ProviderConfig[];
  mcpServers: Record<string, McpServerConfig>;
  bash?: { allow?: string[]; defaultTimeoutMs?: number; maxTimeoutMs?: number };
  webSearch?: WebSearchSettings;
  sandbox?: boolean;
  allowedDirs?: string[];
  alwaysAllow?: string[];
  webFetch?: Partial<WebFetchSettings>;
  allowGitWrites?: boolean;
  /** Nanocoder's application settings (`disabledTools`, `systemPrompt`, `tune`...). */
  app?: AppSettings;
  warnings: string[];
  /** What an untrusted project's file tried to set and did not (labels for one warning). */
  ignored: string[];
}

/** How to read one source. */
export interface LayerContext {
  source: string;
  origin: LayerOrigin;
  /** For `~` in paths and a preset's key variable. */
  env: Env;
  /** `$VAR` values for this source (vars.ts decides what each source may see). */
  lookup: VarLookup;
  /** Set for a project file while its directory is not trusted. */
  untrusted?: boolean;
  /** A variable that expanded to "" needs no "is not set" warning (already explained). */
  skipMissing?: (missing: MissingVar) => boolean;
}

function emptyLayer(ctx: LayerContext, warnings: string[], ignored: string[] = []): Layer {
  return {
    source: ctx.source,
    origin: ctx.origin,
    providers: [],
    mcpServers: {},
    warnings,
    ignored,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Expands variables in `value`. An untrusted project's file gets none: each reference
 * becomes "" (or its `:-default`) and is listed in `ignored`.
 */
function expand(
  value: unknown,
  ctx: LayerContext,
  root: string,
  warnings: string[],
  ignored: string[],
) {
  const { value: out, missing } = expandEnvVars(value, ctx.lookup, root);
  for (const m of missing) {
    if (ctx.untrusted) ignored.push(`$${m.name} in ${m.path || "the value"} (not expanded)`);
    else if (!ctx.skipMissing?.(m)) {
      warnings.push(
        `Environment variable "${m.name}" is not set (used by ${m.path || "the value"} in ` +
          `"${ctx.source}"): using an empty string`,
      );
    }
  }
  return out;
}

/**
 * A layer from the parsed content of an `agents.config.json`: `{"nanocoder": {...}}`,
 * or, as Nanocoder also accepts, `providers`/`mcpServers` at the top level.
 */
export function agentsConfigLayer(data: unknown, ctx: LayerContext): Layer {
  const { source } = ctx;
  if (!isObject(data)) {
    throw invalidField(source, "(top level)", `an object like {"nanocoder": {...}}`, data);
  }
  const wrapped = "nanocoder" in data;
  const root = wrapped ? "nanocoder" : "";
  const top = wrapped ? data.nanocoder : data;
  if (!isObject(top)) throw invalidField(source, root, "an object", top);
  let written: Record<string, unknown> = top;
  const warnings: string[] = [];
  if (wrapped) {
    warnings.push(...keyWarnings(data, { keys: WRAPPED_FILE_KEYS }, "", source));
    // Nanocoder takes top-level providers when `nanocoder` has none.
    if (written.providers === undefined && data.providers !== undefined) {
      written = { ...written, providers: data.providers };
    }
  }
  const legacy = legacyProviders(written.providers, joinPath(root, "providers"), source);
  if (legacy) {
    written = { ...written, providers: legacy.providers };
    warnings.push(legacy.warning);
  }
  const known = wrapped ? SETTINGS_KEYS : { ...SETTINGS_KEYS, $schema: true as const };
  warnings.push(...keyWarnings(written, { keys: known }, root, source));
  const { settings, ignored } = ctx.untrusted
    ? stripWidening(written, root)
    : { settings: written, ignored: [] };
  // A key not supported at all is named once, by its own warning.
  const stillIgnored = ignored.filter((label) => !isUnsupportedLabel(label, root));
  const expanded = expand(settings, ctx, root, warnings, stillIgnored);
  const raw = validate(rawSettingsSchema, expanded, source, root);
  const layer = emptyLayer(ctx, warnings, stillIgnored);
  const at = (key: string) => joinPath(root, key);
  raw.providers?.forEach((p, i) => addProvider(layer, p, `${at("providers")}[${i}]`, ctx.env));
  if (raw.mcpServers !== undefined) {
    const mcp = normalizeMcpServers(raw.mcpServers, source, at("mcpServers"));
    layer.mcpServers = mcp.servers;
    warnings.push(...mcp.warnings);
  }
  if (raw.bash) layer.bash = raw.bash;
  layer.webSearch = raw.webSearch ??
    (raw.nanocoderTools?.webSearch?.apiKey
      ? { backend: "brave", apiKey: raw.nanocoderTools.webSearch.apiKey }
      : undefined);
  layer.sandbox = raw.sandbox;
  if (raw.allowedDirs) {
    layer.allowedDirs = raw.allowedDirs.map((d) => resolvePath(d, source, ctx.env));
  }
  layer.alwaysAllow = raw.alwaysAllow;
  layer.webFetch = raw.webFetch;
  layer.allowGitWrites = raw.allowGitWrites;
  const app = appSettings(raw, { source, root, untrusted: ctx.untrusted ?? false });
  layer.app = app.settings;
  warnings.push(...app.warnings);
  return layer;
}

/** A layer from a `.mcp.json`: `{"mcpServers": {...}}`. */
export function mcpJsonLayer(data: unknown, ctx: LayerContext): Layer {
  const { source } = ctx;
  if (!isObject(data)) {
    throw invalidField(source, "(top level)", `an object like {"mcpServers": {...}}`, data);
  }
  const warnings = keyWarnings(data, { keys: MCP_FILE_KEYS }, "", source);
  if (ctx.untrusted) {
    return emptyLayer(ctx, warnings, stripMcpServers(data.mcpServers, "mcpServers"));
  }
  const layer = emptyLayer(ctx, warnings);
  if (data.mcpServers === undefined) return layer;
  const expanded = expand(data.mcpServers, ctx, "mcpServers", warnings, layer.ignored);
  const mcp = normalizeMcpServers(expanded, source, "mcpServers");
  layer.mcpServers = mcp.servers;
  warnings.push(...mcp.warnings);
  return layer;
}

/**
 * A layer from `NANOCODER_PROVIDERS` (or the file `NANOCODER_PROVIDERS_FILE` names):
 * a JSON array of providers, or `{"nanocoder": {"providers": [...]}}`, or `{"providers": [...]}`.
 */
export function envProvidersLayer(data: unknown, ctx: LayerContext): Layer {
  const { source } = ctx;
  let list: unknown = data;
  let root = "";
  if (isObject(data)) {
    if (isObject(data.nanocoder)) {
      list = data.nanocoder.providers;
      root = "nanocoder.providers";
    } else if ("providers" in data) {
      list = data.providers;
      root = "providers";
    } else {
      // One provider where a list belongs (a common slip): say what was given.
      const expected =
        'an array of providers (a single provider goes in [ ]) or {"providers": [...]}';
      throw invalidField(source, "(top level)", expected, data);
    }
  }
  if (!Array.isArray(list)) {
    throw invalidField(source, root || "(top level)", "an array of providers", list);
  }
  const warnings = keyWarnings(list, { each: PROVIDER_KEYS }, root, source);
  const expanded = expand(list, ctx, root, warnings, []);
  const raw = validate(z.array(rawProviderSchema), expanded, source, root);
  const layer = emptyLayer(ctx, warnings);
  raw.forEach((p, i) => addProvider(layer, p, `${root}[${i}]`, ctx.env));
  return layer;
}

/** A layer from `NANOCODER_MCPSERVERS`: an array of servers or `{"mcpServers": {...}}`. */
export function envMcpLayer(data: unknown, ctx: LayerContext): Layer {
  if (isObject(data)) return mcpJsonLayer(data, ctx);
  const warnings: string[] = [];
  const expanded = expand(data, ctx, "", warnings, []);
  const mcp = normalizeMcpServers(expanded, ctx.source, "");
  return { ...emptyLayer(ctx, [...warnings, ...mcp.warnings]), mcpServers: mcp.servers };
}

function addProvider(
  layer: Layer,
  raw: z.infer<typeof rawProviderSchema>,
  at: string,
  env: Env,
): void {
  const result = normalizeProvider(raw, at, layer.source, env);
  if (!result.ok) {
    layer.warnings.push(result.warning);
    return;
  }
  layer.warnings.push(...result.warnings);
  if (!layer.providers.some((p) => p.name === result.provider.name)) {
    layer.providers.push(result.provider);
  } else {
    // Same name twice in one file: the later entry wins, as in Nanocoder's map.
    layer.providers = layer.providers.map((p) =>
      p.name === result.provider.name ? result.provider : p
    );
  }
}
