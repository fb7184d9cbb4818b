/**
 * Enter in the input: a `!command`, a slash command (custom ones first, as in
 * Nanocoder, then the built-in ones, then MCP servers' prompts), or a prompt with its
 * `@` mentions. A plain prompt reaches the engine before this returns.
 */
import { expandCustomCommand, findCustomCommand } from "../../engine/mod.ts";
import { findBuiltin, parseSlash } from "../commands/builtin.ts";
import type { Controller } from "./controller.ts";
import { findMcpPrompt, runMcpPrompt } from "./mcp.ts";
import type { SlashHost } from "./slash_host.ts";

/** Longest prompt kept in the history whole (a bigger paste is kept as typed). */
const HISTORY_TEXT_MAX = 20_000;

/** Sends what the editor holds. */
export function submitInput(c: Controller, slash: SlashHost): Promise<void> | void {
  const editor = c.store.editor;
  const typed = editor.text;
  const text = editor.expanded();
  if (!text.trim()) return;
  editor.clear();
  c.store.state.completion = undefined;
  c.history.record(text.length <= HISTORY_TEXT_MAX ? text : typed);
  const parsed = parseSlash(text);
  if (!c.engine && (text.startsWith("!") || parsed)) {
    c.store.notice("info", "The session is still opening: try again in a moment");
    return c.store.changed(true);
  }
  if (text.startsWith("!")) {
    const command = text.slice(1).trim();
    if (command) c.runShell(command);
    return c.store.changed(true);
  }
  if (parsed) return runSlash(c, slash, typed, parsed);
  return c.sendPrompt(typed, text);
}

async function runSlash(
  c: Controller,
  slash: SlashHost,
  typed: string,
  { name, args }: { name: string; args: string },
): Promise<void> {
  c.store.changed(true);
  // A built-in keeps its name: a project's mode.md cannot take over /mode or /exit.
  const builtin = findBuiltin(name);
  if (builtin) {
    c.store.add({ kind: "user", text: typed });
    return await builtin.run(slash, args);
  }
  const custom = findCustomCommand(c.commands, name);
  if (custom) {
    const prompt = (await expandCustomCommand(custom, args, c.cwd))!;
    return c.sendBlocks(typed, [{ type: "text", text: prompt }]);
  }
  const mcpPrompt = findMcpPrompt(c.store.state.status.mcp, name);
  if (mcpPrompt) return await runMcpPrompt(c, typed, mcpPrompt, args);
  c.store.notice("error", `Unknown command: /${name}. Type /help for available commands.`);
}
