/**
 * The Ink app's life: render it, ask the trust question (before any of the project's
 * config counts), set up a provider on first run, open the session, and load the rest
 * (syntax grammars, history, custom commands) while the person types; then restore the
 * terminal and give the exit code back.
 */
import { render } from "ink";
import { createElement } from "react";
import type { Preferences } from "../../engine/mod.ts";
import { appDataDirectory, listCustomCommands, readPreferences } from "../../engine/mod.ts";
import { App } from "../components/app.tsx";
import { PromptHistory } from "../input/history.ts";
import { loadHighlighter } from "../render/highlight.ts";
import { renderMarkdown } from "../render/markdown.ts";
import { setColor } from "../render/theme.ts";
import { visible } from "../render/visible.ts";
import { UiStore } from "../state/store.ts";
import type { TuiOptions } from "../mod.ts";
import { Controller, type ControllerHost } from "./controller.ts";
import { KeyHandler } from "./keys.ts";
import { SlashHost } from "./slash_host.ts";
import { startSession } from "./startup.ts";

const CLEAR_SCREEN = "\x1b[2J\x1b[3J\x1b[H";

/** Markdown of every common kind, rendered once while idle to warm the renderer up. */
const WARM_UP =
  "# A\n\nSome **bold** `code` and [a](b).\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |" +
  "\n\n```ts\nconst a = 1;\n```\n\n> quote";

/** Runs the app until the person leaves; resolves to the exit code. */
export async function runApp(options: TuiOptions): Promise<number> {
  setColor(!Deno.noColor);
  // Before trust: only the user's own preferences file counts.
  const userPreferences = await readPreferences(options.cwd, false).catch((): Preferences => ({}));
  const store = new UiStore({
    cwd: options.cwd,
    mode: options.mode ?? "normal",
    yoloAllowed: options.mode === "yolo",
  }, { rows: Deno.consoleSize?.().rows });
  store.state.altScreen = options.altScreen ?? userPreferences.alternateScreen === true;
  // On the alternate screen the banner printed before Ink is out of sight: show it again.
  if (store.state.altScreen) store.add({ kind: "banner", cwd: options.cwd });
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
    // A frame every 16 ms at most (Ink's default is 33): the first tokens of an answer
    // show sooner; a fast stream still costs one frame per interval, not one per token.
    maxFps: 60,
    kittyKeyboard: { mode: "auto" },
    alternateScreen: store.state.altScreen,
  });
  const signals = watchSignals(controller);
  // The history is the user's, not the project's: ready for Up before the session opens.
  appDataDirectory().then((dir) => PromptHistory.load(dir, options.cwd)).then((history) => {
    controller.history = history;
  }).catch(() => {});
  startSession(controller, { slash, pickSession: options.pickSession }).then(async (opened) => {
    if (!opened) return controller.exit(0);
    await loadExtras(controller);
  }).catch((error) => {
    fatal = (error as Error).message ?? String(error);
    void controller.exit(1);
  });
  await instance.waitUntilExit();
  signals();
  store.dispose();
  // A server's or a file's words may be in it: written out, not acted on.
  if (fatal) console.error(`error: ${visible(fatal)}`);
  return exitCode;
}

/** What the session can do without, loaded after it opened (and the folder was trusted). */
async function loadExtras(controller: Controller): Promise<void> {
  const cwd = controller.cwd;
  const trusted = controller.store.state.status.trusted;
  const [commands, preferences] = await Promise.all([
    listCustomCommands(cwd).catch(() => []),
    readPreferences(cwd, trusted).catch((): Preferences => ({})),
    loadHighlighter().catch(() => {}),
  ]);
  controller.commands = commands;
  // The first answer should not wait for the markdown renderer's first (cold) run.
  renderMarkdown(WARM_UP, 80);
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
