/**
 * nanocoder entry point: argv → config → frontend → exit code.
 * `--version` and `--help` answer before any heavy import so they stay instant.
 */
import { VERSION } from "./src/version.ts";

if (import.meta.main) {
  const args = Deno.args;
  if (args.includes("--version") || args.includes("-v")) {
    // Bare, as Nanocoder prints it (`1.30.0`): scripts read it as a version number.
    console.log(VERSION);
    Deno.exit(0);
  }
  const { runCli } = await import("./src/cli/mod.ts");
  Deno.exit(await runCli(args));
}
