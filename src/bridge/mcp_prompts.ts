/**
 * MCP servers' prompts as slash commands, as Claude Code names them:
 * `/mcp__<server>__<prompt>`, listed while the server is connected (from its
 * `mcp_status`), with the prompt's arguments as the input hint. What the person types
 * after the command fills the arguments: `key=value` pairs, or values in the declared
 * order (quoted when they hold spaces); the last argument left takes the rest of the
 * words. The prompt is then run as an `mcp_prompt` content block.
 */
import type * as acp from "@agentclientprotocol/sdk";
import type { AgentEvent, McpPromptInfo } from "../protocol.ts";

type McpStatus = Extract<AgentEvent, { type: "mcp_status" }>;

/** A command's prompt. */
export interface McpPromptCommand {
  name: string;
  server: string;
  prompt: McpPromptInfo;
}

/** The arguments typed after a command, or the required ones missing. */
export type PromptArguments =
  | { ok: true; arguments: Record<string, string>; rest: string }
  | { ok: false; missing: string[] };

/** The prompts of the connected servers, as commands. */
export class McpPromptCommands {
  #byServer = new Map<string, McpPromptCommand[]>();

  /** Takes a server's new status; true when its commands changed. */
  update(status: McpStatus): boolean {
    const prompts = status.state === "connected" ? status.prompts ?? [] : [];
    const before = JSON.stringify(this.#byServer.get(status.server) ?? []);
    const commands = prompts.map((prompt) => ({
      name: `mcp__${status.server}__${prompt.name}`,
      server: status.server,
      prompt,
    }));
    if (commands.length) this.#byServer.set(status.server, commands);
    else this.#byServer.delete(status.server);
    return JSON.stringify(commands) !== before;
  }

  /** The commands as an editor lists them. */
  list(): acp.AvailableCommand[] {
    return [...this.#byServer.values()].flat().map(({ name, server, prompt }) => ({
      name,
      description: `${prompt.description ?? `Prompt "${prompt.name}"`} (MCP server "${server}")`,
      ...(prompt.arguments.length ? { input: { hint: argumentHint(prompt) } } : {}),
    }));
  }

  /** The prompt a command name stands for. */
  find(name: string): McpPromptCommand | undefined {
    return [...this.#byServer.values()].flat().find((command) => command.name === name);
  }
}

/** The arguments in usage notation: `city [state]`. */
export function argumentHint(prompt: McpPromptInfo): string {
  return prompt.arguments.map((a) => (a.required ? a.name : `[${a.name}]`)).join(" ");
}

/**
 * Fills a prompt's arguments from what was typed: `name=value` for a declared name, the
 * other words in the declared order of the arguments not named. Words beyond the last
 * argument join it; with no argument left they are `rest`.
 */
export function promptArguments(prompt: McpPromptInfo, typed: string): PromptArguments {
  const declared = new Set(prompt.arguments.map((a) => a.name));
  const named: Record<string, string> = {};
  const positional: string[] = [];
  for (const word of words(typed)) {
    const pair = /^(?:--)?([^=\s]+)=([\s\S]*)$/.exec(word.text);
    if (pair && !word.quoted && declared.has(pair[1]) && !(pair[1] in named)) {
      named[pair[1]] = unquote(pair[2]);
    } else positional.push(unquote(word.text));
  }
  const open = prompt.arguments.filter((a) => !(a.name in named));
  const filled = { ...named };
  open.forEach((argument, i) => {
    const last = i === open.length - 1;
    const values = last ? positional.slice(i) : positional.slice(i, i + 1);
    if (values.length) filled[argument.name] = values.join(" ");
  });
  const missing = prompt.arguments.filter((a) => a.required && !filled[a.name]).map((a) => a.name);
  if (missing.length) return { ok: false, missing };
  return { ok: true, arguments: filled, rest: open.length ? "" : positional.join(" ") };
}

/** Why a command cannot run yet, and how to type it. */
export function usageMessage(command: McpPromptCommand, missing: string[]): string {
  const { prompt } = command;
  const described = prompt.arguments.map((a) =>
    `- \`${a.name}\`${a.required ? "" : " (optional)"}${a.description ? `: ${a.description}` : ""}`
  );
  return `\`/${command.name}\` needs ${missing.map((m) => `\`${m}\``).join(" and ")}.\n\n` +
    `Type \`/${command.name} ${
      prompt.arguments.map((a) => `${a.name}=…`).join(" ")
    }\`, or the values in this order (quoted when they hold spaces):\n${described.join("\n")}`;
}

/** Words of a command line; quotes keep spaces (a quoted word is never `name=value`). */
function words(text: string): { text: string; quoted: boolean }[] {
  const out: { text: string; quoted: boolean }[] = [];
  for (
    const match of text.matchAll(
      /"(?:[^"\\]|\\.)*"|'[^']*'|[^\s"']*(?:"(?:[^"\\]|\\.)*"|'[^']*')|\S+/g,
    )
  ) {
    out.push({ text: match[0], quoted: /^["']/.test(match[0]) });
  }
  return out;
}

/** A value without the quotes around it (`"New York"`, `city="New York"`). */
function unquote(value: string): string {
  if (/^"(?:[^"\\]|\\.)*"$/.test(value)) return value.slice(1, -1).replace(/\\(.)/g, "$1");
  if (/^'[^']*'$/.test(value)) return value.slice(1, -1);
  return value;
}
