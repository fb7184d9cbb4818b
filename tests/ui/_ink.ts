/**
 * Renders Ink trees to text frames without a terminal — our equivalent of
 * ink-testing-library (which fixes the width at 100 columns): a fake stdout of any size,
 * a fake stdin to type into, and waiting for a frame that shows what a test expects.
 */
import { EventEmitter } from "node:events";
import { render } from "ink";
import type { ReactElement } from "react";

/** Escape sequences of colour and style (and the reverse-video cursor). */
// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Text without escape sequences, trailing spaces cut per line. */
export function plain(text: string): string {
  return text.replace(ANSI, "").split("\n").map((l) => l.replace(/\s+$/, "")).join("\n");
}

class FakeStdout extends EventEmitter {
  isTTY = true;
  frames: string[] = [];
  constructor(public columns: number, public rows: number) {
    super();
  }
  write = (frame: string) => {
    this.frames.push(frame);
    return true;
  };
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  #data: string | null = null;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => {
    const data = this.#data;
    this.#data = null;
    return data;
  };
  /** Types `data` as if it came from the terminal. */
  write(data: string) {
    this.#data = data;
    this.emit("readable");
    this.emit("data", data);
  }
}

/** A rendered tree. */
export interface Rendered {
  stdin: FakeStdin;
  /** The latest full frame, as written (with escape sequences). */
  lastFrame(): string;
  /** How many frames were written so far. */
  frameCount(): number;
  /** Every frame written so far, as written. */
  frames(): readonly string[];
  /** Resolves with the latest frame once `match` accepts its plain text. */
  waitFor(match: (frame: string) => boolean, what?: string): Promise<string>;
  resize(columns: number, rows: number): void;
  unmount(): void;
}

/** Renders `tree` into a `columns`×`rows` fake terminal. */
export function renderInk(tree: ReactElement, columns = 100, rows = 30): Rendered {
  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  const instance = render(tree, {
    // deno-lint-ignore no-explicit-any
    stdout: stdout as any,
    // deno-lint-ignore no-explicit-any
    stderr: new FakeStdout(columns, rows) as any,
    // deno-lint-ignore no-explicit-any
    stdin: stdin as any,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const lastFrame = () => stdout.frames.at(-1) ?? "";
  return {
    stdin,
    lastFrame,
    frameCount: () => stdout.frames.length,
    frames: () => stdout.frames,
    async waitFor(match, what = "the expected frame") {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const frame = plain(lastFrame());
        if (match(frame)) return frame;
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error(`Timed out waiting for ${what}; last frame:\n${plain(lastFrame())}`);
    },
    resize(c, r) {
      stdout.columns = c;
      stdout.rows = r;
      stdout.emit("resize");
    },
    unmount() {
      instance.unmount();
      instance.cleanup();
    },
  };
}
