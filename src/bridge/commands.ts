/**
 * Slash commands an editor offers (`available_commands_update`) and the bridge runs
 * itself, through the engine's ops: a prompt that starts with one of them is the
 * command, not a message to the model.
 */
import type * as acp from "@agentclientprotocol/sdk";
import type { ContentBlock } from "../protocol.ts";

/** A command as typed: its name and the rest of the line. */
export interface CommandCall {
  name: CommandName;
  argument: string;
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

/** The command a prompt is, or undefined for a prompt for the model. */
export function commandOf(prompt: readonly ContentBlock[]): CommandCall | undefined {
  if (prompt.length !== 1 || prompt[0].type !== "text") return undefined;
  const match = /^\/([a-z][\w-]*)(?:\s+([\s\S]*))?$/.exec(prompt[0].text.trim());
  const command = match && COMMANDS.find((c) => c.name === match[1]);
  return command ? { name: command.name, argument: (match[2] ?? "").trim() } : undefined;
}
