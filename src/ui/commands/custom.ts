/**
 * Custom slash commands from markdown files, as Nanocoder defines them: the user's
 * `<config dir>/commands/**\/*.md` first, then the project's
 * `.nanocoder/commands/**\/*.md`, which win by name. A subdirectory is a namespace
 * (`git/pr.md` is `/git:pr`); a directory with a file of its own name is one command
 * (`review/review.md` is `/review`) whose `resources/` files are listed for the model.
 * Aliases are registered in the command's namespace. Running one sends
 * `[Executing custom command: /name]` and the rendered body as the prompt.
 */
import { basename, join } from "node:path";
import { type CommandMetadata, splitFrontMatter } from "./front_matter.ts";
import { parameterSpec, renderTemplate, templateVariables } from "./template.ts";

/** A command loaded from a file. */
export interface CustomCommand {
  /** `namespace:name`, or `name`. */
  fullName: string;
  namespace?: string;
  path: string;
  source: "personal" | "project";
  metadata: CommandMetadata;
  body: string;
  resources: { name: string; type: string }[];
}

/** The commands found, by full name and alias. */
export class CustomCommands {
  readonly #commands = new Map<string, CustomCommand>();
  readonly #aliases = new Map<string, string>();

  /** Loads the user's commands, then the project's (which override them). */
  static async load(cwd: string, userConfigDir: string | undefined): Promise<CustomCommands> {
    const found = new CustomCommands();
    if (userConfigDir) await found.#scan(join(userConfigDir, "commands"), undefined, "personal");
    await found.#scan(join(cwd, ".nanocoder", "commands"), undefined, "project");
    return found;
  }

  /** The command named `name` (or one of its aliases). */
  get(name: string): CustomCommand | undefined {
    return this.#commands.get(name) ?? this.#commands.get(this.#aliases.get(name) ?? "");
  }

  all(): CustomCommand[] {
    return [...this.#commands.values()].sort((a, b) => a.fullName.localeCompare(b.fullName));
  }

  /** Aliases with their namespace, for completion. */
  aliasesOf(command: CustomCommand): string[] {
    return (command.metadata.aliases ?? []).map((a) =>
      command.namespace ? `${command.namespace}:${a}` : a
    );
  }

  async #scan(dir: string, namespace: string | undefined, source: CustomCommand["source"]) {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(dir));
    } catch {
      return; // no such directory, or not readable
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) {
        const own = join(path, `${entry.name}.md`);
        if (await isFile(own)) await this.#load(own, namespace, source, path);
        else await this.#scan(path, namespace ? `${namespace}:${entry.name}` : entry.name, source);
      } else if (entry.name.endsWith(".md")) {
        await this.#load(path, namespace, source);
      }
    }
  }

  async #load(
    path: string,
    namespace: string | undefined,
    source: CustomCommand["source"],
    commandDir?: string,
  ): Promise<void> {
    let text: string;
    try {
      text = await Deno.readTextFile(path);
    } catch {
      return;
    }
    const { metadata, body } = splitFrontMatter(text);
    const name = basename(path, ".md");
    const fullName = namespace ? `${namespace}:${name}` : name;
    const resources = commandDir ? await loadResources(join(commandDir, "resources")) : [];
    this.#commands.set(fullName, {
      fullName,
      ...(namespace ? { namespace } : {}),
      path,
      source,
      metadata,
      body,
      resources,
    });
    for (const alias of metadata.aliases ?? []) {
      this.#aliases.set(namespace ? `${namespace}:${alias}` : alias, fullName);
    }
  }
}

/** The prompt a command sends, given what was typed after its name. */
export function expandCommand(command: CustomCommand, rawArgs: string, cwd: string): string {
  const variables = templateVariables(command.metadata.parameters ?? [], rawArgs, {
    cwd,
    command: command.fullName,
  });
  let prompt = `[Executing custom command: /${command.fullName}]\n\n${
    renderTemplate(command.body, variables)
  }`;
  if (command.resources.length) {
    prompt += "\n\n[Available resources:";
    for (const r of command.resources) prompt += `\n  - ${r.name} (${r.type})`;
    prompt += "]";
  }
  return prompt;
}

/** `/name <param> [param=default] - description`, as Nanocoder's /help shows it. */
export function usageOf(command: CustomCommand): string {
  const params = (command.metadata.parameters ?? []).map((spec) => {
    const { name, defaultValue } = parameterSpec(spec);
    return defaultValue ? `[${name}=${defaultValue}]` : `<${name}>`;
  });
  return [`/${command.fullName}`, ...params].join(" ");
}

async function loadResources(dir: string): Promise<{ name: string; type: string }[]> {
  try {
    const entries = await Array.fromAsync(Deno.readDir(dir));
    return entries.filter((e) => e.isFile).map((e) => ({
      name: e.name,
      type: resourceType(e.name),
    }))
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
