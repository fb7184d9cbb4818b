/**
 * Whether the user trusts a project directory, so that its own files (config, `.mcp.json`,
 * `.env`) may widen what the agent does. Trusted means, in this order:
 *
 * 1. `--trust-directory` (this run only);
 * 2. `NANOCODER_TRUST_DIRECTORY=1` (or `true`) in the shell environment (this run only:
 *    unlike Nanocoder, which then adds the directory to the list, a variable left in a CI
 *    environment changes no file); never from a project's `.env`;
 * 3. the directory or one of its parents is in `trustedDirectories` of the user's
 *    `nanocoder-preferences.json`, where Nanocoder's trust prompt records it (and the
 *    TUI's does, through trustDirectory()). A project's own preferences file never counts.
 */
import { isAbsolute, resolve, sep } from "node:path";
import { type Env, processEnv } from "./paths.ts";
import { readPreferences, updatePreferences, userPreferencesPath } from "./preferences.ts";
import { ConfigError } from "../errors.ts";

/** Why a directory is trusted, or "none". */
export type TrustSource = "flag" | "env" | "store" | "none";

/** Where the trust store is: the user's preferences file, located from the shell env. */
export interface TrustStoreOptions {
  /** Shell environment; default the process's. */
  env?: Env;
  /** User config dir; default as Nanocoder (`NANOCODER_CONFIG_DIR`, XDG...). */
  userConfigDir?: string;
}

/** Options of decideTrust. */
export interface TrustOptions extends TrustStoreOptions {
  /** `--trust-directory` was passed. */
  flag?: boolean;
}

/** What decided a directory's trust, and warnings from reading the store. */
export interface TrustDecision {
  trusted: boolean;
  source: TrustSource;
  warnings: string[];
}

/** Decides whether `cwd` is trusted for this run: the flag, then the env var, then the store. */
export async function decideTrust(cwd: string, opts: TrustOptions = {}): Promise<TrustDecision> {
  const env = opts.env ?? processEnv();
  if (opts.flag) return { trusted: true, source: "flag", warnings: [] };
  if (isTruthy(env.NANOCODER_TRUST_DIRECTORY)) {
    return { trusted: true, source: "env", warnings: [] };
  }
  const stored = await readStore({ ...opts, env });
  const trusted = await isCovered(cwd, stored.directories);
  return { trusted, source: trusted ? "store" : "none", warnings: stored.warnings };
}

/**
 * True when `cwd` or one of its parents is in the user's trusted directories. The
 * path is compared as given (resolved) and with symlinks resolved: either counts.
 */
export async function isTrusted(cwd: string, opts: TrustStoreOptions = {}): Promise<boolean> {
  return isCovered(cwd, (await readStore(opts)).directories);
}

/**
 * Adds `cwd` (resolved) to the user's trusted directories, as Nanocoder's trust prompt
 * does; a directory already covered is not added twice. Returns the store's path.
 * Throws ConfigError when no config dir is known or the file cannot be written.
 */
export async function trustDirectory(cwd: string, opts: TrustStoreOptions = {}): Promise<string> {
  const path = storePath(opts);
  const directory = resolve(cwd);
  await updatePreferences(path, (p) => {
    const list = Array.isArray(p.trustedDirectories)
      ? p.trustedDirectories.filter((d) => typeof d === "string")
      : [];
    if (!list.some((d) => isAbsolute(d) && resolve(d) === directory)) list.push(directory);
    p.trustedDirectories = list;
  });
  return path;
}

/** The user's preferences file, where trust is stored. */
export function trustStorePath(opts: TrustStoreOptions = {}): string | undefined {
  return userPreferencesPath(opts.env ?? processEnv(), opts.userConfigDir);
}

function storePath(opts: TrustStoreOptions): string {
  const path = trustStorePath(opts);
  if (!path) {
    throw new ConfigError(
      "Cannot remember trusted directories: no user config directory is known (set HOME or NANOCODER_CONFIG_DIR)",
    );
  }
  return path;
}

/** The absolute entries of the store (a relative one would trust wherever nanocoder runs). */
async function readStore(
  opts: TrustStoreOptions,
): Promise<{ directories: string[]; warnings: string[] }> {
  const path = trustStorePath(opts);
  if (!path) return { directories: [], warnings: [] };
  const { preferences, warnings } = await readPreferences(path);
  const all = preferences.trustedDirectories ?? [];
  const directories = all.filter((d) => isAbsolute(d)).map((d) => resolve(d));
  if (directories.length < all.length) {
    warnings.push(`Ignored relative paths in "trustedDirectories" of "${path}"`);
  }
  return { directories, warnings };
}

async function isCovered(cwd: string, directories: string[]): Promise<boolean> {
  if (!directories.length) return false;
  const lexical = resolve(cwd);
  const real = await Deno.realPath(lexical).catch(() => lexical);
  return directories.some((dir) => within(lexical, dir) || within(real, dir));
}

/** `path` is `dir` or below it. */
function within(path: string, dir: string): boolean {
  if (path === dir) return true;
  return path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

function isTruthy(value: string | undefined): boolean {
  return value !== undefined && ["1", "true", "yes"].includes(value.trim().toLowerCase());
}
