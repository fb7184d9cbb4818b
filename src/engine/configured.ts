/** The `session_configured` event: what a session is set up with now. */
import type { AgentEventBody } from "../protocol.ts";
import type { Agent } from "../agent/agent.ts";
import type { McpManager } from "../mcp/manager.ts";
import type { ToolRegistry } from "../tools/registry.ts";
import { contractState } from "./mcp.ts";
import type { ModelState } from "./model_state.ts";

/** What the event is built from. */
export interface ConfiguredParts {
  sessionId: string;
  cwd: string;
  registry: ToolRegistry;
  mcp?: McpManager;
  agent: Agent;
  state: ModelState;
}

/** The event, with the warnings the user should see now. */
export function configuredEvent(parts: ConfiguredParts, warnings: string[]): AgentEventBody {
  const { registry, mcp, agent, state } = parts;
  return {
    type: "session_configured",
    sessionId: parts.sessionId,
    cwd: parts.cwd,
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
      const contract = contractState(s.state);
      return contract ? [{ name: s.name, state: contract }] : [];
    }),
    warnings,
  };
}
