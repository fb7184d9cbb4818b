/**
 * Drives the real program in tmux, as a person at a terminal would: send keys, read the
 * screen (capture-pane), wait until the expected text shows. Every test gets its own
 * tmux server (socket), its own temp project and HOME, and the mock LLM in-process.
 * Screens are saved under a temp dir printed at the end, to be looked at.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isolatedEnv } from "../_helpers/isolated_env.ts";
import { MAIN } from "./_cli.ts";

/** Why tmux tests cannot run here, or undefined when they can. */
export function tmuxMissing(): string | undefined {
  try {
    const out = new Deno.Command("tmux", { args: ["-V"], stdout: "null", stderr: "null" })
      .outputSync();
    return out.success ? undefined : "tmux -V failed";
  } catch {
    return "tmux is not installed (apt-get install tmux; .ci/run installs it)";
  }
}

/** Representative screens kept in the repository (refreshed with UPDATE_SCREENS=1). */
const KEPT_SCREENS = fileURLToPath(new URL("../ui/screens/", import.meta.url));

let screens: string | undefined;

/** Where captured screens are kept for this test run (made on first use, printed at the end). */
export function screensDir(): string {
  if (!screens) {
    const dir = (screens = Deno.makeTempDirSync({ prefix: "nanocoder-tui-screens-" }));
    addEventListener("unload", () => console.log(`tui screens: ${dir}`));
  }
  return screens;
}

/** A program running in a tmux pane. */
export class TmuxSession {
  readonly socket: string;
  readonly dir: string;
  #shots = 0;
  readonly name: string;

  private constructor(socket: string, dir: string, name: string) {
    this.socket = socket;
    this.dir = dir;
    this.name = name;
  }

  /**
   * Starts `nanocoder ARGS` in a `columns`×`rows` pane in `dir` (HOME is `dir/home`).
   * The pane stays open after the program exits, showing "[exited N]".
   */
  static async start(
    name: string,
    dir: string,
    args: string[],
    options: {
      columns?: number;
      rows?: number;
      env?: Record<string, string>;
      /** Leave colour on (the default environment has NO_COLOR=1). */
      color?: boolean;
    } = {},
  ): Promise<TmuxSession> {
    const socket = `nanocoder-test-${Deno.pid}-${name}`;
    const home = join(dir, "home");
    await Deno.mkdir(home, { recursive: true });
    const env: Record<string, string> = {
      ...isolatedEnv(home, options.env),
      TERM: "xterm-256color",
      NANOCODER_DATA_DIR: join(home, "data"),
    };
    if (options.color) delete env.NO_COLOR;
    const program = [
      "env",
      "-i",
      ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
      Deno.execPath(),
      "run",
      "--allow-all",
      "--no-prompt",
      MAIN,
      ...args,
    ];
    // The status after the program: the test reads it to know how the program ended.
    const stty = `stty -a | grep -o -w -E -- '-?(icanon|echo)' | tr '\\n' ' '`;
    const command = `${
      program.map(quote).join(" ")
    }; echo "[exited $?]"; echo "stty: $(${stty})"; sleep 600`;
    await tmux(socket, [
      "new-session",
      "-d",
      "-x",
      String(options.columns ?? 100),
      "-y",
      String(options.rows ?? 30),
      "-c",
      dir,
      command,
    ]);
    return new TmuxSession(socket, dir, name);
  }

  /** The visible screen as text. */
  async screen(): Promise<string> {
    return await tmux(this.socket, ["capture-pane", "-p", "-t", "0"]);
  }

  /** Types text literally (no key names). */
  async type(text: string): Promise<void> {
    await tmux(this.socket, ["send-keys", "-t", "0", "-l", text]);
  }

  /** Sends key names: Enter, Escape, C-c, BTab, Down, y … */
  async keys(...keys: string[]): Promise<void> {
    await tmux(this.socket, ["send-keys", "-t", "0", ...keys]);
  }

  /** The screen with its colour escape sequences. */
  async screenWithColors(): Promise<string> {
    return await tmux(this.socket, ["capture-pane", "-p", "-e", "-t", "0"]);
  }

  /** Resizes the terminal (the program gets SIGWINCH). */
  async resize(columns: number, rows: number): Promise<void> {
    await tmux(this.socket, [
      "resize-window",
      "-t",
      "0",
      "-x",
      String(columns),
      "-y",
      String(rows),
    ]);
  }

  /** Pastes `text` as a terminal does with bracketed paste. */
  async paste(text: string): Promise<void> {
    await tmux(this.socket, ["set-buffer", "--", text]);
    await tmux(this.socket, ["paste-buffer", "-p", "-t", "0"]);
  }

  /** Waits until the screen matches; throws with the screen after `timeoutMs`. */
  async waitFor(
    match: string | RegExp | ((screen: string) => boolean),
    timeoutMs = 20_000,
  ): Promise<string> {
    const test = typeof match === "function"
      ? match
      : (s: string) => (typeof match === "string" ? s.includes(match) : match.test(s));
    const deadline = Date.now() + timeoutMs;
    let screen = "";
    while (Date.now() < deadline) {
      screen = await this.screen();
      if (test(screen)) return screen;
      await new Promise((r) => setTimeout(r, 25));
    }
    await this.save("timeout");
    throw new Error(`Timed out waiting for ${String(match)}; the screen was:\n${screen}`);
  }

  /**
   * Saves the screen under screensDir(); returns its text. With UPDATE_SCREENS=1 the
   * screen is also kept in tests/ui/screens/<label>.txt (paths made stable): the
   * captures the repository keeps to show what the UI looks like.
   */
  async save(label: string): Promise<string> {
    const screen = await this.screen().catch(() => ""); // the server may be gone already
    const shot = String(++this.#shots).padStart(2, "0");
    await Deno.writeTextFile(join(screensDir(), `${this.name}-${shot}-${label}.txt`), screen);
    if (Deno.env.get("UPDATE_SCREENS") === "1" && label !== "last" && label !== "timeout") {
      const kept = stablePaths(screen, this.dir).replace(/\s+$/, "") + "\n";
      await Deno.writeTextFile(join(KEPT_SCREENS, `${label}.txt`), kept);
    }
    return screen;
  }

  async stop(): Promise<void> {
    await tmux(this.socket, ["kill-server"]).catch(() => {});
  }
}

/** Runs a tmux command on the server at `socket`; its stdout, or throws with its stderr. */
export async function tmux(socket: string, args: string[]): Promise<string> {
  const out = await new Deno.Command("tmux", {
    args: ["-L", socket, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(`tmux ${args[0]} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return text;
}

/** The screen with the temp project's path shown as /home/me/project (boxes kept square). */
function stablePaths(screen: string, dir: string): string {
  const stable = "/home/me/project";
  return screen.split("\n").map((line) => {
    if (!line.includes(dir)) return line;
    const replaced = line.replaceAll(dir, stable);
    if (!line.trimEnd().endsWith("│")) return replaced;
    const body = replaced.trimEnd().slice(0, -1).trimEnd();
    return body.padEnd(line.trimEnd().length - 1) + "│";
  }).join("\n");
}

/** A word for `sh -c`, quoted when it needs to be. */
export function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
