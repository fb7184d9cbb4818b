/**
 * A manager for the `nanocoder mcp …` commands, which talk to servers without a session:
 * it has a registry of its own, and calls one tool by its server-side name with the
 * arguments checked against the tool's schema first, returning the whole result.
 */
import { ToolRegistry } from "../tools/registry.ts";
import type { AnyTool } from "../tools/tool.ts";
import { resolveCall } from "../tools/executor.ts";
import { McpManager, type McpManagerOptions } from "./manager.ts";
import { mcpToolName } from "./names.ts";

/** A manager and a way to call its servers' tools directly. */
export interface StandaloneMcp {
  manager: McpManager;
  /** Tool `tool` of connected server `server` (its schemas), if it has one by that name. */
  tool(server: string, tool: string): AnyTool | undefined;
  /**
   * Calls `tool` of connected server `server`. `ok: false` with the reason for a tool that
   * does not exist or arguments that do not fit its schema; the server's own result else.
   */
  callTool(
    server: string,
    tool: string,
    args: Record<string, unknown>,
    options: { cwd: string; signal: AbortSignal; onProgress?: (chunk: string) => void },
  ): Promise<{ ok: boolean; output: string }>;
}

/** A manager for `servers`; `start()` or `login()` is the caller's. */
export function standaloneMcp(
  servers: ConstructorParameters<typeof McpManager>[0],
  options: Omit<McpManagerOptions, "registry">,
): StandaloneMcp {
  const registry = new ToolRegistry();
  const manager = new McpManager(servers, { ...options, registry });
  return {
    manager,
    tool: (server, tool) => registry.get(mcpToolName(server, tool)),
    callTool: async (server, tool, args, call) => {
      const name = mcpToolName(server, tool);
      if (!registry.get(name)) {
        const status = manager.status().find((s) => s.name === server);
        const offered = (status?.tools ?? []).map((t) => manager.toolOrigin(t)?.tool ?? t);
        return {
          ok: false,
          output: `MCP server "${server}" has no tool "${tool}" (it has: ${
            offered.join(", ") || "none"
          })`,
        };
      }
      const resolved = resolveCall(registry, { name, arguments: args });
      if (!resolved.ok) return { ok: false, output: resolved.error.replace(/^Error: /, "") };
      // The whole result, not the model's capped view: this is for looking at the server.
      return await resolved.tool.execute(resolved.args, {
        cwd: call.cwd,
        allowedDirs: [],
        signal: call.signal,
        knownFiles: new Map(),
        emitOutput: call.onProgress,
      });
    },
  };
}
