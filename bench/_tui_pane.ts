/**
 * A program in a tmux pane for the TUI benchmark: started with `exec` so the pane's pid
 * is the program's (its VmHWM is the session's peak RSS), and timed by polling the
 * screen as fast as tmux answers (a few ms per capture).
 */
import { quote, tmux } from "../tests/e2e/_tmux.ts";

/** A running pane. */
export class Pane {
  readonly #socket: string;
  readonly #started: number;

  private constructor(socket: string, started: number) {
    this.#socket = socket;
    this.#started = started;
  }

  /** Starts `argv` with exactly `env` in `cwd`; times count from just before tmux runs. */
  static async start(
    cwd: string,
    env: Record<string, string>,
    argv: string[],
    columns: number,
    rows: number,
  ): Promise<Pane> {
    const socket = `nanocoder-bench-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
    const words = [
      "exec",
      "env",
      "-i",
      ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
      ...argv,
    ];
    const started = performance.now();
    await tmux(socket, [
      "new-session",
      "-d",
      "-x",
      String(columns),
      "-y",
      String(rows),
      "-c",
      cwd,
      words.map(quote).join(" "),
    ]);
    return new Pane(socket, started);
  }

  screen(): Promise<string> {
    return tmux(this.#socket, ["capture-pane", "-p", "-t", "0"]);
  }

  /** Milliseconds from start until the screen matches. */
  async until(match: (screen: string) => boolean, timeoutMs = 30_000): Promise<number> {
    return (await this.#wait(match, timeoutMs)) - this.#started;
  }

  /** Presses Enter; when it was pressed, and milliseconds until the screen matches. */
  async afterEnter(match: (screen: string) => boolean): Promise<{ at: number; ms: number }> {
    const at = performance.now();
    await this.key("Enter");
    return { at, ms: (await this.#wait(match, 30_000)) - at };
  }

  /** Types `text`; milliseconds until the screen matches. */
  async typeAndWait(text: string, match: (screen: string) => boolean): Promise<number> {
    const at = performance.now();
    await this.type(text);
    return (await this.#wait(match, 30_000)) - at;
  }

  type(text: string): Promise<string> {
    return tmux(this.#socket, ["send-keys", "-t", "0", "-l", text]);
  }

  key(name: string): Promise<string> {
    return tmux(this.#socket, ["send-keys", "-t", "0", name]);
  }

  /** The program's peak resident memory so far. */
  async peakRssMb(): Promise<number> {
    const pid = (await tmux(this.#socket, ["display", "-p", "-t", "0", "#{pane_pid}"])).trim();
    const status = await Deno.readTextFile(`/proc/${pid}/status`);
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return kb / 1024;
  }

  async stop(): Promise<void> {
    await tmux(this.#socket, ["kill-server"]).catch(() => "");
  }

  async #wait(match: (screen: string) => boolean, timeoutMs: number): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    let screen = "";
    while (performance.now() < deadline) {
      screen = await this.screen();
      if (match(screen)) return performance.now();
    }
    throw new Error(`The screen never matched; it was:\n${screen}`);
  }
}
