/**
 * Where the log file lives: `NANOCODER_LOG_FILE` if set, else the platform's place for
 * state and logs — `$XDG_STATE_HOME/nanocoder/logs/nanocoder.log` (default
 * `~/.local/state/…`) on Linux and other Unixes, `~/Library/Logs/nanocoder/nanocoder.log`
 * on macOS, `%LOCALAPPDATA%\nanocoder\logs\nanocoder.log` on Windows.
 */

/** Reads one environment variable; undefined when unset or not permitted. */
export type EnvGetter = (name: string) => string | undefined;

/** Deno.env.get without the permission error (or a prompt on a terminal). */
export const processEnvGetter: EnvGetter = (name) => {
  try {
    if (Deno.permissions.querySync({ name: "env", variable: name }).state !== "granted") {
      return undefined;
    }
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
};

/** The log file path, or undefined when no home directory is known. */
export function defaultLogFile(
  env: EnvGetter = processEnvGetter,
  os: string = Deno.build.os,
): string | undefined {
  const explicit = env("NANOCODER_LOG_FILE");
  if (explicit) return explicit;
  if (os === "windows") {
    const base = env("LOCALAPPDATA") ??
      (env("USERPROFILE") ? `${env("USERPROFILE")}\\AppData\\Local` : undefined);
    return base ? `${base}\\nanocoder\\logs\\nanocoder.log` : undefined;
  }
  const home = env("HOME");
  if (os === "darwin" && !env("XDG_STATE_HOME")) {
    return home ? `${home}/Library/Logs/nanocoder/nanocoder.log` : undefined;
  }
  const state = env("XDG_STATE_HOME") || (home ? `${home}/.local/state` : undefined);
  return state ? `${state}/nanocoder/logs/nanocoder.log` : undefined;
}
