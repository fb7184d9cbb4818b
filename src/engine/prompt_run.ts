/** One prompt's run as events: what the model got (`run_started`), then the turn loop's. */
import type { AgentEventBody, ContentBlock } from "../protocol.ts";
import type { Agent } from "../agent/agent.ts";
import type { McpManager } from "../mcp/manager.ts";
import { errorCodeOf, messageOf } from "./error_codes.ts";
import { resolveMcpBlocks } from "./mcp_ops.ts";
import { promptContent, resolvePrompt } from "./prompt_input.ts";

/** What a prompt's run needs from the session. */
export interface PromptRunParts {
  agent: Agent;
  mcp?: McpManager;
  cwd: string;
}

/**
 * The run of `blocks`, after `before` (the output of commands the user ran since the
 * last prompt: they came first). A failure to read the prompt ends the run with `done`.
 */
export async function* promptRun(
  parts: PromptRunParts,
  before: ContentBlock[],
  blocks: readonly ContentBlock[],
): AsyncGenerator<AgentEventBody> {
  try {
    const given = [...before, ...blocks];
    const prompt = await resolvePrompt(await resolveMcpBlocks(given, parts.mcp), parts.cwd);
    yield { type: "run_started", prompt };
    yield* parts.agent.run(promptContent(prompt, parts.cwd));
  } catch (error) {
    yield { type: "error", code: errorCodeOf(error), message: messageOf(error) };
    yield { type: "done", reason: "error", finalText: "" };
  }
}
