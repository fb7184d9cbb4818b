/** The `session_configured` event: what a session runs with now. */
import type { AgentEventBody } from "../protocol.ts";
import type { Agent } from "../agent/agent.ts";
import type { McpManager } from "../mcp/manager.ts";
import type { ToolRegistry } from "../tools/mod.ts";
import { contractState } from "./mcp.ts";
import type { ModelState } from "./model_state.ts";
import type { ProjectConfig } from "./project.ts";

/** The parts of a session the event describes. */
export interface ConfiguredParts {
  sessionId: string;
  registry: ToolRegistry;
  mcp?: McpManager;
  project: ProjectConfig;
  agent: Agent;
}

/** The event for the session as it is configured now. */
export function configuredEvent(
  { sessionId, registry, mcp, project, agent }: ConfiguredParts,
  state: ModelState,
  warnings: string[],
): AgentEventBody {
  return {
    type: "session_configured",
    sessionId,
    cwd: project.cwd,
    provider: state.provider.name,
    model: state.model,
    mode: agent.mode,
    contextMax: state.contextMax,
    toolCalling: state.toolCalling,
    tools: registry.list().map((tool) => ({
      name: tool.name,
      kind: tool.kind,
      source: mcp?.toolOrigin(tool.name) ? "mcp" : "builtin",
    })),
    disabledTools: registry.disabled(),
    mcpServers: (mcp?.status() ?? []).flatMap((s) => {
      const state = contractState(s.state);
      return state ? [{ name: s.name, state }] : [];
    }),
    warnings,
  };
}
