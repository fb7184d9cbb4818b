/**
 * How full the context is while no model call happens: after a rewind cut the
 * conversation, a resumed session's start, a /clear. A `usage` event with the estimate of
 * the next request (system prompt, tools, history) and no call's figures (0 tokens spent),
 * so a frontend's context figure follows the conversation at once, not at the next answer.
 */
import type { AgentEventBody } from "../protocol.ts";
import type { Agent } from "../agent/agent.ts";

/** The `usage` event for the context as it is now; undefined without a context manager. */
export function contextUse(agent: Agent): AgentEventBody | undefined {
  const usage = agent.settings.context?.usage(agent.history, agent.requestShape());
  if (!usage) return undefined;
  return {
    type: "usage",
    usage: { ...usage, promptTokens: 0, completionTokens: 0, totalTokens: 0 },
  };
}
