/**
 * The session's MCP servers: started in the background once the first model request
 * is on its way, their tools joining the shared registry as they connect, and every
 * change of a server's state or tools reported as an `mcp_status` event.
 */
import type { McpServerConfig } from "../config/types.ts";
import type { McpManager } from "../mcp/manager.ts";
import type { McpServerStatus } from "../mcp/status.ts";
import type { AgentEventBody, McpPromptInfo, McpServerState } from "../protocol.ts";
import { ToolRegistry } from "../tools/registry.ts";
import { VERSION } from "../version.ts";
import { log } from "../log/mod.ts";

/** Options of {@link startMcp}. */
export interface StartMcpOptions {
  /** The registry their tools join (default: a new one). */
  registry?: ToolRegistry;
  /** Hold the connecting work until this settles (the first model request). */
  startAfter?: Promise<unknown>;
  /** Directories offered to servers as roots (the project and `allowedDirs`). */
  roots?: string[];
  /** Things the user should hear about (an elicitation declined for lack of a form…). */
  onNotice?: (message: string) => void;
}

/** Connects MCP servers in the background; their tools join the registry as they come. */
export async function startMcp(
  servers: Record<string, McpServerConfig>,
  cwd: string,
  options: StartMcpOptions = {},
): Promise<McpManager> {
  // The SDK costs ~150 ms of CPU to load: only sessions with servers pay it, and only
  // once the first model request is on its way (startAfter).
  const { McpManager } = await import("../mcp/manager.ts");
  const manager = new McpManager(servers, {
    registry: options.registry ?? new ToolRegistry(),
    cwd,
    clientInfo: { name: "nanocoder", version: VERSION },
    startAfter: options.startAfter,
    roots: options.roots,
    onNotice: options.onNotice,
    log: (message) => log.debug("mcp", { message }),
  });
  manager.start();
  return manager;
}

/** A server's state in contract terms; undefined for a server that is shut down. */
export function contractState(state: McpServerStatus["state"]): McpServerState | undefined {
  return state === "closed" ? undefined : state;
}

/**
 * Turns the manager's change notifications into `mcp_status` events: one per server
 * whose state, tools or error changed since the last report.
 */
export function watchMcp(manager: McpManager, emit: (event: AgentEventBody) => void): () => void {
  const reported = new Map<string, string>();
  const report = () => {
    for (const status of manager.status()) {
      const state = contractState(status.state);
      if (!state) continue;
      const event: AgentEventBody = {
        type: "mcp_status",
        server: status.name,
        state,
        tools: status.tools,
        ...(status.lastError ? { error: status.lastError } : {}),
        ...promptsOf(manager, status.name),
        ...(status.resourceCount ? { resourceCount: status.resourceCount } : {}),
      };
      const key = JSON.stringify(event);
      if (reported.get(status.name) === key) continue;
      reported.set(status.name, key);
      emit(event);
    }
  };
  report();
  return manager.onChange(report);
}

/** The prompts a server offers, in contract terms (nothing when it offers none). */
function promptsOf(manager: McpManager, server: string): { prompts?: McpPromptInfo[] } {
  const prompts = manager.prompts().filter((p) => p.server === server).map((p) => ({
    name: p.name,
    ...(p.description ? { description: p.description } : {}),
    arguments: p.arguments,
  }));
  return prompts.length ? { prompts } : {};
}
