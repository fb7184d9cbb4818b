/**
 * OAuth credentials of MCP servers, one file per server under the user's data dir
 * (`$XDG_DATA_HOME/nanocoder/mcp-oauth/`, `~/.local/share/...` by default), mode 0600 in a
 * 0700 folder, written atomically. A file belongs to a server name *and* URL: pointing a
 * name at another URL never sends the old server's tokens to the new one.
 */
import { join } from "node:path";
import { fnv1a } from "../names.ts";

/** What is kept for one server (the SDK's shapes, stored as they were given). */
export interface StoredAuth {
  serverName: string;
  serverUrl: string;
  /** The registered client (dynamic registration, metadata document or pre-registered). */
  client?: Record<string, unknown> & { client_id: string };
  /** The SDK's OAuthTokens plus `expires_at` (ms since epoch), computed when saved. */
  tokens?: Record<string, unknown> & { access_token: string; expires_at?: number };
  /** Discovery results, so a refresh needs no new discovery. */
  discovery?: Record<string, unknown>;
  /** PKCE verifier of a sign-in in progress. */
  codeVerifier?: string;
  /** Loopback port of the registered redirect URI. */
  redirectPort?: number;
  /** Scope of the last authorization request (a step-up asks for more). */
  scope?: string;
}

/** Which server a file is for. */
export interface ServerKey {
  name: string;
  url: string;
}

/**
 * The user's data directory for nanocoder: `NANOCODER_DATA_DIR`, else
 * `$XDG_DATA_HOME/nanocoder` or `~/.local/share/nanocoder` (Linux),
 * `~/Library/Application Support/nanocoder` (macOS), `%LOCALAPPDATA%\nanocoder` (Windows).
 */
export function userDataDir(
  env: (name: string) => string | undefined = readEnv,
  os: string = Deno.build.os,
): string | undefined {
  const explicit = env("NANOCODER_DATA_DIR");
  if (explicit) return explicit;
  const home = os === "windows" ? env("USERPROFILE") ?? env("HOME") : env("HOME");
  switch (os) {
    case "windows": {
      const base = env("LOCALAPPDATA") ?? (home ? join(home, "AppData", "Local") : undefined);
      return base ? join(base, "nanocoder") : undefined;
    }
    case "darwin":
      return home ? join(home, "Library", "Application Support", "nanocoder") : undefined;
    default: {
      const base = env("XDG_DATA_HOME") || (home ? join(home, ".local", "share") : undefined);
      return base ? join(base, "nanocoder") : undefined;
    }
  }
}

/** Reads one variable; unset when this process may not read it. */
function readEnv(name: string): string | undefined {
  try {
    return Deno.permissions.querySync({ name: "env", variable: name }).state === "granted"
      ? Deno.env.get(name)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The credential files of one user. */
export class TokenStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** The store under the user's data dir; throws when no home directory is known. */
  static forUser(): TokenStore {
    const base = userDataDir();
    if (!base) {
      throw new Error(
        "Cannot find a data directory for MCP sign-ins: set HOME, XDG_DATA_HOME or NANOCODER_DATA_DIR",
      );
    }
    return new TokenStore(join(base, "mcp-oauth"));
  }

  /** The file of `server`: its name made safe, and a hash of name and URL. */
  pathOf(server: ServerKey): string {
    const safe = server.name.replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 60);
    return join(this.dir, `${safe}-${fnv1a(`${server.name}\u0000${server.url}`)}.json`);
  }

  /** What is stored for `server`; undefined when nothing (or an unreadable file). */
  async read(server: ServerKey): Promise<StoredAuth | undefined> {
    let text: string;
    try {
      text = await Deno.readTextFile(this.pathOf(server));
    } catch (error) {
      // Nothing stored, or a store this process may not read (narrow --allow-read): the
      // server is treated as signed out, and says so if it wants a sign-in.
      if (error instanceof Deno.errors.NotFound) return undefined;
      if (error instanceof Deno.errors.NotCapable) return undefined;
      throw error;
    }
    try {
      const data = JSON.parse(text) as StoredAuth;
      return data.serverName === server.name && data.serverUrl === server.url ? data : undefined;
    } catch {
      return undefined; // A torn or hand-broken file: as if signed out.
    }
  }

  /** Applies `change` to what is stored (or a fresh record) and writes it back. */
  async update(server: ServerKey, change: (auth: StoredAuth) => StoredAuth): Promise<void> {
    const current = await this.read(server) ??
      { serverName: server.name, serverUrl: server.url };
    await this.#write(server, change(current));
  }

  /** Deletes the credentials of `server`; false when there were none. */
  async remove(server: ServerKey): Promise<boolean> {
    try {
      await Deno.remove(this.pathOf(server));
      return true;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return false;
      throw error;
    }
  }

  /** Temp file with mode 0600, then rename: a crash never leaves half a file. */
  async #write(server: ServerKey, auth: StoredAuth): Promise<void> {
    await Deno.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const path = this.pathOf(server);
    const temp = `${path}.${crypto.randomUUID()}.tmp`;
    try {
      await Deno.writeTextFile(temp, JSON.stringify(auth, null, 2), { mode: 0o600 });
      if (Deno.build.os !== "windows") await Deno.chmod(temp, 0o600); // umask-proof
      await Deno.rename(temp, path);
    } catch (error) {
      await Deno.remove(temp).catch(() => {});
      throw error;
    }
  }
}
