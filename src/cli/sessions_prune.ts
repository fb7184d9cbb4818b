/** `nanocoder sessions prune --older-than 30d [--all] [--dry-run]`: deletes old sessions. */
import type { GlobalFlags } from "./flags.ts";
import { EXIT } from "./exit_codes.ts";
import { pruneSessions } from "../engine/mod.ts";
import { ConfigError } from "../errors.ts";

/** Deletes this project's (every project's, with `all`) old sessions; the exit code. */
export async function sessionsPruneCommand(
  flags: GlobalFlags,
  options: { olderThan: string; all?: boolean; dryRun?: boolean },
): Promise<number> {
  try {
    const result = await pruneSessions(options.olderThan, {
      cwd: options.all ? undefined : flags.cwd,
      dryRun: options.dryRun,
    });
    if (flags.json || flags.outputFormat === "json") {
      console.log(JSON.stringify(result));
      return EXIT.ok;
    }
    const n = result.sessions.length;
    const what = `${n} session${n === 1 ? "" : "s"} not changed for ${options.olderThan}`;
    if (options.dryRun) {
      console.log(`Would delete ${what}${n ? `: ${result.sessions.join(", ")}` : ""}`);
    } else {
      const freed = result.objects
        ? `, and ${result.objects} checkpoint objects (${(result.bytes / 1024).toFixed(0)} KiB)`
        : "";
      console.log(`Deleted ${what}${freed}.`);
    }
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`error: ${error.message}`);
    return EXIT.error;
  }
}
