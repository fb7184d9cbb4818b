/**
 * The project's own instructions for agents: AGENTS.md in a folder, else CLAUDE.md.
 *
 * Those of the project directory and the folders above it up to the repository root go
 * into the system prompt, read once per session. Those of folders below are added when
 * the agent first works on a file there: appended to that tool call's result, once per
 * folder, so the system prompt and every earlier message stay byte for byte the same
 * (local servers reuse their KV cache only for an identical prefix). Nearer files come
 * later and say they take precedence, so the nearest wins; the root's always applies.
 */
import { dirname, join, relative } from "node:path";
import type { TranscriptItem } from "../protocol.ts";

/** Instruction file names, by preference. */
export const INSTRUCTION_FILES = ["AGENTS.md", "CLAUDE.md"] as const;

/** Cap of one file's text, so one huge file cannot eat the context. */
const MAX_CHARS = 40_000;

/** One instruction file: its path relative to the project directory, and its text. */
export interface InstructionFile {
  path: string;
  content: string;
}

/** AGENTS.md (else CLAUDE.md) of `dir`, or undefined when neither can be read. */
export async function readInstructions(
  dir: string,
): Promise<{ name: string; content: string } | undefined> {
  for (const name of INSTRUCTION_FILES) {
    try {
      const text = await Deno.readTextFile(join(dir, name));
      if (!text.trim()) continue;
      const content = text.length > MAX_CHARS
        ? `${text.slice(0, MAX_CHARS)}\n[... ${name} truncated ...]`
        : text.trim();
      return { name, content };
    } catch {
      // Missing or unreadable (a narrow --allow-read): try the next name.
    }
  }
  return undefined;
}

/**
 * The instructions that apply to the whole session: those of the repository root (the
 * nearest folder above with a `.git`, if any) down to the project directory, outermost
 * first.
 */
export async function loadProjectInstructions(cwd: string): Promise<InstructionFile[]> {
  const chain: string[] = [];
  for (let dir = cwd;;) {
    chain.unshift(dir);
    if (await exists(join(dir, ".git"))) break;
    const parent = dirname(dir);
    if (parent === dir) {
      chain.splice(0, chain.length, cwd); // Not in a repository: the project directory only.
      break;
    }
    dir = parent;
  }
  const files: InstructionFile[] = [];
  for (const dir of chain) {
    const found = await readInstructions(dir);
    if (found) {
      files.push({ path: posix(relative(cwd, join(dir, found.name))), content: found.content });
    }
  }
  return files;
}

/** The instructions of folders below the project directory, added as the agent gets there. */
export class NestedInstructions {
  readonly #cwd: string;
  /** Project-relative folders already looked at ("" is the project directory). */
  readonly #seen = new Set<string>([""]);

  /** `history`: a resumed conversation, whose tool results may hold instructions already. */
  constructor(cwd: string, history: readonly TranscriptItem[] = []) {
    this.#cwd = cwd;
    for (const item of history) {
      if (item.type !== "tool_call") continue;
      for (const match of item.result.matchAll(MARKER)) this.#seen.add(posix(dirname(match[1])));
    }
  }

  /** The text to add to a result that touched `paths` (absolute), or undefined. */
  async forPaths(paths: readonly string[]): Promise<string | undefined> {
    const found: InstructionFile[] = [];
    for (const path of paths) {
      for (const dir of await this.#foldersTo(path)) {
        if (this.#seen.has(dir)) continue;
        this.#seen.add(dir);
        const file = await readInstructions(join(this.#cwd, dir));
        if (file) found.push({ path: `${dir}/${file.name}`, content: file.content });
      }
    }
    return found.length ? found.map(formatNested).join("") : undefined;
  }

  /** Project-relative folders from the top down to the one holding `path`. */
  async #foldersTo(path: string): Promise<string[]> {
    const rel = posix(relative(this.#cwd, path));
    if (rel === "" || rel.startsWith("../") || rel === "..") return [];
    const isDir = await Deno.stat(path).then((s) => s.isDirectory, () => false);
    const parts = rel.split("/");
    if (!isDir) parts.pop();
    return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
  }
}

const MARKER = /<project-instructions file="([^"]+)">/g;

function formatNested(file: InstructionFile): string {
  const folder = file.path.slice(0, file.path.lastIndexOf("/"));
  return `\n\n<project-instructions file="${file.path}">\nThese instructions from ${file.path} ` +
    `apply to files under ${folder}/; where they differ from the instructions of folders ` +
    `above it, these take precedence.\n\n${file.content}\n</project-instructions>`;
}

/** The system prompt's section for the session-wide instruction files. */
export function formatProjectInstructions(files: readonly InstructionFile[]): string | undefined {
  if (files.length === 0) return undefined;
  if (files.length === 1) {
    return `# Project instructions (from ${files[0].path})\n${files[0].content}`;
  }
  const parts = files.map((file, i) =>
    `## From ${file.path}${
      i === files.length - 1 ? " (nearest: takes precedence)" : ""
    }\n${file.content}`
  );
  return `# Project instructions\n${parts.join("\n\n")}`;
}

function posix(path: string): string {
  return path.replaceAll("\\", "/");
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false; // Absent, or not allowed to look (narrow --allow-read).
  }
}
