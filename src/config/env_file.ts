/**
 * The project's `.env`, read as Nanocoder reads it: only `<cwd>/.env`, parsed by
 * `dotenv` (the parser Nanocoder itself uses, so quoting, `export`, comments and
 * multi-line values mean the same in both), and never overriding a variable the shell
 * already has. Unlike Nanocoder, the values are not put into this process's
 * environment: they feed config expansion only (vars.ts), so commands the agent runs
 * never inherit a project's `BASH_ENV`, `PATH` or proxy settings.
 */
import { join } from "node:path";
import { CONFIG_FILE_MAX_BYTES, readProjectFile, tooBig } from "./project_file.ts";

/** Name of the file, in the project directory. */
export const DOTENV_FILE_NAME = ".env";

/** A parsed `.env`. */
export interface DotEnv {
  path: string;
  values: Record<string, string>;
}

/** Outcome of reading the project's `.env`. */
export type DotEnvResult =
  | { status: "ok"; dotenv: DotEnv }
  | { status: "missing" }
  | { status: "skipped"; warning: string };

/**
 * Reads `<cwd>/.env`. A missing file is no variables; one that cannot be read (no
 * `--allow-read`, a directory, a FIFO, a symlink out of the project, over 1 MB) is
 * skipped with a warning rather than failing the run.
 */
export async function readDotEnv(cwd: string): Promise<DotEnvResult> {
  const path = join(cwd, DOTENV_FILE_NAME);
  let read;
  try {
    read = await readProjectFile(path, { within: cwd, maxBytes: CONFIG_FILE_MAX_BYTES });
  } catch (error) {
    return { status: "skipped", warning: `Skipped "${path}": ${(error as Error).message}` };
  }
  if (read.status === "missing") return { status: "missing" };
  if (read.status !== "ok") {
    return { status: "skipped", warning: `Skipped "${path}": ${read.reason}` };
  }
  if (read.truncated) {
    return { status: "skipped", warning: `Skipped "${path}": ${tooBig(CONFIG_FILE_MAX_BYTES)}` };
  }
  // Imported only when a .env exists: most runs need no parser.
  const { parse } = await import("dotenv");
  return { status: "ok", dotenv: { path, values: parse(read.text) } };
}
