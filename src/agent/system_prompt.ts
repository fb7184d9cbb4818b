/**
 * The system prompt: who the agent is, the tools, the environment (cwd, OS, date,
 * git) and the project's own instructions (AGENTS.md, else CLAUDE.md: instructions.ts).
 */
import { dirname, join } from "node:path";
import type { AgentMode } from "../protocol.ts";
import { formatProjectInstructions, type InstructionFile } from "./instructions.ts";

export { loadProjectInstructions, NestedInstructions } from "./instructions.ts";
export type { InstructionFile };

/** Facts about where the agent runs. */
export interface EnvironmentInfo {
  cwd: string;
  os: string;
  date: string;
  isGitRepo: boolean;
}

/** Inputs of the prompt. */
export interface SystemPromptInput {
  env: EnvironmentInfo;
  mode: AgentMode;
  tools: readonly { name: string; description: string }[];
  disabledTools: readonly { name: string; reason: string }[];
  /** AGENTS.md (else CLAUDE.md) of the project directory and the folders above it. */
  instructions?: readonly InstructionFile[];
  /** Format instructions for models that write tool calls as text. */
  textToolFormat?: string;
  /**
   * The user's own prompt (Nanocoder's `systemPrompt`): "replace" sends it instead of
   * everything built here (no environment, no AGENTS.md; the text-call format still
   * follows, or such a model could call no tool); "append" adds it at the end.
   */
  custom?: { mode: "replace" | "append"; content: string };
}

/** Reads the facts; every probe tolerates a denied permission. */
export async function gatherEnvironment(cwd: string, now = new Date()): Promise<EnvironmentInfo> {
  return {
    cwd,
    os: `${Deno.build.os} (${Deno.build.arch})`,
    date: now.toISOString().slice(0, 10),
    isGitRepo: await isInsideGitRepo(cwd),
  };
}

/** Builds the prompt text. */
export function buildSystemPrompt(input: SystemPromptInput): string {
  const { env, mode, custom } = input;
  if (custom?.mode === "replace") {
    return [custom.content, input.textToolFormat].filter(Boolean).join("\n\n");
  }
  const parts = [
    `You are nanocoder, a coding agent working in the user's terminal. You help with software tasks by reading and changing files in the project and running commands through the tools you have.`,
    `# How to work
- Act: when the user asks for a change, make it with the tools instead of describing it.
- Read a file before you edit it; prefer small edits (string_replace, replace_lines) over rewriting whole files.
- Paths are relative to the project directory. Stay inside it.
- Line numbers in read_file output are for reference only; never copy them into file content.
- When a tool returns an error, read it: it says what to fix. Correct the call and try again.
- When the task is done, stop calling tools and answer with a short summary of what you did.`,
    `# Environment
- Working directory: ${env.cwd}
- Operating system: ${env.os}
- Date: ${env.date}
- Git repository: ${env.isGitRepo ? "yes" : "no"}
- Mode: ${describeMode(mode)}`,
  ];
  if (input.tools.length > 0) {
    parts.push(
      `# Tools\n${input.tools.map((t) => `- ${t.name}: ${firstLine(t.description)}`).join("\n")}`,
    );
  }
  if (input.disabledTools.length > 0) {
    parts.push(
      `# Unavailable tools\n${
        input.disabledTools.map((t) => `- ${t.name}: ${t.reason}`).join("\n")
      }`,
    );
  }
  if (input.textToolFormat) parts.push(input.textToolFormat);
  const instructions = formatProjectInstructions(input.instructions ?? []);
  if (instructions) parts.push(instructions);
  if (custom) parts.push(custom.content);
  return parts.join("\n\n");
}

function describeMode(mode: AgentMode): string {
  switch (mode) {
    case "plan":
      return "plan (read-only: investigate with the read tools and propose a plan; do not change files, run commands or use the network)";
    case "normal":
      return "normal (changes and commands need the user's approval)";
    case "auto-accept":
      return "auto-accept (file changes are applied; commands need approval)";
    case "yolo":
      return "yolo (every tool runs without approval)";
  }
}

function firstLine(text: string): string {
  const line = text.split("\n", 1)[0];
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

async function isInsideGitRepo(start: string): Promise<boolean> {
  let dir = start;
  while (true) {
    try {
      await Deno.stat(join(dir, ".git"));
      return true;
    } catch {
      // Not here, or not readable (narrow --allow-read): look further up.
    }
    const parent = dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}
