/**
 * nanocoder entry point: argv → config → frontend → exit code.
 * `--version` and `--help` answer before any heavy import so they stay instant.
 */
import { VERSION } from "./src/version.ts";

/** Runs nanocoder with `args`; resolves to the exit code. Exported for scripts/start.ts. */
export async function main(args: string[]): Promise<number> {
  if (args.includes("--version") || args.includes("-v")) {
    // Bare, as Nanocoder prints it (`1.30.0`): scripts read it as a version number.
    console.log(VERSION);
    return 0;
  }
  const { runCli } = await import("./src/cli/mod.ts");
  return await runCli(args);
}

if (import.meta.main) Deno.exit(await main(Deno.args));
