/**
 * Where sessions and checkpoints live: the user data directory, as Nanocoder computes
 * it (`NANOCODER_DATA_DIR`, else `$XDG_DATA_HOME/nanocoder`, else the platform's place),
 * with one folder per project so listing a project's sessions reads only its own files.
 */
import { basename, join } from "node:path";
import { createHash } from "node:crypto";
import { type Env, processEnv } from "../config/paths.ts";

/**
 * The data directory: `NANOCODER_DATA_DIR`, else `$XDG_DATA_HOME/nanocoder` (on every
 * platform, as Nanocoder), else `%APPDATA%\nanocoder` on Windows,
 * `~/Library/Application Support/nanocoder` on macOS, `~/.local/share/nanocoder`
 * elsewhere. Undefined when no home directory is known.
 */
export function userDataDir(
  env: Env = processEnv(),
  os: string = Deno.build.os,
): string | undefined {
  if (env.NANOCODER_DATA_DIR) return env.NANOCODER_DATA_DIR;
  if (env.XDG_DATA_HOME) return join(env.XDG_DATA_HOME, "nanocoder");
  const home = os === "windows" ? env.USERPROFILE ?? env.HOME : env.HOME;
  switch (os) {
    case "windows": {
      const base = env.APPDATA ?? (home ? join(home, "AppData", "Roaming") : undefined);
      return base ? join(base, "nanocoder") : undefined;
    }
    case "darwin":
      return home ? join(home, "Library", "Application Support", "nanocoder") : undefined;
    default:
      return home ? join(home, ".local", "share", "nanocoder") : undefined;
  }
}

/**
 * A project's folder name: its directory's name (for people looking around) and a hash
 * of the whole path (so two projects named `app` never share a folder).
 */
export function projectKey(cwd: string): string {
  const name = basename(cwd).replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 40) || "root";
  const hash = createHash("sha256").update(cwd).digest("hex").slice(0, 12);
  return `${name}-${hash}`;
}

/** The folders of one project under the data directory. */
export interface ProjectStore {
  dataDir: string;
  /** `<data>/sessions/<project>`: one `<id>.jsonl` per session and `index.json`. */
  sessions: string;
  /** `<data>/checkpoints/<project>`: snapshot objects, the stat cache, timelines. */
  checkpoints: string;
}

/** The store folders of the project at `cwd`. */
export function projectStore(dataDir: string, cwd: string): ProjectStore {
  const key = projectKey(cwd);
  return {
    dataDir,
    sessions: join(dataDir, "sessions", key),
    checkpoints: join(dataDir, "checkpoints", key),
  };
}

/**
 * Why the data directory cannot be used by this process (no home known, or no read and
 * write permission for it), or undefined when it can. Asks Deno without prompting.
 */
export function storeUnavailable(dataDir: string | undefined): string | undefined {
  if (!dataDir) return "no data directory (set NANOCODER_DATA_DIR or HOME)";
  for (const name of ["read", "write"] as const) {
    try {
      if (Deno.permissions.querySync({ name, path: dataDir }).state !== "granted") {
        return `no ${name} access to "${dataDir}" (run with --allow-${name}=${dataDir})`;
      }
    } catch {
      return `no ${name} access to "${dataDir}"`;
    }
  }
  return undefined;
}
