/**
 * What the UI's `/mcp` and `nanocoder mcp list` show about each MCP server.
 * This file imports nothing heavy, so the CLI can format a listing cheaply.
 */

/** Life of a server connection. */
export type McpServerState =
  | "connecting"
  | "connected"
  | "failed"
  | "disabled"
  | "closed"
  /** The server wants a sign-in (OAuth) and no one could do it: `nanocoder mcp login`. */
  | "needs_login";

/** How a remote server is signed in to. */
export interface McpAuthStatus {
  /** A person's browser sign-in, or machine credentials from the config. */
  method: "oauth" | "client_credentials";
  /** Tokens are stored (oauth) or were obtained (client_credentials). */
  signedIn: boolean;
  /** When the access token expires (ms since epoch), when the server said. */
  expiresAt?: number;
  /** An expired token renews without the browser (a refresh token is kept). */
  refreshable: boolean;
}

/** The transport a server uses: the configured one until it connects, then the actual one. */
export type McpTransportName = "stdio" | "http" | "sse";

/** A listed tool that was not registered, and why. */
export interface SkippedMcpTool {
  /** The tool's name on the server. */
  name: string;
  reason: string;
}

/** One server as the UI shows it. */
export interface McpServerStatus {
  name: string;
  transport: McpTransportName;
  state: McpServerState;
  /** Tools registered in the tool registry now. */
  toolCount: number;
  /** Registered tool names (`mcp__server__tool`). */
  tools: string[];
  skippedTools: SkippedMcpTool[];
  /** Why it failed, or the last problem seen while connected. */
  lastError?: string;
  /** The command line (stdio) or URL (http, sse). */
  target: string;
  /** Name and version the server reported at initialize. */
  serverInfo?: { name: string; version: string };
  /** How many `notifications/tools/list_changed` the server sent since it connected. */
  listChanges: number;
  /** Resources and prompts the server lists (0 until connected). */
  resourceCount: number;
  promptCount: number;
  /** Sign-in of an HTTP/SSE server that uses OAuth; absent for the others. */
  auth?: McpAuthStatus;
}

/** A plain-text table of the servers for `nanocoder mcp list`, one server per line. */
export function formatMcpStatus(
  statuses: readonly McpServerStatus[],
  now: number = Date.now(),
): string {
  if (statuses.length === 0) {
    return "No MCP servers configured. Add them to agents.config.json (mcpServers) or .mcp.json.";
  }
  const rows = statuses.map((s) => [
    s.name,
    s.transport,
    s.state.replace("_", " "),
    s.state === "connected" ? offered(s) : "-",
    s.target,
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
  const lines: string[] = [];
  statuses.forEach((s, n) => {
    const cells = rows[n].map((cell, i) => (i < 4 ? cell.padEnd(widths[i]) : cell));
    lines.push(cells.join("  ").trimEnd());
    if (s.auth && s.state !== "needs_login") lines.push(`  auth: ${describeAuth(s.auth, now)}`);
    if (s.lastError) {
      lines.push(s.state === "needs_login" ? `  ${s.lastError}` : `  error: ${s.lastError}`);
    }
    for (const skipped of s.skippedTools) {
      lines.push(`  skipped tool "${skipped.name}": ${skipped.reason}`);
    }
  });
  return lines.join("\n");
}

/** "12 tools", "12 tools, 3 resources, 1 prompt". */
function offered(s: McpServerStatus): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  return [
    count(s.toolCount, "tool"),
    ...(s.resourceCount ? [count(s.resourceCount, "resource")] : []),
    ...(s.promptCount ? [count(s.promptCount, "prompt")] : []),
  ].join(", ");
}

/** "signed in (OAuth), expires in 52 min, renews by itself". */
export function describeAuth(auth: McpAuthStatus, now: number = Date.now()): string {
  if (auth.method === "client_credentials") {
    return auth.signedIn ? "client credentials" : "client credentials (no token yet)";
  }
  if (!auth.signedIn) return "not signed in";
  const parts = ["signed in (OAuth)"];
  if (auth.expiresAt !== undefined) {
    const minutes = Math.round((auth.expiresAt - now) / 60_000);
    parts.push(minutes > 0 ? `expires in ${minutes} min` : "access token expired");
  }
  if (auth.refreshable) parts.push("renews by itself");
  return parts.join(", ");
}
