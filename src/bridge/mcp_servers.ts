/**
 * The MCP servers an editor passes in `session/new`, in the engine's config shape: they
 * start alongside the configured ones (an editor's server wins over a configured one of
 * the same name: the user chose it for this session).
 */
import type * as acp from "@agentclientprotocol/sdk";
import type { McpServerConfig } from "../engine/mod.ts";

/** The editor's servers by name; throws for two servers with one name. */
export function editorMcpServers(servers: readonly acp.McpServer[]): Record<
  string,
  McpServerConfig
> {
  const out: Record<string, McpServerConfig> = {};
  for (const server of servers) {
    if (server.name in out) {
      throw new Error(`Two MCP servers are named "${server.name}": give each a unique name`);
    }
    out[server.name] = "type" in server && (server.type === "http" || server.type === "sse")
      ? { type: server.type, url: server.url, headers: pairs(server.headers) }
      : stdio(server as acp.McpServerStdio);
  }
  return out;
}

function stdio(server: acp.McpServerStdio): McpServerConfig {
  return { command: server.command, args: server.args, env: pairs(server.env) };
}

function pairs(list: readonly { name: string; value: string }[]): Record<string, string> {
  return Object.fromEntries(list.map(({ name, value }) => [name, value]));
}
