/**
 * The interactive terminal UI (Ink + React): `nanocoder` with no command. A frontend of
 * the engine like `run` and the ACP bridge: it imports only the engine's facade and the
 * protocol. This module is loaded only on that path, so `run` never pays for Ink.
 *
 * Start-up draws the first frame as soon as Ink is loaded, then asks the trust question
 * (before any of the project's config counts), sets up a provider on first run, opens
 * the session, and loads the rest (syntax grammars, history, custom commands) while the
 * person types.
 */
import { render } from "ink";
import { createElement } from "react";
import type { EngineOptions, Preferences } from "../engine/mod.ts";
import { appDataDirectory, readPreferences, userConfigDirectory } from "../engine/mod.ts";
import { VERSION } from "../version.ts";
import { App } from "./components/app.tsx";
import { Controller, type ControllerHost } from "./app/controller.ts";
import { KeyHandler } from "./app/keys.ts";
import { SlashHost } from "./app/slash_host.ts";
import { startSession } from "./app/startup.ts";
import { CustomCommands } from "./commands/custom.ts";
import { PromptHistory } from "./input/history.ts";
import { loadHighlighter } from "./render/highlight.ts";
import { setColor, style } from "./render/theme.ts";
import { UiStore } from "./state/store.ts";

/** How the UI starts: the session options the flags ask for. */
export interface TuiOptions extends EngineOptions {
  cwd: string;
}

const CLEAR_SCREEN = "\x1b[2J\x1b[3J\x1b[H";

/** Runs the UI until the person leaves; resolves to the exit code. */
export async function runTui(options: TuiOptions): Promise<number> {
  setColor(!Deno.noColor);
  const store = new UiStore({
    cwd: options.cwd,
    mode: options.mode ?? "normal",
    yoloAllowed: options.mode === "yolo",
  }, { rows: Deno.consoleSize?.().rows });
  store.add({
    kind: "panel",
    title: `${style.accent("✻")} nanocoder ${VERSION}`,
    lines: [
      style.dim(options.cwd),
      style.dim("/help for commands · shift+tab for modes · esc to stop · ctrl+c twice to exit"),
    ],
  });
  let exitCode = 0;
  let fatal: string | undefined;
  // deno-lint-ignore prefer-const
  let instance: ReturnType<typeof render>;
  const host: ControllerHost = {
    clearScreen() {
      instance.clear();
      Deno.stdout.writeSync(new TextEncoder().encode(CLEAR_SCREEN));
    },
    exit(code) {
      exitCode = code;
      // Let the last frame (without the input) reach the terminal, then restore it.
      setTimeout(() => void instance.waitUntilRenderFlush().finally(() => instance.unmount()), 0);
    },
  };
  const controller = new Controller(store, host, { ...options, mode: options.mode ?? "normal" });
  const slash = new SlashHost(controller);
  const keys = new KeyHandler(controller, slash);
  instance = render(createElement(App, { controller, keys }), {
    exitOnCtrlC: false,
    // A real terminal (checked by the caller), also where CI=true is set.
    interactive: true,
    incrementalRendering: true,
    kittyKeyboard: { mode: "auto" },
  });
  const signals = watchSignals(controller);
  startSession(controller, { slash }).then(async (opened) => {
    if (!opened) return controller.exit(0);
    await loadExtras(controller);
  }).catch((error) => {
    fatal = (error as Error).message ?? String(error);
    void controller.exit(1);
  });
  await instance.waitUntilExit();
  signals();
  store.dispose();
  if (fatal) console.error(`error: ${fatal}`);
  return exitCode;
}

/** What the session can do without, loaded after it opened. */
async function loadExtras(controller: Controller): Promise<void> {
  const cwd = controller.cwd;
  const trusted = controller.store.state.status.trusted;
  const [history, commands, preferences] = await Promise.all([
    appDataDirectory().then((dir) => PromptHistory.load(dir, cwd)),
    userConfigDirectory().then((dir) => CustomCommands.load(cwd, dir)),
    readPreferences(cwd, trusted).catch((): Preferences => ({})),
    loadHighlighter().catch(() => {}),
  ]);
  controller.history = history;
  controller.commands = commands;
  const state = controller.store.state;
  if (preferences.compactToolDisplay === false) state.expandTools = true;
  if (preferences.reasoningExpanded === true) state.showReasoning = true;
}

/** SIGTERM and SIGHUP end the session cleanly (the terminal is restored). */
function watchSignals(controller: Controller): () => void {
  if (Deno.build.os === "windows") return () => {};
  const handlers: [Deno.Signal, () => void][] = [
    ["SIGTERM", () => void controller.exit(143)],
    ["SIGHUP", () => void controller.exit(129)],
  ];
  for (const [signal, handler] of handlers) Deno.addSignalListener(signal, handler);
  return () => {
    for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
  };
}
