/**
 * loadProjectConfig(): everything the engine needs to know about a project before the
 * first prompt, with the trust boundary applied in one place: whether the directory is
 * trusted (trust.ts), its `.env` (env_file.ts, vars.ts), the merged config with what an
 * untrusted project may not set removed (load.ts), the MCP servers that may start, the
 * preferences, and every warning the user should see once.
 */
import { resolve } from "node:path";
import type { McpServerConfig, NanocoderConfig } from "./types.ts";
import { type Env, processEnv, userConfigDir } from "./paths.ts";
import { loadConfig, type LoadConfigOptions } from "./load.ts";
import { readDotEnv } from "./env_file.ts";
import { type ConfigVars, ignoredDotEnvNames, settingsEnv, shellOnlyDotEnvNames } from "./vars.ts";
import { decideTrust, type TrustSource } from "./trust.ts";
import { type LoadedPreferences, loadPreferences, type Preferences } from "./preferences.ts";
import { untrustedWarning } from "./untrusted.ts";
import { mergeTune, tuneSettings } from "./tune.ts";
import type { TuneSettings } from "./types.ts";

/** Options of loadProjectConfig. */
export interface ProjectConfigOptions {
  /** The project directory (resolved here). */
  cwd: string;
  /** The shell environment; default the process's, within `--allow-env`. */
  env?: Env;
  /** `--trust-directory`: trust the directory for this run. */
  trustDirectory?: boolean;
  /** `--sandbox`: run shell commands in the OS sandbox whatever the config says. */
  sandbox?: boolean;
  /** User config dir; default as Nanocoder (tests point it at a temp dir). */
  userConfigDir?: string;
  /** See LoadConfigOptions: invalid sources are reported and left out (`doctor`). */
  onInvalidSource?: LoadConfigOptions["onInvalidSource"];
}

/** The project, its merged config, and the MCP servers it may start. */
export interface ProjectConfig {
  cwd: string;
  /**
   * The environment nanocoder's own settings read (`NANOCODER_MODEL`, preset keys):
   * the shell's, over the `.env` as trust allows (vars.ts). Pass it to selectProvider.
   */
  env: Env;
  config: NanocoderConfig;
  /** The project's own files count in full. */
  trusted: boolean;
  /** What made it trusted (`--trust-directory`, the env var, the stored list), or "none". */
  trustSource: TrustSource;
  /** MCP servers to start: the user's, and the project's own only when it is trusted. */
  mcpServers: Record<string, McpServerConfig>;
  /** `nanocoder-preferences.json` in effect, and its path for writing back. */
  preferences: LoadedPreferences;
  /** Things the user should know (ignored settings, unset variables, skipped files). */
  warnings: string[];
  /**
   * The user config dir, when Deno's `--allow-read` leaves it out: its config, `.mcp.json`
   * and preferences (trust store included) were skipped without a warning, since the
   * user narrowed the permissions on purpose. `doctor` and the "no provider" error say so.
   */
  unreadableUserConfigDir?: string;
}

/** Loads the project's config with the trust boundary applied; throws ConfigError when invalid. */
export async function loadProjectConfig(opts: ProjectConfigOptions): Promise<ProjectConfig> {
  const shell = opts.env ?? processEnv();
  const cwd = resolve(opts.cwd);
  const userDir = opts.userConfigDir ?? userConfigDir(shell);
  const unreadable = userDir && !mayRead(userDir) ? userDir : undefined;
  // "" means "no user config dir" to every reader below: skipped, and nothing said.
  const store = { env: shell, userConfigDir: unreadable ? "" : opts.userConfigDir };
  const trust = await decideTrust(cwd, { ...store, flag: opts.trustDirectory });
  const warnings = [...trust.warnings];
  const dotenv = await readDotEnv(cwd);
  if (dotenv.status === "skipped") warnings.push(dotenv.warning);
  const vars: ConfigVars = {
    shell,
    dotenv: dotenv.status === "ok" ? dotenv.dotenv : undefined,
    trusted: trust.trusted,
  };
  const ignoredNames = ignoredDotEnvNames(vars);
  if (vars.dotenv && ignoredNames.length) {
    warnings.push(untrustedWarning(vars.dotenv.path, ignoredNames));
  }
  const shellOnly = shellOnlyDotEnvNames(vars);
  if (vars.dotenv && shellOnly.length) {
    warnings.push(
      `Not used from "${vars.dotenv.path}": ${shellOnly.join(", ")} (nanocoder reads ` +
        `these from your shell's environment only)`,
    );
  }
  const config = await loadConfig({
    cwd,
    env: shell,
    userConfigDir: store.userConfigDir,
    trusted: trust.trusted,
    dotenv: vars.dotenv,
    onInvalidSource: opts.onInvalidSource,
  });
  if (opts.sandbox) config.sandbox = true;
  const preferences = await loadPreferences({ cwd, ...store, trusted: trust.trusted });
  preferLastProvider(config, preferences.preferences);
  const saved = preferences.preferences.tune;
  if (saved) {
    // What Nanocoder's /tune saved; the config's own `tune` wins over it.
    const tune = await savedTune(saved, preferences.path ?? "nanocoder-preferences.json");
    const merged = mergeTune(tune.tune, config.tune);
    if (merged) config.tune = merged;
    warnings.push(...tune.warnings);
  }
  warnings.push(...config.warnings ?? [], ...preferences.warnings);
  return {
    cwd,
    env: settingsEnv(vars),
    config,
    trusted: trust.trusted,
    trustSource: trust.source,
    mcpServers: config.mcpServers,
    preferences,
    warnings,
    ...(unreadable ? { unreadableUserConfigDir: unreadable } : {}),
  };
}

/** Whether `--allow-read` covers `dir` (asked, never tried: a denied read may prompt). */
function mayRead(dir: string): boolean {
  try {
    return Deno.permissions.querySync({ name: "read", path: dir }).state === "granted";
  } catch {
    return true; // cannot tell: read it and report what happens
  }
}

/**
 * As Nanocoder, the provider used last (`lastProvider`) is the default when it is still
 * configured and may be picked by default (not one only an untrusted project defines),
 * and each provider's last model (`providerModels`) its default model.
 */
function preferLastProvider(config: NanocoderConfig, preferences: Preferences): void {
  if (preferences.providerModels) config.lastModels = preferences.providerModels;
  const last = preferences.lastProvider;
  if (!last) return;
  const lower = last.toLowerCase();
  const found = config.providers.find((p) => p.name === last) ??
    config.providers.find((p) => p.name.toLowerCase() === lower);
  if (found && !config.untrustedProviders?.includes(found.name)) {
    config.defaultProvider = found.name;
  }
}

/** The `tune` saved in the preferences; one that does not validate is skipped with a warning. */
async function savedTune(
  saved: Record<string, unknown>,
  path: string,
): Promise<{ tune?: TuneSettings; warnings: string[] }> {
  // zod and the schemas load only when there is something to validate (load.ts does the same).
  const { tuneSchema } = await import("./schema.ts");
  const parsed = tuneSchema.safeParse(saved);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = ["tune", ...(issue?.path ?? [])].join(".");
    return { warnings: [`Ignored "tune" in "${path}": ${at}: expected ${issue?.message}`] };
  }
  return tuneSettings(parsed.data, "tune", path);
}
