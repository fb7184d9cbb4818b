/**
 * The project's own instructions for agents: AGENTS.md in a folder, else CLAUDE.md.
 *
 * Those of the project directory and the folders above it up to the repository root go
 * into the system prompt, read once per session. Those of folders below are added when
 * the agent first works on a file there: appended to that tool call's result, once per
 * folder, so the system prompt and every earlier message stay byte for byte the same
 * (local servers reuse their KV cache only for an identical prefix). Nearer files come
 * later and say they take precedence, so the nearest wins; the root's always applies.
 *
 * A checkout decides what these files are, and they go to the model server: each is read
 * as src/config/project_file.ts reads a project's files (only a regular file, at most 256
 * KB; a symlink must stay inside the project directory, or for the folders above it,
 * inside the repository root), and a file left out or cut is named in a warning. The
 * project directory is the limit even inside a repository: a folder unpacked under a home
 * directory kept in git must not reach the whole home directory. A link to the
 * instructions of a folder above, read anyway, is skipped without a warning.
 */
import { basename, dirname, join, relative } from "node:path";
import type { TranscriptItem } from "../protocol.ts";
import { INSTRUCTIONS_MAX_BYTES, readProjectFile } from "../config/project_file.ts";

/** Instruction file names, by preference. */
export const INSTRUCTION_FILES = ["AGENTS.md", "CLAUDE.md"] as const;

/** Cap of one file's text, so one huge file cannot eat the context. */
const MAX_CHARS = 40_000;

/** One instruction file: its path relative to the project directory, and its text. */
export interface InstructionFile {
  path: string;
  content: string;
}

/** Receives what the user should know about a file left out or cut. */
export type InstructionWarning = (message: string) => void;

/**
 * AGENTS.md (else CLAUDE.md) of `dir`, or undefined when neither can be read. `root` is
 * where its symlinks may lead: a file whose symlinks lead out of it, or that is not a
 * regular file, is skipped with a warning (project_file.ts), unless it is a link to the
 * instructions of one of the `readAnyway` folders.
 */
export async function readInstructions(
  dir: string,
  root: string,
  warn: InstructionWarning = () => {},
  readAnyway: readonly string[] = [],
): Promise<{ name: string; content: string } | undefined> {
  for (const name of INSTRUCTION_FILES) {
    const path = join(dir, name);
    let read;
    try {
      read = await readProjectFile(path, { within: root, maxBytes: INSTRUCTIONS_MAX_BYTES });
    } catch (error) {
      warn(`Skipped "${path}": ${(error as Error).message}`);
      continue;
    }
    // Missing, or not readable under a narrow --allow-read: try the next name.
    if (read.status === "missing" || read.status === "denied") continue;
    if (read.status === "refused") {
      if (!(await linksToOneOf(path, readAnyway))) warn(`Skipped "${path}": ${read.reason}`);
      continue;
    }
    const text = read.text;
    if (!text.trim()) continue;
    if (!read.truncated && text.length <= MAX_CHARS) return { name, content: text.trim() };
    warn(
      `"${path}" is over ${MAX_CHARS.toLocaleString("en")} characters: only the first ` +
        `${MAX_CHARS.toLocaleString("en")} are given to the model`,
    );
    return { name, content: `${text.slice(0, MAX_CHARS)}\n[... ${name} truncated ...]` };
  }
  return undefined;
}

/** Whether `path` resolves to the instruction file of one of `folders`. */
async function linksToOneOf(path: string, folders: readonly string[]): Promise<boolean> {
  const real = await Deno.realPath(path).catch(() => undefined);
  if (real === undefined || !(INSTRUCTION_FILES as readonly string[]).includes(basename(real))) {
    return false;
  }
  const reals = await Promise.all(folders.map((f) => Deno.realPath(f).catch(() => f)));
  return reals.includes(dirname(real));
}

/**
 * The folders whose instructions apply to the whole session: the repository root (the
 * nearest folder above with a `.git`, if any) down to the project directory, outermost
 * first; just the project directory outside a repository.
 */
async function sessionFolders(cwd: string): Promise<string[]> {
  const chain: string[] = [];
  for (let dir = cwd;;) {
    chain.unshift(dir);
    if (await exists(join(dir, ".git"))) return chain;
    const parent = dirname(dir);
    if (parent === dir) return [cwd]; // Not in a repository: the project directory only.
    dir = parent;
  }
}

/** The instructions that apply to the whole session (see `sessionFolders`). */
export async function loadProjectInstructions(
  cwd: string,
  warn?: InstructionWarning,
): Promise<InstructionFile[]> {
  const chain = await sessionFolders(cwd);
  const files: InstructionFile[] = [];
  for (const [i, dir] of chain.entries()) {
    // The project directory's own file stays inside it; those above, in the repository.
    const within = dir === cwd ? cwd : chain[0];
    const found = await readInstructions(dir, within, warn, chain.slice(0, i));
    if (found) {
      files.push({ path: posix(relative(cwd, join(dir, found.name))), content: found.content });
    }
  }
  return files;
}

/** The instructions of folders below the project directory, added as the agent gets there. */
export class NestedInstructions {
  readonly #cwd: string;
  readonly #warn?: InstructionWarning;
  /** The folders whose instructions the session has already (see `sessionFolders`). */
  #chain?: Promise<string[]>;
  /** Project-relative folders already looked at ("" is the project directory). */
  readonly #seen = new Set<string>([""]);

  /**
   * `history`: a resumed conversation, whose tool results may hold instructions already.
   * `warn`: told about a file left out or cut.
   */
  constructor(cwd: string, history: readonly TranscriptItem[] = [], warn?: InstructionWarning) {
    this.#cwd = cwd;
    this.#warn = warn;
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
        this.#chain ??= sessionFolders(this.#cwd);
        const above = await this.#chain;
        const file = await readInstructions(join(this.#cwd, dir), this.#cwd, this.#warn, above);
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
