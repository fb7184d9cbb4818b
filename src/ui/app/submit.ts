/**
 * Enter in the input: a `!command`, a slash command (custom ones first, as in
 * Nanocoder), or a prompt with its `@file` mentions.
 */
import { expandCustomCommand, findCustomCommand } from "../../engine/mod.ts";
import { findBuiltin, parseSlash } from "../commands/builtin.ts";
import type { Controller } from "./controller.ts";
import type { SlashHost } from "./slash_host.ts";

/** Longest prompt kept in the history whole (a bigger paste is kept as typed). */
const HISTORY_TEXT_MAX = 20_000;

/** Sends what the editor holds. */
export async function submitInput(c: Controller, slash: SlashHost): Promise<void> {
  const editor = c.store.editor;
  const typed = editor.text;
  const text = editor.expanded();
  if (!text.trim()) return;
  editor.clear();
  c.store.state.completion = undefined;
  c.store.changed(true);
  // Saved in the background: the prompt does not wait for the disk.
  void c.history.add(text.length <= HISTORY_TEXT_MAX ? text : typed);
  if (!c.engine && (text.startsWith("!") || parseSlash(text))) {
    c.store.notice("info", "The session is still opening: try again in a moment");
    return;
  }
  if (text.startsWith("!")) {
    const command = text.slice(1).trim();
    if (command) c.runShell(command);
    return;
  }
  const parsed = parseSlash(text);
  if (parsed) {
    const custom = findCustomCommand(c.commands, parsed.name);
    if (custom) {
      const prompt = (await expandCustomCommand(custom, parsed.args, c.cwd))!;
      c.sendBlocks(typed, [{ type: "text", text: prompt }]);
      return;
    }
    const builtin = findBuiltin(parsed.name);
    if (builtin) {
      c.store.add({ kind: "user", text: typed });
      await builtin.run(slash, parsed.args);
      return;
    }
    c.store.notice("error", `Unknown command: /${parsed.name}. Type /help for available commands.`);
    return;
  }
  await c.sendPrompt(typed, text);
}
