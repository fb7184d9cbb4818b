/** The project directory check, shared by the engine and the CLI's `--cwd`. */
import { resolve } from "node:path";
import { ConfigError } from "../errors.ts";

/** The absolute project directory; a ConfigError when it is missing or not a directory. */
export async function projectDirectory(dir: string): Promise<string> {
  const cwd = resolve(dir);
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(cwd);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new ConfigError(`Project directory "${cwd}" does not exist`);
    }
    // Not allowed to look (narrow --allow-read): the tools will say what they cannot do.
    return cwd;
  }
  if (!info.isDirectory) throw new ConfigError(`Project directory "${cwd}" is not a directory`);
  return cwd;
}
