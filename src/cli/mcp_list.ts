/**
 * `nanocoder mcp list`: connects every configured MCP server and prints its state.
 * Needs no model provider: it only talks to the MCP servers.
 */
import type { GlobalFlags } from "./flags.ts";
import { EXIT } from "./exit_codes.ts";
import { loadProjectConfig, startMcp } from "../engine/mod.ts";
import { formatMcpStatus } from "../mcp/status.ts";
import { ConfigError } from "../errors.ts";

/** How long `mcp list` waits for slow servers before printing what it has. */
const READY_TIMEOUT_MS = 30_000;

/** Prints each server's transport, state, tool count and last error; resolves to the exit code. */
export async function mcpListCommand(flags: GlobalFlags): Promise<number> {
  let project;
  try {
    project = await loadProjectConfig(flags);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`error: ${error.message}`);
      return EXIT.error;
    }
    throw error;
  }
  for (const warning of project.warnings) console.error(`warning: ${warning}`);
  if (Object.keys(project.mcpServers).length === 0) {
    console.log(
      flags.json || flags.outputFormat === "json" ? "[]" : "No MCP servers are configured.",
    );
    return EXIT.ok;
  }
  const mcp = await startMcp(project.mcpServers, project.cwd);
  try {
    const statuses = await mcp.ready(READY_TIMEOUT_MS);
    console.log(
      flags.json || flags.outputFormat === "json"
        ? JSON.stringify(statuses)
        : formatMcpStatus(statuses),
    );
    return statuses.some((s) => s.state === "failed") ? EXIT.error : EXIT.ok;
  } finally {
    await mcp.close();
  }
}
