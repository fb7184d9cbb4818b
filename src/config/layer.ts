/**
 * One source of config (a file or an env var) turned into a validated Layer:
 * env vars expanded, fields validated with the source and path in every error,
 * Nanocoder's spellings mapped to ours. load.ts merges the layers. A file of a project
 * that is not trusted loses its widening keys first (untrusted.ts) and expands no
 * variable: what it lost is listed in `ignored`, for one warning per file.
 */
import { isAbsolute, join, resolve } from "node:path";
import type {
  McpServerConfig,
  ProviderConfig,
  WebFetchSettings,
  WebSearchSettings,
} from "./types.ts";
import type { Env } from "./paths.ts";
import { expandEnvVars, type MissingVar, type VarLookup } from "./expand.ts";
import {
  invalidField,
  KNOWN_KEYS,
  rawProviderSchema,
  rawSettingsSchema,
  validate,
} from "./schema.ts";
import { normalizeProvider } from "./providers.ts";
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
  const written = wrapped ? data.nanocoder : data;
  if (!isObject(written)) throw invalidField(source, root, "an object", written);
  const warnings: string[] = [];
  warnTypos(written, source, root, warnings);
  const { settings, ignored } = ctx.untrusted
    ? stripWidening(written, root)
    : { settings: written, ignored: [] };
  const expanded = expand(settings, ctx, root, warnings, ignored);
  const raw = validate(rawSettingsSchema, expanded, source, root);
  const layer = emptyLayer(ctx, warnings, ignored);
  const at = (key: string) => (root ? `${root}.${key}` : key);
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
    layer.allowedDirs = raw.allowedDirs.map((d) => resolveDir(d, source, ctx.env));
  }
  layer.alwaysAllow = raw.alwaysAllow;
  layer.webFetch = raw.webFetch;
  layer.allowGitWrites = raw.allowGitWrites;
  return layer;
}

/** A layer from a `.mcp.json`: `{"mcpServers": {...}}`. */
export function mcpJsonLayer(data: unknown, ctx: LayerContext): Layer {
  const { source } = ctx;
  if (!isObject(data)) {
    throw invalidField(source, "(top level)", `an object like {"mcpServers": {...}}`, data);
  }
  const warnings: string[] = [];
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
  const warnings: string[] = [];
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
  if (!result.ok) layer.warnings.push(result.warning);
  else if (!layer.providers.some((p) => p.name === result.provider.name)) {
    layer.providers.push(result.provider);
  } else {
    // Same name twice in one file: the later entry wins, as in Nanocoder's map.
    layer.providers = layer.providers.map((p) =>
      p.name === result.provider.name ? result.provider : p
    );
  }
}

/** `~/x` → home, relative → against the directory of the config file. */
function resolveDir(dir: string, source: string, env: Env): string {
  const home = env.HOME ?? env.USERPROFILE;
  if (home && (dir === "~" || dir.startsWith("~/"))) return join(home, dir.slice(1));
  if (isAbsolute(dir)) return resolve(dir);
  return resolve(source, "..", dir);
}

/** Warns about a top-level key that looks like a misspelt known one. */
function warnTypos(
  settings: Record<string, unknown>,
  source: string,
  root: string,
  warnings: string[],
): void {
  for (const key of Object.keys(settings)) {
    if (KNOWN_KEYS.includes(key)) continue;
    const near = KNOWN_KEYS.find((known) =>
      known.toLowerCase() === key.toLowerCase() ||
      (key.length >= 4 &&
        editDistance(known.toLowerCase(), key.toLowerCase()) <= (key.length >= 8 ? 2 : 1))
    );
    if (near) {
      const at = root ? `${root}.${key}` : key;
      warnings.push(`Unknown key "${at}" in "${source}" (ignored): did you mean "${near}"?`);
    }
  }
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}
