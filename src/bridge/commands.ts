/**
 * The built-in slash commands an editor offers (`available_commands_update`) and the
 * bridge runs itself, through the engine's ops: a prompt that starts with one of them is
 * the command, not a message to the model. (MCP prompts are commands too:
 * mcp_prompts.ts.)
 */
import type * as acp from "@agentclientprotocol/sdk";
import type { AgentEvent, ContentBlock } from "../protocol.ts";

/** A slash command as typed: its name and the rest of the line. */
export interface CommandLine {
  name: string;
  argument: string;
}

/** A built-in command as typed. */
export interface CommandCall extends CommandLine {
  name: CommandName;
}

export type CommandName = "compact" | "model";

/** The commands, as an editor lists them. */
export const COMMANDS: readonly (acp.AvailableCommand & { name: CommandName })[] = [
  {
    name: "compact",
    description: "Summarize the conversation so far to free context",
  },
  {
    name: "model",
    description: "List the provider's models, or switch to one",
    input: { hint: "model name (empty: list the models)" },
  },
];

/** A prompt that starts with `/name`: the name and the rest of its first block. */
export function slashOf(prompt: readonly ContentBlock[]): CommandLine | undefined {
  if (prompt[0]?.type !== "text") return undefined;
  const match = /^\/([^\s/]\S*)(?:\s+([\s\S]*))?$/.exec(prompt[0].text.trim());
  return match ? { name: match[1], argument: (match[2] ?? "").trim() } : undefined;
}

/** The built-in command a prompt is (a lone text block), or undefined. */
export function commandOf(prompt: readonly ContentBlock[]): CommandCall | undefined {
  const line = prompt.length === 1 ? slashOf(prompt) : undefined;
  const command = line && COMMANDS.find((c) => c.name === line.name);
  return command ? { name: command.name, argument: line.argument } : undefined;
}

// What the engine's answers to the commands' ops say, as the agent message shown.

/** The models a `list_models` answer names; none when the server could not say. */
export function listedModels(event: AgentEvent): string[] | undefined {
  if (event.type === "models") return event.models;
  return event.type === "error" ? [] : undefined;
}

/** `/compact`: its figures, once the fresh usage that ends it arrives. */
export function compactAnswer(): (event: AgentEvent) => string | undefined {
  let figures = "";
  let started = false;
  return (event) => {
    if (event.type === "compaction_started") started = true;
    // A notice before it starts says why there is nothing to compact.
    if (event.type === "notice" && !started) return event.message;
    if (event.type === "compacted") {
      figures = event.tokensAfter < event.tokensBefore
        ? `Compacted the conversation: ${event.tokensBefore} → ${event.tokensAfter} tokens.`
        : `Nothing to compact yet (${event.tokensBefore} tokens).`;
    }
    if (event.type === "error") return `Could not compact the conversation: ${event.message}`;
    if (event.type === "usage") return figures || "Compacted the conversation.";
    return undefined;
  };
}

/** `/model NAME`: the new model, or why it could not switch. */
export function switchAnswer(): (event: AgentEvent) => string | undefined {
  return (event) => {
    if (event.type === "session_configured") {
      return `Now using \`${event.model}\` (provider "${event.provider}").`;
    }
    if (event.type === "error") return `Could not switch the model: ${event.message}`;
    return undefined;
  };
}

/** `/model`: the provider's models, the current one marked. */
export function modelsAnswer(current: () => string): (event: AgentEvent) => string | undefined {
  return (event) => {
    if (event.type === "error") return `Could not list the models: ${event.message}`;
    if (event.type !== "models") return undefined;
    const lines = event.models.map((m) => `- \`${m}\`${m === current() ? " (current)" : ""}`);
    return `Models of provider "${event.provider}":\n${lines.join("\n")}\n\n` +
      "Switch with `/model NAME`.";
  };
}
