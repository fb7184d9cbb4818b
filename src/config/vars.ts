/**
 * Where values come from: the shell environment and the project's `.env` (the shell
 * wins, as with Nanocoder's dotenv). Trust decides what the `.env` may do:
 *
 * - trusted: it is part of the environment, for `$VAR` in every config file and for
 *   nanocoder's own settings (`NANOCODER_BASE_URL`, `NANOCODER_MODEL`...);
 * - not trusted: it only supplies credentials and model names for the user's own
 *   config (`apiKey`, `headers`, `models` values) and a built-in preset's key variable
 *   (`OPENROUTER_API_KEY` for `openrouter`, which only ever goes to openrouter.ai). It
 *   cannot name a URL, a command, a directory or a `NANOCODER_*` setting, so it cannot
 *   send a provider (and the user's key) to a host the project chose.
 *
 * The project's own config files expand no variable at all until trusted (load.ts).
 */
import type { Env } from "./paths.ts";
import type { DotEnv } from "./env_file.ts";
import type { VarLookup } from "./expand.ts";
import { PROVIDER_PRESETS } from "./presets.ts";

/** The variables config loading may see. */
export interface ConfigVars {
  /** The process environment, read within `--allow-env`. */
  shell: Env;
  /** The project's `.env`, when it has one. */
  dotenv?: DotEnv;
  /** The project directory is trusted. */
  trusted: boolean;
}

/** Key variables of the built-in presets: bound to the preset's own host. */
const PRESET_KEY_VARS = new Set(
  PROVIDER_PRESETS.flatMap((p) => p.apiKeyEnv ?? []),
);

/**
 * Fields an untrusted `.env` may fill in the user's own config: credentials and model
 * names, which go to the host the user chose and so cannot redirect anything.
 */
function isCredentialField(path: string): boolean {
  return /(^|\.)apiKey$/.test(path) || /(^|\.)headers(\.|\[)/.test(path) ||
    /(^|\.)models\[\d+\]$/.test(path);
}

/**
 * The environment nanocoder's own settings read (`NANOCODER_*`, preset keys): the
 * shell's, over the whole `.env` when trusted, or over only the preset key variables of
 * an untrusted `.env`.
 */
export function settingsEnv(vars: ConfigVars): Env {
  const values = vars.dotenv?.values ?? {};
  const extra = vars.trusted
    ? values
    : Object.fromEntries(Object.entries(values).filter(([name]) => PRESET_KEY_VARS.has(name)));
  return Object.keys(extra).length ? layered(vars.shell, extra) : vars.shell;
}

/**
 * `$VAR` lookup for the user's own files and `NANOCODER_PROVIDERS`/`_MCPSERVERS`.
 * `onRefused` hears each variable that only an untrusted `.env` has, where it may not go.
 */
export function userLookup(
  vars: ConfigVars,
  onRefused: (name: string, path: string) => void = () => {},
): VarLookup {
  const values = vars.dotenv?.values ?? {};
  return (name, path) => {
    const shell = vars.shell[name];
    if (shell !== undefined || !(name in values)) return shell;
    if (vars.trusted || isCredentialField(path)) return values[name];
    onRefused(name, path);
    return undefined;
  };
}

/** `$VAR` lookup for the project's own files: none until the directory is trusted. */
export function projectLookup(vars: ConfigVars): VarLookup {
  const env = settingsEnv(vars);
  return vars.trusted ? (name) => env[name] : () => undefined;
}

/** Why a variable of the user's file was not taken from the untrusted `.env`. */
export function refusedWarning(
  vars: ConfigVars,
  source: string,
  name: string,
  path: string,
): string {
  return `Environment variable "${name}" is set only in "${vars.dotenv?.path}", which is not ` +
    `trusted: not used for ${path || "the value"} in "${source}" (an untrusted .env only ` +
    `gives keys and model names)`;
}

/**
 * `NANOCODER_*` settings read from the environment this module gives (settingsEnv), so a
 * trusted `.env` may set them. The others (`NANOCODER_CONFIG_DIR`, `NANOCODER_DATA_DIR`,
 * `NANOCODER_LOG_*`...) are read from the shell only: where config and logs live is decided
 * before any project is looked at, and trust never comes from a project's file.
 */
const DOTENV_SETTINGS = new Set([
  "NANOCODER_MODEL",
  "NANOCODER_BASE_URL",
  "NANOCODER_API_KEY",
  "NANOCODER_PROVIDERS",
  "NANOCODER_PROVIDERS_FILE",
  "NANOCODER_MCPSERVERS",
  "NANOCODER_MCPSERVERS_FILE",
  "NANOCODER_MAX_TURNS",
  "NANOCODER_CONTEXT_LIMIT",
  "NANOCODER_IGNORE_PROJECT_CONFIG",
]);

/** Names in a trusted `.env` that Nanocoder would read and nanocoder takes from the shell only. */
export function shellOnlyDotEnvNames(vars: ConfigVars): string[] {
  if (!vars.trusted || !vars.dotenv) return [];
  return Object.keys(vars.dotenv.values).filter((name) =>
    vars.shell[name] === undefined &&
    ((name.startsWith("NANOCODER_") && !DOTENV_SETTINGS.has(name)) || name.startsWith("XDG_"))
  );
}

/** Names in an untrusted `.env` that would configure nanocoder itself, and are ignored. */
export function ignoredDotEnvNames(vars: ConfigVars): string[] {
  if (vars.trusted || !vars.dotenv) return [];
  return Object.keys(vars.dotenv.values).filter((name) =>
    name.startsWith("NANOCODER_") && vars.shell[name] === undefined
  );
}

/**
 * `shell` with `extra` under it. A Proxy, because with a partial `--allow-env` the
 * shell env is itself a Proxy reading variables on demand (paths.ts), which spreading
 * would empty.
 */
function layered(shell: Env, extra: Record<string, string>): Env {
  return new Proxy({} as Env, {
    get: (_target, name) => typeof name === "string" ? shell[name] ?? extra[name] : undefined,
    has: (_target, name) =>
      typeof name === "string" && (shell[name] !== undefined || name in extra),
    ownKeys: () => [...new Set([...Reflect.ownKeys(shell), ...Object.keys(extra)])],
    getOwnPropertyDescriptor: (_target, name) => {
      if (typeof name !== "string") return undefined;
      const value = shell[name] ?? extra[name];
      return value === undefined
        ? undefined
        : { value, enumerable: true, configurable: true, writable: false };
    },
  });
}
