/**
 * The text of a custom `systemPrompt`: its `content`, or the file it names (relative to
 * the project directory, as in Nanocoder). A file that cannot be read is a warning and the
 * built-in prompt stays, as in Nanocoder. One rule of our own: a project's own config,
 * before the directory is trusted, may only name a file inside the project (symlinks
 * resolved), or a cloned repository could put `~/.ssh/id_rsa` into the prompt and so
 * send it to the model server.
 */
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import type { SystemPromptSettings } from "./types.ts";
import type { RawSystemPrompt } from "./app_settings.ts";
import type { Env } from "./paths.ts";
import { cutWarning, INSTRUCTIONS_MAX_BYTES, readProjectFile } from "./project_file.ts";

/** The prompt to use and what the user should know; no settings means the built-in prompt. */
export async function readSystemPrompt(
  raw: RawSystemPrompt,
  cwd: string,
  env: Env,
): Promise<{ settings?: SystemPromptSettings; warning?: string }> {
  if (raw.content !== undefined) {
    return { settings: { mode: raw.mode, content: raw.content, source: raw.source } };
  }
  const path = promptPath(raw.file ?? "", cwd, env);
  const fallBack = (why: string) => ({
    warning: `systemPrompt.file "${path}" in "${raw.source}" ${why}: using the built-in prompt`,
  });
  if (raw.untrusted && !(await isInside(path, cwd))) {
    return fallBack(
      "is outside the project, which is not trusted (trust it with --trust-directory to use it)",
    );
  }
  let read;
  try {
    // Where it may lie was checked above; whatever it is, only a regular file is read.
    read = await readProjectFile(path, { maxBytes: INSTRUCTIONS_MAX_BYTES });
  } catch (error) {
    return fallBack(`cannot be read (${reasonOf(error)})`);
  }
  if (read.status === "missing") return fallBack("cannot be read (no such file)");
  if (read.status !== "ok") return fallBack(`cannot be read (${read.reason})`);
  const settings = { mode: raw.mode, content: read.text, source: path };
  if (!read.truncated) return { settings };
  return { settings, warning: `systemPrompt.file "${path}" ${cutWarning(INSTRUCTIONS_MAX_BYTES)}` };
}

function promptPath(file: string, cwd: string, env: Env): string {
  const home = env.HOME ?? env.USERPROFILE;
  if (home && (file === "~" || file.startsWith("~/"))) return join(home, file.slice(1));
  return isAbsolute(file) ? resolve(file) : resolve(cwd, file);
}

/** Whether `path`, with symlinks resolved, is inside `dir` (resolved the same way). */
async function isInside(path: string, dir: string): Promise<boolean> {
  const [real, root] = await Promise.all([
    Deno.realPath(path).catch(() => undefined),
    Deno.realPath(dir).catch(() => resolve(dir)),
  ]);
  // A missing file is "inside" only if its name is: reading it then fails on its own.
  const target = real ?? resolve(path);
  const rel = relative(root, target);
  return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
}

function reasonOf(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "no such file";
  if (error instanceof Deno.errors.NotCapable) return "no read permission (--allow-read)";
  if (error instanceof Deno.errors.IsADirectory) return "it is a directory";
  return error instanceof Error ? error.message : String(error);
}
