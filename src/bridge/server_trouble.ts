/**
 * What a person in the editor must be told about an MCP server that cannot be used: one
 * that failed, and one that needs a sign-in. The bridge cannot open a browser on the
 * editor's side (the editor may be on another machine), so the sign-in is the
 * `nanocoder mcp login` command, written out for this project, run in a terminal; the
 * tokens it stores serve the next session. A server the editor passed (not in nanocoder's
 * config) has to be added first, since the command signs in to configured servers only.
 */
import type { McpServerConfig } from "../engine/mod.ts";
import type { AgentEvent } from "../protocol.ts";

type McpStatus = Extract<AgentEvent, { type: "mcp_status" }>;

/** A notice's parts: a title that stands alone, and what to do. */
export interface Trouble {
  title: string;
  description: string;
}

/** Where the session runs, for the commands it names. */
export interface TroubleContext {
  cwd: string;
  /** The servers the editor passed in `session/new`. */
  editorServers: Record<string, McpServerConfig>;
}

/** What to tell about a server's new state, or undefined when all is well. */
export function serverTrouble(status: McpStatus, where: TroubleContext): Trouble | undefined {
  const name = status.server;
  switch (status.state) {
    case "failed":
      return {
        title: `MCP server "${name}" failed`,
        description: `${
          (status.error ?? "It gave no reason").replace(/\.$/, "")
        }. This session goes on without it.`,
      };
    case "needs_login": {
      const cwd = `--cwd ${shellWord(where.cwd)}`;
      const login = `nanocoder mcp login ${shellWord(name)} ${cwd}`;
      const editor = where.editorServers[name];
      const first = editor && "url" in editor
        ? "It comes from the editor's settings, and nanocoder signs in to the servers of its " +
          `own config only: add it with \`nanocoder mcp add ${shellWord(name)} --url ${
            shellWord(editor.url)
          } ${cwd}\`, then run \`${login}\``
        : `Run \`${login}\``;
      return {
        title: `MCP server "${name}" needs a sign-in`,
        description: `${first} in a terminal: it opens your browser and keeps the sign-in. ` +
          "Start a new session to use the server; this one goes on without it.",
      };
    }
    default:
      return undefined;
  }
}

/** The engine's own notice of a server it skipped ("MCP server "x" skipped: …"). */
export function skippedServer(notice: string): string | undefined {
  return /^MCP server "(.+?)" skipped: /.exec(notice)?.[1];
}

/** A word as a POSIX shell reads it back: quoted unless it is plain. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
