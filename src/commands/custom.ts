/**
 * Custom slash commands from markdown files, as Nanocoder defines them: the user's
 * `<config dir>/commands/**\/*.md` first, then the project's
 * `.nanocoder/commands/**\/*.md`, which win by name. A subdirectory is a namespace
 * (`git/pr.md` is `/git:pr`); a directory with a file of its own name is one command
 * (`review/review.md` is `/review`) whose `resources/` files are listed for the model.
 * Aliases are registered in the command's namespace. Running one sends
 * `[Executing custom command: /name]` and the rendered body as the prompt.
 *
 * Engine-side so that every frontend offers the same commands: the TUI's `/name`, the
 * ACP bridge's `available_commands_update` (through the facade's `listCustomCommands`
 * and `expandCustomCommand`).
 */
import { basename, join } from "node:path";
import { CONFIG_FILE_MAX_BYTES, readProjectFile } from "../config/project_file.ts";
import { type CommandMetadata, splitFrontMatter } from "./front_matter.ts";
import { parameterSpec, renderTemplate, templateVariables } from "./template.ts";

/** A command loaded from a file. */
export interface CustomCommand {
  /** What follows the slash: `namespace:name`, or `name`. */
  name: string;
  namespace?: string;
  /** Other names it answers to, in its namespace (`git:p`). */
  aliases: string[];
  description?: string;
  /** `/name <param> [param=default]`, as Nanocoder's /help shows it. */
  usage: string;
  /** Its declared parameters in order; `defaultValue` for a `name=default` one. */
  parameters: { name: string; defaultValue?: string }[];
  path: string;
  source: "personal" | "project";
  metadata: CommandMetadata;
  body: string;
  resources: { name: string; type: string }[];
}

/**
 * The user's commands (from `userConfigDir`/commands), then the project's at `cwd` (which
 * override them by name; none without `cwd`), sorted by name.
 */
export async function loadCustomCommands(
  cwd: string | undefined,
  userConfigDir: string | undefined,
): Promise<CustomCommand[]> {
  const found = new Map<string, CustomCommand>();
  if (userConfigDir) await scan(found, join(userConfigDir, "commands"), undefined, "personal");
  if (cwd) await scan(found, join(cwd, ".nanocoder", "commands"), undefined, "project", cwd);
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The command named `name` (a leading `/` is allowed), else the one with that alias. */
export function findCustomCommand(
  commands: readonly CustomCommand[],
  name: string,
): CustomCommand | undefined {
  const wanted = name.replace(/^\//, "");
  const byName = commands.find((c) => c.name === wanted);
  if (byName) return byName;
  // An alias two commands claim goes to the project's.
  const claimed = commands.filter((c) => c.aliases.includes(wanted));
  return claimed.find((c) => c.source === "project") ?? claimed[0];
}

/** The prompt a command sends, given what was typed after its name. */
export function expandCommand(command: CustomCommand, rawArgs: string, cwd: string): string {
  const variables = templateVariables(command.metadata.parameters ?? [], rawArgs, {
    cwd,
    command: command.name,
  });
  let prompt = `[Executing custom command: /${command.name}]\n\n${
    renderTemplate(command.body, variables)
  }`;
  if (command.resources.length) {
    prompt += "\n\n[Available resources:";
    for (const r of command.resources) prompt += `\n  - ${r.name} (${r.type})`;
    prompt += "]";
  }
  return prompt;
}

async function scan(
  found: Map<string, CustomCommand>,
  dir: string,
  namespace: string | undefined,
  source: CustomCommand["source"],
  within?: string,
): Promise<void> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch {
    return; // no such directory, or not readable
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    let command: CustomCommand | undefined;
    if (entry.isDirectory) {
      const own = join(path, `${entry.name}.md`);
      if (await isFile(own)) command = await load(own, namespace, source, within, path);
      else {
        const inner = namespace ? `${namespace}:${entry.name}` : entry.name;
        await scan(found, path, inner, source, within);
      }
    } else if (entry.name.endsWith(".md")) {
      command = await load(path, namespace, source, within);
    }
    if (command) found.set(command.name, command);
  }
}

async function load(
  path: string,
  namespace: string | undefined,
  source: CustomCommand["source"],
  within: string | undefined,
  commandDir?: string,
): Promise<CustomCommand | undefined> {
  // A project's command file is the project's to choose: a symlink out of it, a FIFO or
  // /dev/zero is skipped like an unreadable file, and a huge one is not taken.
  const read = await readProjectFile(path, { within, maxBytes: CONFIG_FILE_MAX_BYTES })
    .catch(() => undefined);
  if (read?.status !== "ok" || read.truncated) return undefined;
  const text = read.text;
  const { metadata, body } = splitFrontMatter(text);
  const base = basename(path, ".md");
  const name = namespace ? `${namespace}:${base}` : base;
  const parameters = (metadata.parameters ?? []).map((spec) => {
    const { name, defaultValue } = parameterSpec(spec);
    return defaultValue ? { name, defaultValue } : { name };
  });
  const usage = [
    `/${name}`,
    ...parameters.map((p) => (p.defaultValue ? `[${p.name}=${p.defaultValue}]` : `<${p.name}>`)),
  ].join(" ");
  return {
    name,
    ...(namespace ? { namespace } : {}),
    aliases: (metadata.aliases ?? []).map((a) => (namespace ? `${namespace}:${a}` : a)),
    ...(metadata.description ? { description: metadata.description } : {}),
    usage,
    parameters,
    path,
    source,
    metadata,
    body,
    resources: commandDir ? await loadResources(join(commandDir, "resources")) : [],
  };
}

async function loadResources(dir: string): Promise<{ name: string; type: string }[]> {
  try {
    const entries = await Array.fromAsync(Deno.readDir(dir));
    return entries.filter((e) => e.isFile)
      .map((e) => ({ name: e.name, type: resourceType(e.name) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return [];
  }
}

function resourceType(name: string): string {
  const ext = name.toLowerCase().slice(name.lastIndexOf("."));
  if ([".py", ".js", ".sh", ".bat", ".ts"].includes(ext)) return "script";
  if ([".json", ".yaml", ".yml", ".toml"].includes(ext)) return "config";
  return "document";
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}
