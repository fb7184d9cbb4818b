/**
 * The project's `.env`, read as Nanocoder reads it: only `<cwd>/.env`, parsed by
 * `dotenv` (the parser Nanocoder itself uses, so quoting, `export`, comments and
 * multi-line values mean the same in both), and never overriding a variable the shell
 * already has. Unlike Nanocoder, the values are not put into this process's
 * environment: they feed config expansion only (vars.ts), so commands the agent runs
 * never inherit a project's `BASH_ENV`, `PATH` or proxy settings.
 */
import { join } from "node:path";

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
 * `--allow-read`, a directory) is skipped with a warning rather than failing the run.
 */
export async function readDotEnv(cwd: string): Promise<DotEnvResult> {
  const path = join(cwd, DOTENV_FILE_NAME);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { status: "missing" };
    const reason = error instanceof Deno.errors.NotCapable
      ? "no read permission (--allow-read)"
      : error instanceof Deno.errors.IsADirectory
      ? "it is a directory"
      : (error as Error).message;
    return { status: "skipped", warning: `Skipped "${path}": ${reason}` };
  }
  // Imported only when a .env exists: most runs need no parser.
  const { parse } = await import("dotenv");
  return { status: "ok", dotenv: { path, values: parse(text) } };
}
