/**
 * `nanocoder mcp list`: connects every configured MCP server and prints its state, what it
 * offers, and its sign-in. Needs no model provider: it only talks to the MCP servers.
 */
import type { GlobalFlags } from "./flags.ts";
import { EXIT } from "./exit_codes.ts";
import { loadMcpProject, mcpManager, runMcpCommand, untrustedServers } from "./mcp_common.ts";
import { formatMcpStatus } from "../mcp/status.ts";

/** How long `mcp list` waits for slow servers before printing what it has. */
const READY_TIMEOUT_MS = 30_000;

/** Prints each server's transport, state, tool count and last error; resolves to the exit code. */
export function mcpListCommand(flags: GlobalFlags): Promise<number> {
  return runMcpCommand(async () => {
    const project = await loadMcpProject(flags);
    const json = flags.json || flags.outputFormat === "json";
    const untrusted = await untrustedServers(project);
    if (Object.keys(project.mcpServers).length === 0) {
      console.log(
        json
          ? "[]"
          : untrusted.length
          ? `No MCP servers started: ${untrusted.join(", ")} ${
            untrusted.length === 1 ? "comes" : "come"
          } from the project's own config, which is not trusted (pass --trust-directory).`
          : "No MCP servers are configured.",
      );
      return EXIT.ok;
    }
    const { manager } = await mcpManager(project.mcpServers, project);
    manager.start();
    try {
      const statuses = await manager.ready(READY_TIMEOUT_MS);
      console.log(json ? JSON.stringify(statuses) : formatMcpStatus(statuses));
      if (!json && untrusted.length) {
        console.log(`Not started (untrusted project config): ${untrusted.join(", ")}`);
      }
      return statuses.some((s) => s.state === "failed") ? EXIT.error : EXIT.ok;
    } finally {
      await manager.close();
    }
  });
}
