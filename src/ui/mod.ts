/**
 * The interactive terminal UI (Ink + React): `nanocoder` with no command. A frontend of
 * the engine like `run` and the ACP bridge: it imports only the engine's facade and the
 * protocol, and is loaded only on this path, so `run` never pays for Ink.
 *
 * The banner is printed before anything heavy loads, so the terminal answers at once;
 * the Ink app (React, the layout engine, the components) loads behind it.
 */
import type { EngineOptions } from "../engine/mod.ts";
import { banner } from "./banner.ts";

/** How the UI starts: the session options the flags ask for. */
export interface TuiOptions extends EngineOptions {
  cwd: string;
  /** `--alt-screen` (true) / `--no-alt-screen` (false); unset: the user's preference. */
  altScreen?: boolean;
  /** `--resume` without a session: pick one of this project's saved sessions. */
  pickSession?: boolean;
}

/** Runs the UI until the person leaves; resolves to the exit code. */
export async function runTui(options: TuiOptions): Promise<number> {
  Deno.stdout.writeSync(new TextEncoder().encode(banner(options.cwd, !Deno.noColor)));
  const { runApp } = await import("./app/run.ts");
  return await runApp(options);
}
