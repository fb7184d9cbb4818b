/**
 * Path confinement for file tools: every path resolves against the project directory,
 * and anything that leads outside it (`..`, an absolute path, a symlink) is refused
 * unless it lies in a directory the user allowed.
 */
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { ToolContext } from "../tool.ts";
import { gitDirectoryOfWrite, isGitDirName } from "./git_layout.ts";

/** A path the tool may use: its absolute real location and how to show it. */
export interface ResolvedPath {
  /** Absolute path with symlinks of existing ancestors resolved. */
  abs: string;
  /** Path relative to the project dir (or absolute when in an allowed dir outside it). */
  display: string;
  /** The real path of the project dir or allowed dir the path lies in. */
  within: string;
}

/** Result of resolving a path: the path, or an error message for the model. */
export type PathResult = { ok: true; path: ResolvedPath } | { ok: false; error: string };

const realCache = new Map<string, string>();

/** Real path of a directory that exists (cached: project roots do not move). */
function realDir(dir: string): string {
  let real = realCache.get(dir);
  if (!real) {
    real = Deno.realPathSync(dir);
    realCache.set(dir, real);
  }
  return real;
}

/**
 * Resolves `input` for a tool. The deepest existing ancestor is resolved with
 * realpath, so a symlink anywhere on the way that points outside is caught, and a
 * file that does not exist yet (create_file) is judged by where it would land.
 */
export function resolveToolPath(ctx: ToolContext, input: string): PathResult {
  if (input.includes("\0")) return { ok: false, error: `Error: invalid path "${input}"` };
  const root = realDir(ctx.cwd);
  const lexical = lexicalPath(root, input);
  let abs: string;
  try {
    abs = realOfDeepestExisting(lexical);
  } catch (error) {
    // No read permission there (NotCapable) means it is outside what we may touch anyway.
    if (!(error instanceof Deno.errors.NotCapable)) {
      return { ok: false, error: `Error: cannot resolve "${input}": ${(error as Error).message}` };
    }
    abs = lexical;
  }
  const allowed = [root, ...ctx.allowedDirs.map(tryRealDir)];
  const within = allowed.find((dir) => dir !== undefined && isInside(abs, dir));
  if (within === undefined) {
    const why = abs === lexical
      ? "it is outside the project directory"
      : "it resolves (through a symlink) outside the project directory";
    return {
      ok: false,
      error:
        `Error: access to "${input}" is refused: ${why} "${root}". Use a path inside the project.`,
    };
  }
  const rel = relative(root, abs);
  const display = isInside(abs, root) ? (rel === "" ? "." : rel) : abs;
  return { ok: true, path: { abs, display, within } };
}

/**
 * Resolves `input` for a write: as {@linkcode resolveToolPath}, and refuses git's own
 * files (git_layout.ts: inside a `.git` directory, or in a folder that is or would become
 * a git directory), whose hooks and config run commands on the user's next git command,
 * unless the user allowed it (`ctx.allowGitWrites`).
 */
export function resolveWritePath(ctx: ToolContext, input: string): PathResult {
  const resolved = resolveToolPath(ctx, input);
  if (!resolved.ok || ctx.allowGitWrites) return resolved;
  const { abs, within, display } = resolved.path;
  const refuse = (why: string): PathResult => ({
    ok: false,
    error: `Error: writing "${display}" is refused: ${why}, whose hooks and config run ` +
      "commands. Do not work around this; if the change is needed, ask the user (they can " +
      'allow it with "allowGitWrites": true in their config).',
  });
  if (relative(within, abs).split(sep).some(isGitDirName)) {
    return refuse("it is inside a .git directory");
  }
  const gitDir = gitDirectoryOfWrite(abs, within);
  if (gitDir !== undefined) {
    const folder = relative(within, gitDir) || ".";
    return refuse(
      `"${folder}" holds (or would hold, with this write) what makes a git directory (HEAD ` +
        "with objects/ and refs/, or with commondir)",
    );
  }
  return resolved;
}

/** `input` made absolute against `root` as the tools read it ("~/" is the home directory). */
function lexicalPath(root: string, input: string): string {
  const expanded = input.startsWith("~/") ? join(homeDir(), input.slice(2)) : input;
  return resolve(root, expanded);
}

function homeDir(): string {
  try {
    return Deno.env.get("HOME") ?? "~";
  } catch {
    return "~"; // no env permission: "~/x" stays a (harmless) relative name
  }
}

/**
 * The absolute path a tool argument names, without checking it: for frontends that
 * show where a call goes (`Tool.locations`). Resolved against the project's real path
 * when it exists, so it matches the paths of `ToolResult.changes`.
 */
export function projectPath(cwd: string, input: string): string {
  return lexicalPath(tryRealDir(cwd) ?? resolve(cwd), input);
}

/** Whether `path` is `dir` or inside it. */
export function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/**
 * Where `input` really leads when a symlink on its way changes that: relative to the
 * project's real path when inside it, else absolute; undefined when no link is involved
 * or it cannot be told. For checks of paths a command names (bash_dangers.ts): a
 * committed `cache -> .git` makes `rm -rf cache/*` delete git's own files.
 */
export function linkedLocation(cwd: string, input: string): string | undefined {
  const root = tryRealDir(cwd);
  if (root === undefined || input.includes("\0")) return undefined;
  const lexical = lexicalPath(root, input);
  let real: string;
  try {
    real = realOfDeepestExisting(lexical);
  } catch {
    return undefined;
  }
  if (real === lexical) return undefined;
  return isInside(real, root) ? relative(root, real) || "." : real;
}

function tryRealDir(dir: string): string | undefined {
  try {
    return realDir(dir);
  } catch {
    return undefined;
  }
}

/** Symlinks followed by hand (dangling ones) before giving up, like the OS's ELOOP. */
const MAX_LINK_HOPS = 40;

/**
 * realpath of the deepest ancestor that exists, with the rest of the path appended.
 * A dangling symlink on the way is followed by hand: writing through it would create
 * its target, so where that target lies is what counts.
 */
function realOfDeepestExisting(path: string, hops = 0): string {
  const tail: string[] = [];
  let current = path;
  while (true) {
    try {
      const real = Deno.realPathSync(current);
      return tail.length ? join(real, ...tail.reverse()) : real;
    } catch (error) {
      // NotADirectory: a file on the way; the tool reports that with the full path.
      if (!(error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory)) {
        throw error;
      }
      const target = danglingTarget(current);
      if (target !== undefined) {
        if (hops >= MAX_LINK_HOPS) throw new Error(`too many levels of symbolic links: "${path}"`);
        return realOfDeepestExisting(join(target, ...tail.reverse()), hops + 1);
      }
      const parent = resolve(current, "..");
      if (parent === current) return path;
      tail.push(current.slice(parent.length).replace(/^[\\/]/, ""));
      current = parent;
    }
  }
}

/** Where a dangling symlink at `path` points (absolute), or undefined if it is none. */
function danglingTarget(path: string): string | undefined {
  try {
    if (!Deno.lstatSync(path).isSymlink) return undefined;
    return resolve(dirname(path), Deno.readLinkSync(path));
  } catch {
    return undefined;
  }
}
