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
  let cli: typeof import("./src/cli/mod.ts");
  try {
    cli = await import("./src/cli/mod.ts");
  } catch (error) {
    const denied = ownFileDenied(error);
    if (!denied) throw error;
    console.error(denied);
    return 1;
  }
  return await cli.runCli(args);
}

/**
 * The message for a run that may not read nanocoder's own files: the shipped bundle run
 * with --unstable-lazy-dynamic-imports reads each chunk when it is first imported, which
 * needs read access to its folder (README, "CI"). Undefined for any other error.
 */
export function ownFileDenied(error: unknown): string | undefined {
  const file = /^Requires read access to "(.+)"/.exec((error as Error)?.message ?? "")?.[1];
  if (!file || !/\.[jt]sx?$/.test(file)) return undefined;
  const dir = file.replace(/[\\/][^\\/]*$/, "");
  return `error: nanocoder cannot read its own files in ${dir}: grant read access to that ` +
    `folder too (for example --allow-read=.,${dir}), or run without ` +
    "--unstable-lazy-dynamic-imports";
}

if (import.meta.main) Deno.exit(await main(Deno.args));
