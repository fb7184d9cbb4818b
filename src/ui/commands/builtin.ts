/**
 * The built-in slash commands: their names, what /help says about them, and what they
 * do, through the narrow `CommandHost` the controller gives them.
 */
import type { CommandInfo } from "../input/completion.ts";

/** What a slash command may do. */
export interface CommandHost {
  help(): void;
  pickModel(model?: string): Promise<void>;
  pickProvider(name?: string): Promise<void>;
  pickMode(mode?: string): void;
  clear(): void;
  compact(): void;
  usage(): void;
  mcp(args: string): Promise<void>;
  resume(args: string): Promise<void>;
  exportConversation(args: string): Promise<void>;
  undo(args: string): Promise<void>;
  redo(): Promise<void>;
  rewind(): Promise<void>;
  tools(): void;
  status(): void;
  init(args: string): Promise<void>;
  exit(): void;
}

/** A built-in command. */
export interface BuiltinCommand extends CommandInfo {
  /** What to type after the name, for /help. */
  usage?: string;
  run(host: CommandHost, args: string): void | Promise<void>;
}

/** Every built-in command, in the order /help lists them. */
export const BUILTIN_COMMANDS: readonly BuiltinCommand[] = [
  { name: "help", description: "Commands and keys", run: (h) => h.help() },
  {
    name: "model",
    usage: "[model]",
    description: "Pick a model the server has, or switch to one by name",
    run: (h, a) => h.pickModel(a || undefined),
  },
  {
    name: "provider",
    usage: "[name]",
    description: "Switch to another configured provider",
    run: (h, a) => h.pickProvider(a || undefined),
  },
  {
    name: "mode",
    usage: "[normal|auto-accept|plan]",
    description: "How much the agent may do without asking (also Shift+Tab)",
    run: (h, a) => h.pickMode(a || undefined),
  },
  {
    name: "clear",
    description: "Start a new conversation and clear the screen",
    run: (h) => h.clear(),
  },
  {
    name: "compact",
    description: "Summarize the conversation to free context",
    run: (h) => h.compact(),
  },
  { name: "usage", description: "Tokens used and how full the context is", run: (h) => h.usage() },
  {
    name: "mcp",
    usage: "[login name]",
    description: "MCP servers: state, tools, prompts, resources; sign in",
    run: (h, a) => h.mcp(a),
  },
  {
    name: "tools",
    description: "Tools the model can use, and those disabled and why",
    run: (h) => h.tools(),
  },
  {
    name: "status",
    description: "Directory, provider, model, mode, context, servers",
    run: (h) => h.status(),
  },
  {
    name: "undo",
    usage: "[N]",
    description: "Put the files back as they were before the last prompt (or N prompts)",
    run: (h, a) => h.undo(a),
  },
  { name: "redo", description: "Undo the last /undo or /rewind", run: (h) => h.redo() },
  {
    name: "rewind",
    description: "Pick a point to rewind the files (and the conversation) to",
    run: (h) => h.rewind(),
  },
  {
    name: "resume",
    usage: "[session]",
    description: "Continue another saved session of this folder",
    run: (h, a) => h.resume(a),
  },
  {
    name: "export",
    usage: "[md|json] [file]",
    description: "Write the conversation to a file",
    run: (h, a) => h.exportConversation(a),
  },
  {
    name: "init",
    usage: "[--force]",
    description: "Write an AGENTS.md for this project, with the model's help",
    run: (h, a) => h.init(a),
  },
  { name: "exit", aliases: ["quit"], description: "Leave nanocoder", run: (h) => h.exit() },
];

/** The built-in command named `name` (or one of its aliases). */
export function findBuiltin(name: string): BuiltinCommand | undefined {
  return BUILTIN_COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
}

/**
 * Splits `/name args` into its parts; undefined when the input is not a command (a
 * path like `/home/x/file` is a chat message, as in Nanocoder).
 */
export function parseSlash(input: string): { name: string; args: string } | undefined {
  const match = /^\/([^\s/]+)(?:\s+([\s\S]*))?$/.exec(input.trim());
  if (!match) return undefined;
  return { name: match[1], args: (match[2] ?? "").trim() };
}
