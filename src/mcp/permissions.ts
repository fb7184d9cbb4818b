/**
 * Whether this process may reach an MCP server at all: a stdio server needs permission
 * to run its command, a remote one network access to its host. Without it the server is
 * shown as disabled with the flag that would allow it, instead of failing with Deno's
 * raw "Requires … access" once it is tried.
 */
import type { McpServerConfig } from "../config/types.ts";

/** The reason `config` cannot be used under this process's permissions, or undefined. */
export async function missingMcpPermission(
  config: McpServerConfig,
): Promise<string | undefined> {
  if ("url" in config) {
    const url = new URL(config.url);
    const port = url.port || (url.protocol === "https:" ? "443" : "80");
    const host = `${url.hostname}:${port}`;
    const status = await Deno.permissions.query({ name: "net", host });
    return status.state === "granted"
      ? undefined
      : `Needs network access to "${host}": run with --allow-net=${host}`;
  }
  const status = await Deno.permissions.query({ name: "run", command: config.command });
  return status.state === "granted"
    ? undefined
    : `Needs permission to run "${config.command}": run with --allow-run=${config.command}`;
}
