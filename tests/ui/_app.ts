/**
 * The whole UI mounted on a fake terminal and a fake engine: what the component tests
 * drive with keys and events, and whose frames they compare with snapshots.
 */
import { createElement } from "react";
import { App } from "../../src/ui/components/app.tsx";
import { Controller } from "../../src/ui/app/controller.ts";
import { KeyHandler } from "../../src/ui/app/keys.ts";
import { SlashHost } from "../../src/ui/app/slash_host.ts";
import { setColor } from "../../src/ui/render/theme.ts";
import { UiStore } from "../../src/ui/state/store.ts";
import type { Status } from "../../src/ui/state/types.ts";
import type { EngineOptions } from "../../src/engine/mod.ts";
import { configured, FakeEngine } from "./_fake_engine.ts";
import { plain, type Rendered, renderInk } from "./_ink.ts";

/** A mounted UI. */
export interface MountedApp {
  ui: Rendered;
  engine: FakeEngine;
  store: UiStore;
  controller: Controller;
  keys: KeyHandler;
  /** Codes the UI asked to exit with. */
  exits: number[];
  /** The options of every session opened after the first (/resume). */
  reopened: EngineOptions[];
  /** Plain text of the current frame, with spinners and times made stable. */
  frame(): string;
  /** Types text, then waits a tick for it to be handled. */
  type(text: string): Promise<void>;
  /** Types a command (or prompt) and Enter: a complete command name is sent, not completed. */
  command(text: string): Promise<void>;
  unmount(): void;
}

/** Mounts the app in a `columns`×`rows` terminal with an opened fake session. */
export async function mountApp(
  options: {
    columns?: number;
    rows?: number;
    status?: Partial<Status>;
    color?: boolean;
    /** The project directory (default: one that does not exist). */
    cwd?: string;
    /** The sessions opened after the first one (/resume), in order. */
    later?: FakeEngine[];
  } = {},
): Promise<MountedApp> {
  const columns = options.columns ?? 80;
  const rows = options.rows ?? 24;
  setColor(options.color ?? false, 1);
  const cwd = options.cwd ?? "/work/project";
  const store = new UiStore(
    { cwd, trusted: true, ...options.status },
    { rows, now: () => 1_000_000 },
  );
  const engine = new FakeEngine();
  const exits: number[] = [];
  const reopened: EngineOptions[] = [];
  const later = [...options.later ?? []];
  const controller = new Controller(
    store,
    { clearScreen() {}, exit: (code) => void exits.push(code) },
    { cwd },
    (opening) => {
      if (reopened.length === 0 && !controller.engine) return Promise.resolve(engine);
      reopened.push(opening);
      const next = later.shift();
      return next ? Promise.resolve(next) : Promise.reject(new Error("Session not found"));
    },
  );
  engine.emit(configured({ cwd }));
  await controller.open({ cwd });
  const slash = new SlashHost(controller);
  const keys = new KeyHandler(controller, slash);
  const ui = renderInk(createElement(App, { controller, keys }), columns, rows);
  await ui.waitFor((f) => f.includes("qwen3-coder"), "the status line");
  const type = async (text: string) => {
    ui.stdin.write(text);
    await new Promise((r) => setTimeout(r, 10));
  };
  return {
    ui,
    engine,
    store,
    controller,
    keys,
    exits,
    reopened,
    frame: () => stable(plain(ui.lastFrame())),
    type,
    async command(text: string) {
      await type(text);
      await type(KEY.enter);
    },
    unmount: () => {
      ui.unmount();
      store.dispose();
    },
  };
}

/** Spinner frames made one, so snapshots do not depend on timing. */
export function stable(frame: string): string {
  return frame.replace(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/g, "⠋");
}

/** Keys as a terminal sends them. */
export const KEY = {
  enter: "\r",
  escape: "\x1b",
  tab: "\t",
  shiftTab: "\x1b[Z",
  up: "\x1b[A",
  down: "\x1b[B",
  backspace: "\x7f",
  ctrlC: "\x03",
  pageDown: "\x1b[6~",
};
