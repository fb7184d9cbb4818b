/** `nanocoder sessions export SESSION [--format md|json] [--output FILE]`: a readable transcript. */
import type { GlobalFlags } from "./flags.ts";
import { EXIT } from "./exit_codes.ts";
import { type ExportFormat, exportSession } from "../engine/mod.ts";
import { ConfigError } from "../errors.ts";

/** Writes the export to stdout or `output` (created 0600: it holds file contents); the exit code. */
export async function sessionsExportCommand(
  flags: GlobalFlags,
  ref: string,
  options: { format: ExportFormat; output?: string },
): Promise<number> {
  let text: string;
  try {
    text = await exportSession(flags.cwd!, ref, options.format);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`error: ${error.message}`);
    return EXIT.error;
  }
  if (!options.output) {
    await Deno.stdout.write(new TextEncoder().encode(text));
    return EXIT.ok;
  }
  await Deno.writeTextFile(options.output, text, { mode: 0o600 });
  console.error(`Wrote ${options.output}`);
  return EXIT.ok;
}
