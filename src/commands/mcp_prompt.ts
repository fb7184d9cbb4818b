/**
 * What a person types after an MCP prompt's command (`/mcp__server__prompt args`) as the
 * prompt's named arguments: words split like a shell's (quotes keep words together),
 * `name=value` for an argument by name, the other words in the declared order, and what
 * is left over joined into the last argument (`/mcp__s__summarize all of this`).
 */
import type { McpPromptInfo } from "../protocol.ts";
import { parseArgs } from "./template.ts";

/** The arguments given, and the required ones still missing. */
export interface McpPromptArguments {
  arguments: Record<string, string>;
  missing: string[];
}

/** Maps typed text onto `prompt`'s declared arguments. */
export function mcpPromptArguments(prompt: McpPromptInfo, typed: string): McpPromptArguments {
  const declared = prompt.arguments.map((a) => a.name);
  const given: Record<string, string> = {};
  const positional: string[] = [];
  for (const word of parseArgs(typed)) {
    const eq = word.indexOf("=");
    const name = eq > 0 ? word.slice(0, eq) : "";
    if (declared.includes(name) && !(name in given)) given[name] = word.slice(eq + 1);
    else positional.push(word);
  }
  const open = declared.filter((name) => !(name in given));
  open.forEach((name, i) => {
    const last = i === open.length - 1;
    const words = last ? positional.splice(0) : positional.splice(0, 1);
    if (words.length) given[name] = words.join(" ");
  });
  const missing = prompt.arguments
    .filter((a) => a.required && !given[a.name])
    .map((a) => a.name);
  return { arguments: given, missing };
}

/** `<city> [state]`: what /help and completion show for a prompt's arguments. */
export function mcpPromptUsage(prompt: McpPromptInfo): string {
  return prompt.arguments.map((a) => (a.required ? `<${a.name}>` : `[${a.name}]`)).join(" ");
}
