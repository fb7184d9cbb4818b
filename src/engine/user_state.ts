/**
 * What nanocoder remembers about the user between sessions, for frontends: whether a
 * directory is trusted (and remembering that it is), the last provider and model, the
 * UI's own preferences, and where per-user data lives. The rules are src/config's; this
 * file only gives frontends a narrow door to them.
 */
import {
  decideTrust,
  loadPreferences,
  type Preferences,
  processEnv,
  recordLastUsed,
  trustDirectory,
  updatePreferences,
  userConfigDir,
} from "../config/mod.ts";
import { userDataDir } from "../sessions/mod.ts";

export type { Preferences };

/** Whether `cwd` is trusted now, and what decided it ("none" when it is not). */
export async function checkTrust(
  cwd: string,
  flag = false,
): Promise<{ trusted: boolean; source: "flag" | "env" | "store" | "none" }> {
  const { trusted, source } = await decideTrust(cwd, { flag });
  return { trusted, source };
}

/** Adds `cwd` to the user's trusted directories; returns the file written. */
export function rememberTrust(cwd: string): Promise<string> {
  return trustDirectory(cwd);
}

/** The preferences in effect for a project (its own file only when it is trusted). */
export async function readPreferences(cwd: string, trusted: boolean): Promise<Preferences> {
  const loaded = await loadPreferences({ cwd, env: processEnv(), trusted });
  return loaded.preferences;
}

/** Changes the preferences in effect for a project; false when no file is known. */
export async function updateProjectPreferences(
  cwd: string,
  trusted: boolean,
  change: (preferences: Preferences) => void,
): Promise<boolean> {
  const loaded = await loadPreferences({ cwd, env: processEnv(), trusted });
  if (!loaded.path) return false;
  await updatePreferences(loaded.path, change);
  return true;
}

/** Remembers the provider and model last used, as Nanocoder does on a model switch. */
export async function rememberModel(
  cwd: string,
  trusted: boolean,
  provider: string,
  model: string,
): Promise<void> {
  const loaded = await loadPreferences({ cwd, env: processEnv(), trusted });
  if (loaded.path) await recordLastUsed(loaded.path, provider, model);
}

/** The user's config directory (custom commands live in its `commands/`). */
export function userConfigDirectory(): string | undefined {
  return userConfigDir(processEnv());
}

/** The per-user data directory (where sessions live too; see src/sessions/paths.ts). */
export function appDataDirectory(): string | undefined {
  return userDataDir(processEnv());
}
