/**
 * What the file tools treat as git's own files, which they do not write unless the user
 * allows it (`allowGitWrites`): a git directory's config and hooks run commands on the
 * user's next git command (`core.fsmonitor`, `core.pager`, `post-checkout`…).
 *
 * Two kinds:
 * - anything inside a folder named `.git`, in any spelling a file system may take for it;
 * - a git directory that is not named `.git`: git takes any folder holding `HEAD`,
 *   `objects/` and `refs/` (or `HEAD` and a `commondir` file, a linked worktree's) for
 *   one — the test of `is_git_directory()` in git's setup.c — and runs `git status` in
 *   such a folder as a bare repository with that folder's `config`. So a write inside
 *   such a folder is refused, and so is a write that would complete the layout (a model
 *   creating `HEAD`, `objects/x`, `refs/x` and a `config` in a folder of the project,
 *   whatever the order). A project's ordinary `config` or `HEAD` file is not affected:
 *   only the three (or two) together make a git directory.
 */
import { dirname, join, relative, sep } from "node:path";

/**
 * Whether a path segment names a .git directory, in any spelling a file system may
 * take for it: any case (macOS, Windows), trailing dots or spaces and an NTFS stream
 * suffix (Windows drops them), the 8.3 short name.
 */
export function isGitDirName(segment: string): boolean {
  const name = fsName(segment);
  return name === ".git" || name === "git~1";
}

/** A segment as a case-insensitive file system (or Windows) resolves it. */
function fsName(segment: string): string {
  return segment.split(":")[0].replace(/[. ]+$/, "").toLowerCase();
}

/**
 * The folder (absolute) that writing `abs` would write into or make a git directory,
 * checking every folder from the file's up to `root` (the project or allowed dir);
 * undefined when there is none.
 */
export function gitDirectoryOfWrite(abs: string, root: string): string | undefined {
  for (let dir = dirname(abs);; dir = dirname(dir)) {
    // The first segment below `dir` on the way to the written file: what the write adds there.
    const added = fsName(relative(dir, abs).split(sep)[0]);
    const has = (name: string) => added === name.toLowerCase() || exists(join(dir, name));
    if (has("HEAD") && (has("commondir") || (has("objects") && has("refs")))) return dir;
    if (dir === root || dirname(dir) === dir || relative(root, dir).startsWith("..")) {
      return undefined;
    }
  }
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false; // Missing, or not ours to look at: nothing there for git either.
  }
}
