/**
 * Before the chat: the trust question for a folder not trusted yet (nothing of the
 * project's own config counts, and no project MCP server starts, before the answer —
 * the engine is opened only after it), first-run setup when no provider is configured,
 * and a model picker when the provider names none.
 */
import { checkTrust, type EngineOptions, rememberTrust, setupNeed } from "../../engine/mod.ts";
import type { Controller } from "./controller.ts";
import { ask } from "./dialogs.ts";
import { pickSession } from "./sessions.ts";
import { runSetup } from "./setup.ts";
import type { SlashHost } from "./slash_host.ts";

/** Options of {@link startSession}. */
export interface StartOptions {
  /** Opens the model picker when the provider names no model. */
  slash: SlashHost;
  /** `--resume` without a session: ask which one. */
  pickSession?: boolean;
}

/** Asks what must be asked, then opens the session; false when the person chose to leave. */
export async function startSession(c: Controller, start: StartOptions): Promise<boolean> {
  const store = c.store;
  const options: EngineOptions = { ...c.options };
  const cwd = options.cwd ?? Deno.cwd();
  store.state.starting = "Checking this folder…";
  store.changed(true);
  const trust = await checkTrust(cwd, options.trustDirectory === true);
  if (!trust.trusted) {
    const answer = await ask(store, {
      title: "Do you trust the files in this folder?",
      // Paragraphs: the dialog reflows them to the terminal's width.
      body: [
        cwd,
        "",
        "nanocoder reads, edits and runs files here when you allow it. The folder's own " +
        "settings (its .mcp.json servers, .env, allow lists, providers) take effect only " +
        "once you trust it: trust only folders whose files you know.",
      ],
      items: [
        { label: "Yes, trust this folder", value: "yes", hint: "remembered" },
        { label: "Yes, for this session only", value: "session" },
        { label: "No, exit", value: "no" },
      ],
      escape: "exit",
    });
    if (answer !== "yes" && answer !== "session") return false;
    if (answer === "yes") {
      try {
        await rememberTrust(cwd);
      } catch (error) {
        store.notice("warning", `Could not remember the trust: ${(error as Error).message}`);
      }
    }
    options.trustDirectory = true;
  }
  store.state.status.trusted = true;
  store.state.starting = "Loading the configuration…";
  store.changed(true);
  const need = await setupNeed(options);
  if (need.kind === "provider") {
    const chosen = await runSetup(c, options);
    if (!chosen) return false;
    Object.assign(options, chosen);
  }
  if (need.kind === "model") options.modelOptional = true;
  if (start.pickSession) options.resume = await pickSession(c, cwd);
  store.state.starting = "Opening the session…";
  store.changed(true);
  await c.open(options);
  if (need.kind === "model") {
    store.notice("warning", `Provider "${need.provider}" names no model: pick one`);
    await start.slash.pickModel();
  }
  return true;
}
