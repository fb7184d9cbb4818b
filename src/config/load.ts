/**
 * loadConfig(): every config source, validated and merged. Precedence, highest first:
 * env vars (`NANOCODER_PROVIDERS`, `NANOCODER_MCPSERVERS` and their `_FILE` forms),
 * the project's `agents.config.json` then `.mcp.json` (in `cwd`), the user's
 * `agents.config.json` then `.mcp.json` (in the user config dir). Any invalid source
 * aborts loading with a ConfigError: nothing starts half-configured.
 *
 * Until the project directory is trusted, its files cannot widen what the agent may do
 * (untrusted.ts), expand variables, redirect a provider the user or a preset defines to
 * another host, or have their own providers picked by default (provider_gate.ts).
 */
import { join } from "node:path";
import { ConfigError } from "../errors.ts";
import {
  DEFAULT_BASH,
  DEFAULT_WEB_FETCH,
  type NanocoderConfig,
  type ProviderConfig,
} from "./types.ts";
import { CONFIG_FILE_NAME, type Env, MCP_FILE_NAME, processEnv, userConfigDir } from "./paths.ts";
import { parseJsonText, readJsonFile } from "./json_file.ts";
import type { Layer, LayerContext } from "./layer.ts";
import type { DotEnv } from "./env_file.ts";
import { type ConfigVars, projectLookup, refusedWarning, settingsEnv, userLookup } from "./vars.ts";
import { gateProjectProviders } from "./provider_gate.ts";
import { untrustedWarning } from "./untrusted.ts";
import { readSystemPrompt } from "./prompt_file.ts";
import type { AppSettings } from "./app_settings.ts";
import { mergeTune } from "./tune.ts";

/** Options of loadConfig. */
export interface LoadConfigOptions {
  /** Project directory: where the project's `agents.config.json` is looked for. */
  cwd: string;
  /** The shell environment; default the process's, read within the granted `--allow-env`. */
  env?: Env;
  /** User config dir; default as Nanocoder (`NANOCODER_CONFIG_DIR`, XDG...). */
  userConfigDir?: string;
  /**
   * The project directory is trusted (default false): its files then count in full.
   * `NANOCODER_IGNORE_PROJECT_CONFIG` set in the env skips them, as in Nanocoder.
   */
  trusted?: boolean;
  /** The project's `.env`, read by the caller (project.ts). */
  dotenv?: DotEnv;
  /**
   * Called with each invalid source (bad JSON, a field of the wrong type), which is then
   * left out instead of aborting the load, so `nanocoder doctor` can name every broken
   * file and still report what the others configure. Without it, the first one throws.
   */
  onInvalidSource?: (source: string, error: ConfigError) => void;
}

type Reader = (data: unknown, ctx: LayerContext) => Layer;
type ReaderName = "agentsConfigLayer" | "mcpJsonLayer" | "envProvidersLayer" | "envMcpLayer";

/**
 * A validating reader, imported on first use: zod and our schemas take 50-100 ms to
 * load, which a run with no config source at all (flags only) need not pay.
 */
async function reader(name: ReaderName): Promise<Reader> {
  const layers = await import("./layer.ts");
  return layers[name];
}

/**
 * Loads and validates the configuration. Missing files are fine. A project file that
 * cannot be read for lack of `--allow-read` is an error (the run would differ from what
 * the project says); a user file outside the granted paths is skipped with a warning.
 */
export async function loadConfig(opts: LoadConfigOptions): Promise<NanocoderConfig> {
  const shell = opts.env ?? processEnv();
  const vars: ConfigVars = { shell, dotenv: opts.dotenv, trusted: opts.trusted ?? false };
  const env = settingsEnv(vars);
  const userCtx = (source: string): LayerContext => {
    const refused = new Set<string>();
    return {
      source,
      origin: "user",
      env,
      lookup: userLookup(vars, (name, path) => {
        if (refused.has(`${name} ${path}`)) return;
        refused.add(`${name} ${path}`);
        warnings.push(refusedWarning(vars, source, name, path));
      }),
      // Already explained by the refusal: no second "is not set" warning.
      skipMissing: (m) => refused.has(`${m.name} ${m.path}`),
    };
  };
  const projectCtx = (source: string): LayerContext => ({
    source,
    origin: "project",
    env,
    lookup: projectLookup(vars),
    untrusted: !vars.trusted,
  });
  const layers: Layer[] = [];
  const warnings: string[] = [];
  const tolerant = tolerate(opts.onInvalidSource);
  layers.push(...await envLayers(env, userCtx, tolerant));
  if (!env.NANOCODER_IGNORE_PROJECT_CONFIG) {
    for (const [name, readerName] of FILES) {
      const path = join(opts.cwd, name);
      const layer = await tolerant(
        path,
        () => fileLayer(path, readerName, projectCtx(path), opts.cwd, warnings),
      );
      if (layer) layers.push(layer);
    }
  }
  const userDir = opts.userConfigDir ?? userConfigDir(shell);
  if (userDir) {
    for (const [name, readerName] of FILES) {
      const path = join(userDir, name);
      const layer = await tolerant(
        path,
        () => fileLayer(path, readerName, userCtx(path), undefined, warnings),
      );
      if (layer) layers.push(layer);
    }
  }
  const untrustedProviders = vars.trusted ? [] : gateProjectProviders(layers);
  const config = merge(layers, warnings, { trusted: vars.trusted, untrustedProviders });
  Object.assign(config, envSettings(env, config.warnings!));
  const prompt = layers.find((l) => l.app?.systemPrompt)?.app?.systemPrompt;
  if (prompt) {
    const { settings, warning } = await readSystemPrompt(prompt, opts.cwd, env);
    if (settings) config.systemPrompt = settings;
    if (warning) config.warnings!.push(warning);
  }
  return config;
}

/**
 * Nanocoder's settings from the environment (the shell's, and a trusted `.env`):
 * `NANOCODER_MAX_TURNS` (over `headless.maxTurns`) and `NANOCODER_CONTEXT_LIMIT`.
 */
function envSettings(env: Env, warnings: string[]): Partial<NanocoderConfig> {
  const out: Partial<NanocoderConfig> = {};
  for (
    const [name, key] of [
      ["NANOCODER_MAX_TURNS", "maxTurns"],
      ["NANOCODER_CONTEXT_LIMIT", "contextLimit"],
    ] as const
  ) {
    const text = env[name]?.trim();
    if (!text) continue;
    const value = Number(text);
    if (Number.isInteger(value) && value >= 1) out[key] = value;
    else warnings.push(`${name}="${text}" is not a positive whole number (ignored)`);
  }
  return out;
}

const FILES: [string, ReaderName][] = [
  [CONFIG_FILE_NAME, "agentsConfigLayer"],
  [MCP_FILE_NAME, "mcpJsonLayer"],
];

/**
 * One config file's layer. `project`: the project directory when the file is the
 * project's own (required to be readable, and read only inside it), else undefined.
 */
async function fileLayer(
  path: string,
  readerName: ReaderName,
  ctx: LayerContext,
  project: string | undefined,
  warnings: string[],
): Promise<Layer | undefined> {
  const result = await readJsonFile(path, project);
  switch (result.status) {
    case "missing":
      return undefined;
    case "denied":
      if (project) throw new ConfigError(`Cannot read config "${path}": ${result.reason}`);
      warnings.push(`Skipped config "${path}": ${result.reason}`);
      return undefined;
    case "refused":
      warnings.push(`Skipped config "${path}": ${result.reason}`);
      return undefined;
    case "ok":
      return (await reader(readerName))(result.data, ctx);
  }
}

type Tolerant = (
  source: string,
  load: () => Promise<Layer | undefined>,
) => Promise<Layer | undefined>;

/** Runs a source's loader; with `onInvalid`, an invalid source is reported and left out. */
function tolerate(onInvalid: LoadConfigOptions["onInvalidSource"]): Tolerant {
  return async (source, load) => {
    if (!onInvalid) return await load();
    try {
      return await load();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      onInvalid(source, error);
      return undefined;
    }
  };
}

/** Layers from `NANOCODER_PROVIDERS[_FILE]` and `NANOCODER_MCPSERVERS[_FILE]`: the user's. */
async function envLayers(
  env: Env,
  ctx: (source: string) => LayerContext,
  tolerant: Tolerant,
): Promise<Layer[]> {
  const layers: Layer[] = [];
  const pairs: [string, ReaderName][] = [
    ["NANOCODER_PROVIDERS", "envProvidersLayer"],
    ["NANOCODER_MCPSERVERS", "envMcpLayer"],
  ];
  for (const [name, readerName] of pairs) {
    const inline = env[name];
    if (inline && inline.trim()) {
      const layer = await tolerant(
        name,
        async () => (await reader(readerName))(parseJsonText(inline, name), ctx(name)),
      );
      if (layer) layers.push(layer);
      continue;
    }
    const file = env[`${name}_FILE`];
    if (!file) continue;
    const layer = await tolerant(file, async () => {
      const result = await readJsonFile(file);
      if (result.status === "ok") return (await reader(readerName))(result.data, ctx(file));
      const why = result.status === "missing" ? "no such file" : result.reason;
      throw new ConfigError(`Cannot read "${file}" named by ${name}_FILE: ${why}`);
    });
    if (layer) layers.push(layer);
  }
  return layers;
}

/** Merges layers given highest precedence first. */
function merge(
  layers: Layer[],
  warnings: string[],
  trust: { trusted: boolean; untrustedProviders: string[] },
): NanocoderConfig {
  const { untrustedProviders } = trust;
  const mcpServers: NanocoderConfig["mcpServers"] = {};
  for (const layer of layers) {
    for (const [name, server] of Object.entries(layer.mcpServers)) {
      if (!(name in mcpServers)) mcpServers[name] = server;
    }
  }
  const first = <T>(pick: (l: Layer) => T | undefined): T | undefined => {
    for (const layer of layers) {
      const value = pick(layer);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const bash = {
    allow: first((l) => l.bash?.allow) ?? DEFAULT_BASH.allow,
    defaultTimeoutMs: first((l) => l.bash?.defaultTimeoutMs) ?? DEFAULT_BASH.defaultTimeoutMs,
    maxTimeoutMs: first((l) => l.bash?.maxTimeoutMs) ?? DEFAULT_BASH.maxTimeoutMs,
  };
  if (bash.defaultTimeoutMs > bash.maxTimeoutMs) {
    const from = layers.find((l) => l.bash?.defaultTimeoutMs !== undefined)?.source;
    throw new ConfigError(
      `Invalid config "${from}": nanocoder.bash.defaultTimeoutMs: expected at most ` +
        `bash.maxTimeoutMs (${bash.maxTimeoutMs}), got ${bash.defaultTimeoutMs}`,
    );
  }
  const app = <K extends keyof AppSettings>(key: K) => first((l) => l.app?.[key]);
  const webSearch = first((l) => l.webSearch);
  const allowedDirs = [...new Set(layers.flatMap((l) => l.allowedDirs ?? []))];
  const providers = mergeProviders(layers.map((l) => l.providers));
  // The default is the first provider of the highest-precedence source that may give one:
  // with an untrusted project, only the user's own sources may.
  const defaultFrom = trust.trusted ? layers : layers.filter((l) => l.origin === "user");
  const defaultProvider = defaultFrom.flatMap((l) => l.providers)[0]?.name;
  return {
    providers,
    ...(defaultProvider ? { defaultProvider } : {}),
    ...(untrustedProviders.length ? { untrustedProviders } : {}),
    mcpServers,
    bash,
    ...(webSearch ? { webSearch } : {}),
    sandbox: first((l) => l.sandbox) ?? false,
    allowedDirs,
    alwaysAllow: first((l) => l.alwaysAllow) ?? [],
    webFetch: {
      allowPrivate: first((l) => l.webFetch?.allowPrivate) ?? DEFAULT_WEB_FETCH.allowPrivate,
      allowHosts: first((l) => l.webFetch?.allowHosts) ?? DEFAULT_WEB_FETCH.allowHosts,
    },
    allowGitWrites: first((l) => l.allowGitWrites) ?? false,
    ...defined({
      disabledTools: app("disabledTools"),
      autoCompact: app("autoCompact"),
      maxTurns: app("maxTurns"),
      tune: mergeTune(app("tune")),
      defaultMode: app("defaultMode"),
    }),
    sources: layers.map((l) => l.source),
    warnings: [...layers.flatMap(layerWarnings), ...warnings],
  };
}

/** `values` without its undefined fields (the config lists only what was set). */
function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<
    T
  >;
}

/** A layer's own warnings, and the one naming what an untrusted project's file lost. */
function layerWarnings(layer: Layer): string[] {
  if (!layer.ignored.length) return layer.warnings;
  return [...layer.warnings, untrustedWarning(layer.source, layer.ignored)];
}

/**
 * Merges provider lists given highest precedence first: a name defined in an earlier
 * list replaces the same name (exact match, as Nanocoder) in later ones, whole. The
 * order is that of first appearance, so the highest-precedence file's first provider
 * is the default.
 */
export function mergeProviders(lists: ProviderConfig[][]): ProviderConfig[] {
  const byName = new Map<string, ProviderConfig>();
  for (const list of lists) {
    for (const provider of list) {
      if (!byName.has(provider.name)) byName.set(provider.name, provider);
    }
  }
  return [...byName.values()];
}
