/**
 * A program in a tmux pane for the TUI benchmark: started with `exec` so the pane's pid
 * is the program's (its VmHWM is the session's peak RSS), and timed by polling the
 * screen through one tmux control-mode client (`tmux -C`): a capture is a line written
 * to it, not a process spawned, so polling costs about a millisecond even on a busy
 * machine and both programs are measured with the same fine grain.
 */
import { quote, tmux } from "../tests/e2e/_tmux.ts";

/** A running pane. */
export class Pane {
  readonly #socket: string;
  readonly #started: number;
  readonly #control: ControlClient;

  private constructor(socket: string, started: number, control: ControlClient) {
    this.#socket = socket;
    this.#started = started;
    this.#control = control;
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
    return new Pane(socket, started, new ControlClient(socket));
  }

  screen(): Promise<string> {
    return this.#control.command("capture-pane -p -t 0");
  }

  /** Milliseconds from start until the screen matches. */
  async until(match: (screen: string) => boolean, timeoutMs = 30_000): Promise<number> {
    return (await this.#wait(match, timeoutMs)) - this.#started;
  }

  /** Presses Enter; when it was pressed, and milliseconds until the screen matches. */
  async afterEnter(
    match: (screen: string) => boolean,
    timeoutMs = 30_000,
  ): Promise<{ at: number; ms: number }> {
    const at = performance.now();
    await this.key("Enter");
    return { at, ms: (await this.#wait(match, timeoutMs)) - at };
  }

  /** When (performance.now()) the screen matches. */
  matched(match: (screen: string) => boolean, timeoutMs = 30_000): Promise<number> {
    return this.#wait(match, timeoutMs);
  }

  /** Types `text`; milliseconds until the screen matches. */
  async typeAndWait(text: string, match: (screen: string) => boolean): Promise<number> {
    const at = performance.now();
    await this.type(text);
    return (await this.#wait(match, 30_000)) - at;
  }

  type(text: string): Promise<string> {
    return this.#control.command(`send-keys -t 0 -l ${quote(text)}`);
  }

  key(name: string): Promise<string> {
    return this.#control.command(`send-keys -t 0 ${name}`);
  }

  /** The program's peak resident memory so far. */
  async peakRssMb(): Promise<number> {
    const pid = await this.#pid();
    const status = await Deno.readTextFile(`/proc/${pid}/status`);
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return kb / 1024;
  }

  /** CPU time the program has used so far (user + system), in ms. */
  async cpuMs(): Promise<number> {
    const pid = await this.#pid();
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    // Fields after the command name (which may hold spaces): utime and stime are the
    // 12th and 13th, in clock ticks (100 a second on Linux).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  }

  /** Ends the program and waits until it has exited (it may write files as it leaves). */
  async stop(): Promise<void> {
    const pid = (await this.#control.command("display -p -t 0 '#{pane_pid}'")).trim();
    await tmux(this.#socket, ["kill-server"]).catch(() => "");
    await this.#control.closed;
    const deadline = performance.now() + 5000;
    while (pid && performance.now() < deadline) {
      if (!(await Deno.stat(`/proc/${pid}`).then(() => true, () => false))) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async #pid(): Promise<string> {
    return (await tmux(this.#socket, ["display", "-p", "-t", "0", "#{pane_pid}"])).trim();
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

/** A tmux control-mode client: commands in, each one's output (%begin … %end) back, in order. */
class ControlClient {
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;
  readonly #pending: ((output: string) => void)[] = [];
  readonly closed: Promise<void>;

  constructor(socket: string) {
    const child = new Deno.Command("tmux", {
      args: ["-L", socket, "-C", "attach-session", "-t", "0"],
      stdin: "piped",
      stdout: "piped",
      stderr: "null",
    }).spawn();
    this.#stdin = child.stdin.getWriter();
    // The attach itself answers with an empty block first.
    this.#pending.push(() => {});
    this.closed = this.#read(child.stdout).then(() => child.status).then(() => {});
  }

  /** Runs `command`; resolves with what it printed. */
  command(command: string): Promise<string> {
    return new Promise((resolve) => {
      this.#pending.push(resolve);
      void this.#stdin.write(new TextEncoder().encode(command + "\n"));
    });
  }

  async #read(stdout: ReadableStream<Uint8Array>): Promise<void> {
    let buffer = "";
    let block: string[] | undefined;
    const decoder = new TextDecoder();
    for await (const bytes of stdout) {
      buffer += decoder.decode(bytes, { stream: true });
      let newline;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (block === undefined) {
          if (line.startsWith("%begin ")) block = [];
        } else if (line.startsWith("%end ") || line.startsWith("%error ")) {
          this.#pending.shift()?.(block.join("\n"));
          block = undefined;
        } else block.push(line);
      }
    }
    for (const resolve of this.#pending.splice(0)) resolve("");
  }
}
