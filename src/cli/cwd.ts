/**
 * The project directory of a command: `--cwd DIR`, else where the user started the
 * program. `deno task start` runs in nanocoder's own folder and says where the user was
 * in INIT_CWD; the start task marks itself with NANOCODER_START_TASK=1, so INIT_CWD set
 * by anything else (an npm script, a compiled binary started from one) is not honoured.
 */
import { resolve } from "node:path";
import { projectDirectory } from "../engine/mod.ts";
import { ConfigError, UsageError } from "../errors.ts";

/** The absolute project directory; a UsageError when `--cwd` is missing or not a directory. */
export async function projectDir(flag: string | undefined): Promise<string> {
  if (flag === undefined) return resolve(startTaskDir() ?? Deno.cwd());
  try {
    return await projectDirectory(flag);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`--cwd: ${error.message}`);
    throw error;
  }
}

function startTaskDir(): string | undefined {
  try {
    if (Deno.env.get("NANOCODER_START_TASK") !== "1") return undefined;
    return Deno.env.get("INIT_CWD") || undefined;
  } catch {
    return undefined; // no --allow-env
  }
}
