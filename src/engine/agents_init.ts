/**
 * `nanocoder init` and the TUI's /init: the model explores the project with read-only
 * tools (a session in plan mode) and answers with the text of an AGENTS.md, which the
 * frontend then writes through `writeAgentsFile` — so the model never writes files
 * itself, and an existing AGENTS.md is only replaced when the user says so.
 */
import { join } from "node:path";
import { ConfigError } from "../errors.ts";
import { atomicWrite } from "../tools/_private/atomic_write.ts";

/** The prompt that asks the model for the project's AGENTS.md. */
export async function agentsInitPrompt(cwd: string): Promise<string> {
  const has = async (name: string) =>
    await Deno.stat(join(cwd, name)).then(() => true, () => false);
  const notes = [
    (await has("AGENTS.md")) &&
    "There is an AGENTS.md already: read it, keep what still holds, correct what does not.",
    (await has("CLAUDE.md")) && "There is a CLAUDE.md: read it and carry over what holds.",
  ].filter(Boolean);
  return [
    "Write an AGENTS.md for this project: the instructions a coding agent needs to work here.",
    "First explore with your read tools: the layout (list_directory), the README, package " +
    "manifests and build files, CI configuration, test and lint setup, a few typical source files.",
    "Cover, briefly and concretely: what the project is (one paragraph); how to install, build, " +
    "run, test and lint it (the exact commands); where things live; the code style and " +
    "conventions the code follows; pitfalls worth knowing. Only what is true of this " +
    "repository: never invent a command. Under about 150 lines.",
    ...notes,
    "When you are done exploring, answer with the complete Markdown text of AGENTS.md and " +
    "nothing else: no preamble, no closing remarks, no code fence around it.",
  ].join("\n\n");
}

/** The AGENTS.md text in a model's answer: without a fence around it or lines before its title. */
export function agentsFileText(answer: string): string {
  let text = answer.trim();
  const fenced = /^```(?:markdown|md)?\n([\s\S]*)\n```$/.exec(text);
  if (fenced) text = fenced[1].trim();
  const title = text.search(/^# /m);
  if (title > 0 && title < 400) text = text.slice(title);
  return `${text}\n`;
}

/**
 * Writes AGENTS.md in `cwd` from a model's answer. ConfigError when the answer is empty,
 * or when the file exists and `force` is not set.
 */
export async function writeAgentsFile(
  cwd: string,
  answer: string,
  options: { force?: boolean } = {},
): Promise<{ path: string; lines: number }> {
  const path = join(cwd, "AGENTS.md");
  if (!options.force && (await Deno.stat(path).then(() => true, () => false))) {
    throw new ConfigError(`"${path}" already exists: pass --force to replace it`);
  }
  const text = agentsFileText(answer);
  if (!text.trim()) throw new ConfigError("The model's answer was empty: AGENTS.md not written");
  await atomicWrite(path, new TextEncoder().encode(text), { mode: 0o644 });
  return { path, lines: text.split("\n").length - 1 };
}
