/**
 * `nanocoder-preferences.json`, read and written as Nanocoder does: what the app
 * remembers between sessions (last provider and model, model per provider, trusted
 * directories, UI settings). Nanocoder uses the file in the working directory when
 * there is one, else the user's (in the user config dir); `NANOCODER_CONFIG_DIR` set
 * means the user's only. Here a project's file counts only once the project is trusted,
 * and never for `trustedDirectories` (a checkout cannot trust itself: trust.ts).
 *
 * Reading is lenient (a field of the wrong type is dropped with a warning, unknown
 * fields are kept); writing is atomic, mode 0600, and refuses to replace a file that is
 * not valid JSON, so nothing the user wrote is lost.
 */
import { dirname, join } from "node:path";
import { ConfigError } from "../errors.ts";
import { parseJsonText } from "./json_file.ts";
import { CONFIG_FILE_MAX_BYTES, readProjectFile, tooBig } from "./project_file.ts";
import { type Env, userConfigDir } from "./paths.ts";
// The tools' atomic writer (temp file, fsync, rename): one implementation for the project.
import { atomicWrite } from "../tools/_private/atomic_write.ts";

/** Name of the file, in the user config dir (or a trusted project). */
export const PREFERENCES_FILE_NAME = "nanocoder-preferences.json";

/** Nanocoder's preferences, as its `UserPreferences` type names them. */
export interface Preferences {
  lastProvider?: string;
  lastModel?: string;
  /** Last model used with each provider. */
  providerModels?: Record<string, string>;
  /** Epoch ms of the last update check. */
  lastUpdateCheck?: number;
  selectedTheme?: string;
  /** Absolute paths the user trusted (the first-run trust prompt); parents count for children. */
  trustedDirectories?: string[];
  titleShape?: string;
  nanocoderShape?: string;
  /** `/tune` settings; shape owned by the tune feature. */
  tune?: Record<string, unknown>;
  notifications?: Record<string, unknown>;
  /** Where Nanocoder 1.2x wrote it; newer versions also read `nanocoder.paste`. */
  paste?: { singleLineThreshold?: number };
  reasoningExpanded?: boolean;
  compactToolDisplay?: boolean;
  enablePromptScrubbing?: boolean;
  /** Start the TUI on the alternate screen; `--alt-screen`/`--no-alt-screen` override it. */
  alternateScreen?: boolean;
  /** Nanocoder's namespaced settings (`nanocoder.paste`, `nanocoder.notifications`). */
  nanocoder?: Record<string, unknown>;
}

/** Preferences and the file they came from (and go back to). */
export interface LoadedPreferences {
  /** The file read, or where it would be; undefined when no config dir is known. */
  path?: string;
  preferences: Preferences;
  warnings: string[];
}

type Kind = "string" | "number" | "boolean" | "strings" | "stringMap" | "object";

const FIELDS: Record<keyof Preferences, Kind> = {
  lastProvider: "string",
  lastModel: "string",
  providerModels: "stringMap",
  lastUpdateCheck: "number",
  selectedTheme: "string",
  trustedDirectories: "strings",
  titleShape: "string",
  nanocoderShape: "string",
  tune: "object",
  notifications: "object",
  paste: "object",
  reasoningExpanded: "boolean",
  compactToolDisplay: "boolean",
  enablePromptScrubbing: "boolean",
  alternateScreen: "boolean",
  nanocoder: "object",
};

/** The user's preferences file: `<user config dir>/nanocoder-preferences.json`. */
export function userPreferencesPath(env: Env, configDir = userConfigDir(env)): string | undefined {
  return configDir ? join(configDir, PREFERENCES_FILE_NAME) : undefined;
}

/** Options of loadPreferences. */
export interface LoadPreferencesOptions {
  cwd: string;
  /** The shell environment (locates the user config dir). */
  env: Env;
  /** The project is trusted: its own preferences file, when it has one, is used. */
  trusted: boolean;
  /** User config dir; default as Nanocoder. */
  userConfigDir?: string;
}

/**
 * The preferences in effect: a trusted project's own file when it exists (and
 * `NANOCODER_CONFIG_DIR` is not set), else the user's. `trustedDirectories` always come
 * from the user's file. A missing or unreadable file gives empty preferences.
 */
export async function loadPreferences(opts: LoadPreferencesOptions): Promise<LoadedPreferences> {
  const userPath = userPreferencesPath(opts.env, opts.userConfigDir);
  const user = userPath ? await readPreferences(userPath) : { preferences: {}, warnings: [] };
  const warnings = [...user.warnings];
  if (opts.trusted && !opts.env.NANOCODER_CONFIG_DIR) {
    const projectPath = join(opts.cwd, PREFERENCES_FILE_NAME);
    const project = await readPreferences(projectPath, opts.cwd);
    // One that is there but could not be read (a symlink out, a FIFO) is named.
    warnings.push(...project.warnings);
    if (project.found) {
      const { trustedDirectories: _ignored, ...rest } = project.preferences;
      const trusted = user.preferences.trustedDirectories;
      return {
        path: projectPath,
        preferences: trusted ? { ...rest, trustedDirectories: trusted } : rest,
        warnings,
      };
    }
  }
  return { path: userPath, preferences: user.preferences, warnings };
}

/**
 * Reads one preferences file. Missing or unreadable: empty, `found` false (unreadable
 * and invalid JSON with a warning: the app still starts). `within`: the project, for a
 * project's own file (its symlinks must stay inside).
 */
export async function readPreferences(
  path: string,
  within?: string,
): Promise<{ preferences: Preferences; warnings: string[]; found?: boolean }> {
  const raw = await readRaw(path, within).catch((error: Error) => error);
  if (raw instanceof Error) return { preferences: {}, warnings: [raw.message] };
  if (raw === undefined) return { preferences: {}, warnings: [] };
  const preferences: Record<string, unknown> = {};
  const warnings: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const kind = FIELDS[key as keyof Preferences];
    if (kind && !hasKind(value, kind)) {
      warnings.push(`Ignored "${key}" in "${path}": expected ${KIND_WORDS[kind]}`);
    } else preferences[key] = value;
  }
  return { preferences: preferences as Preferences, warnings, found: true };
}

/**
 * Changes the preferences file at `path` with `change` and writes it back atomically
 * (mode 0600), keeping every field it does not touch. Two nanocoder processes updating
 * at once are serialized by a lock on `<path>.lock`, so neither loses the other's
 * change. Throws ConfigError when the file is not valid JSON (it is left as it is) or
 * cannot be written.
 */
export async function updatePreferences(
  path: string,
  change: (preferences: Preferences) => void,
): Promise<Preferences> {
  const fail = (error: unknown) =>
    new ConfigError(`Cannot write preferences "${path}": ${(error as Error).message}`, {
      cause: error,
    });
  let lock: Deno.FsFile;
  try {
    await Deno.mkdir(dirname(path), { recursive: true, mode: 0o700 });
    lock = await Deno.open(`${path}.lock`, { write: true, create: true, mode: 0o600 });
    await lock.lock(true);
  } catch (error) {
    throw fail(error);
  }
  try {
    const raw = (await readRaw(path)) ?? {};
    change(raw as Preferences);
    try {
      const bytes = new TextEncoder().encode(JSON.stringify(raw, null, 2) + "\n");
      await atomicWrite(path, bytes, { mode: 0o600 });
      // An existing file keeps its bits through atomicWrite: Nanocoder wrote it 0644.
      if (Deno.build.os !== "windows") await Deno.chmod(path, 0o600);
    } catch (error) {
      throw fail(error);
    }
    return raw as Preferences;
  } finally {
    lock.close();
  }
}

/** Remembers the provider and model last used, as Nanocoder's `updateLastUsed`. */
export function recordLastUsed(
  path: string,
  provider: string,
  model: string,
): Promise<Preferences> {
  return updatePreferences(path, (p) => {
    p.lastProvider = provider;
    p.lastModel = model;
    p.providerModels = { ...p.providerModels, [provider]: model };
  });
}

/** The parsed object, undefined when the file is missing; throws ConfigError otherwise. */
async function readRaw(
  path: string,
  within?: string,
): Promise<Record<string, unknown> | undefined> {
  let read;
  try {
    read = await readProjectFile(path, { within, maxBytes: CONFIG_FILE_MAX_BYTES });
  } catch (error) {
    throw new ConfigError(`Cannot read preferences "${path}": ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (read.status === "missing") return undefined;
  if (read.status !== "ok") {
    throw new ConfigError(`Cannot read preferences "${path}": ${read.reason}`);
  }
  if (read.truncated) {
    throw new ConfigError(`Cannot read preferences "${path}": ${tooBig(CONFIG_FILE_MAX_BYTES)}`);
  }
  const text = read.text;
  if (!text.trim()) return {};
  const data = parseJsonText(text, path);
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new ConfigError(`Invalid preferences "${path}": expected a JSON object`);
  }
  return data as Record<string, unknown>;
}

const KIND_WORDS: Record<Kind, string> = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  strings: "an array of strings",
  stringMap: "an object of strings",
  object: "an object",
};

function hasKind(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "strings":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
    case "stringMap":
      return isObject(value) && Object.values(value).every((v) => typeof v === "string");
    case "object":
      return isObject(value);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
