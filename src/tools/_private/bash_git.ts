/**
 * The dangers of a command to git's data (for bash_dangers.ts): what rewrites or deletes
 * history on a remote, discards uncommitted work (`reset --hard`, `checkout -- .`,
 * `restore .`, `clean`), or destroys or plants files in a `.git` directory. Nanocoder's
 * undo cannot bring a `.git` back (its snapshots skip it), and a hook or config planted
 * there runs commands on the user's next git command.
 */
import picomatch from "picomatch";
import { isGitDirName } from "./git_layout.ts";

/** Git options placed before the subcommand that take the next word as their value. */
const GIT_OPTIONS_WITH_VALUE = new Set([
  "-C",
  "-c",
  "--git-dir",
  "--work-tree",
  "--namespace",
  "--config-env",
  "--super-prefix",
]);

/** The warnings for `git ARGS…`. */
export function gitDangers(args: string[]): string[] {
  let i = 0;
  while (i < args.length && args[i].startsWith("-")) {
    i += GIT_OPTIONS_WITH_VALUE.has(args[i]) ? 2 : 1;
  }
  const sub = args[i];
  const rest = args.slice(i + 1);
  const short = (letter: string) => rest.some((a) => /^-[a-zA-Z]+$/.test(a) && a.includes(letter));
  const found: string[] = [];
  if (sub === "push") {
    const refspecs = rest.filter((a) => !a.startsWith("-"));
    if (
      short("f") || rest.some((a) => /^--force(-with-lease(=.*)?|-if-includes)?$/.test(a)) ||
      refspecs.some((r) => r.startsWith("+"))
    ) {
      found.push("force-pushes, which can overwrite history on the remote");
    }
    if (rest.includes("--mirror")) {
      found.push("mirrors every ref to the remote, deleting remote branches missing locally");
    }
    if (short("d") || rest.includes("--delete") || refspecs.some((r) => /^:./.test(r))) {
      found.push("deletes a branch or tag on the remote");
    }
    if (rest.includes("--prune")) found.push("deletes remote branches missing locally (--prune)");
  }
  if (sub === "reset" && rest.includes("--hard")) {
    found.push('discards uncommitted changes with "git reset --hard"');
  }
  if (sub === "clean" && !(short("n") || rest.includes("--dry-run"))) {
    found.push('deletes untracked files with "git clean"');
  }
  if (sub === "checkout" && checkoutDiscards(rest, short("f"))) {
    found.push('discards uncommitted changes with "git checkout"');
  }
  if (sub === "restore" && restoresWorktree(rest)) {
    found.push('discards uncommitted changes with "git restore"');
  }
  if (sub === "config") {
    const name = configWritten(rest);
    if (name !== undefined && COMMAND_SETTINGS.some((p) => p.test(name.toLowerCase()))) {
      found.push(
        `sets "${name}", a git setting that runs a command or points git elsewhere (on every ` +
          "later git command, the user's own too)",
      );
    }
  }
  if (sub === "switch" && (short("f") || rest.some((a) => /^--(force|discard-changes)$/.test(a)))) {
    found.push('discards uncommitted changes with "git switch --discard-changes"');
  }
  return found;
}

/**
 * Git settings whose value is a command git runs, a file of more settings, or where git
 * finds its repository and hooks: setting one plants a command that the next `git
 * status` (allow-listed or the user's own) runs.
 */
const COMMAND_SETTINGS: readonly RegExp[] = [
  /^core\.(fsmonitor|hookspath|pager|editor|sshcommand|askpass|gitproxy|worktree|bare)$/,
  /^(sequence\.editor|diff\.external|gpg\.program|credential\.helper|ssh\.variant)$/,
  /^(alias|pager|include|includeif|filter|url)\./,
  /^(diff|merge|difftool|mergetool|credential|gpg|remote)\..+\.(textconv|command|driver|cmd|helper|program|uploadpack|receivepack|proxy)$/,
  /^(uploadpack\.packobjectshook|receive\.procreceiverefs|http\.proxy|core\.sshcommand)$/,
];

/** `git config` options that take the next word as their value. */
const CONFIG_OPTIONS_WITH_VALUE = new Set([
  "-f",
  "--file",
  "--blob",
  "--default",
  "--type",
  "--comment",
  "--value",
]);
/** `git config` subcommands (git 2.46+) and options that only read or remove. */
const CONFIG_READS =
  /^(get|list|unset|edit|remove-section|rename-section|-l|--list|--get.*|--unset.*|-e|--edit|--remove-section|--rename-section)$/;

/** The setting `git config ARGS…` writes, or undefined when it only reads or removes. */
function configWritten(args: string[]): string | undefined {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (CONFIG_READS.test(args[i])) return undefined;
    if (CONFIG_OPTIONS_WITH_VALUE.has(args[i])) i++;
    else if (!args[i].startsWith("-")) words.push(args[i]);
  }
  const [name, value] = words[0] === "set" ? words.slice(1) : words;
  return value !== undefined ? name : undefined;
}

/**
 * `git checkout` overwriting files of the working tree: with paths after `--`, with `-f`,
 * or with a pathspec that names many files (`.`, `:/`, a glob). `git checkout NAME` is
 * left alone: NAME is usually a branch, and git refuses to switch over local changes.
 */
function checkoutDiscards(rest: string[], force: boolean): boolean {
  if (force || rest.includes("--force")) return true;
  const dashes = rest.indexOf("--");
  if (dashes >= 0 && dashes < rest.length - 1) return true;
  return rest.some((a) => !a.startsWith("-") && /^(\.\/?|:\/.*|:\(.*|.*[*?[].*)$/.test(a));
}

/** `git restore` touches the working tree unless only `--staged` is given. */
function restoresWorktree(rest: string[]): boolean {
  const flags = rest.filter((a) => a.startsWith("-") && a !== "--");
  const staged = flags.some((f) => f === "--staged" || /^-[a-zA-Z]*S/.test(f));
  const worktree = flags.some((f) => f === "--worktree" || /^-[a-zA-Z]*W/.test(f));
  return !staged || worktree;
}

/** Programs that delete, move, overwrite or change the files their operands name. */
export const CHANGES_FILES: ReadonlySet<string> = new Set([
  "rm",
  "rmdir",
  "unlink",
  "shred",
  "mv",
  "cp",
  "ln",
  "install",
  "tee",
  "truncate",
  "chmod",
  "chown",
  "chgrp",
  "touch",
  "dd",
]);

const DELETES = new Set(["rm", "rmdir", "unlink", "shred"]);

/**
 * The warnings for `cmd` run on `operands` (their text: the value when static, else as
 * written; dd's are its arguments) that name a `.git` directory or something in it,
 * directly or, as `linked` tells (where a symlink on the way leads), through a link.
 */
export function gitFileDangers(
  cmd: string,
  operands: string[],
  linked: (path: string) => string | undefined = () => undefined,
): string[] {
  if (!CHANGES_FILES.has(cmd)) return [];
  const targets = cmd === "dd"
    ? operands.filter((a) => a.startsWith("of=")).map((a) => a.slice(3))
    : operands;
  const found: string[] = [];
  for (const target of targets) {
    const real = touchesGit(target) ? undefined : linked(target);
    if (real === undefined && !touchesGit(target)) continue;
    if (real !== undefined && !touchesGit(real)) continue;
    const named = real === undefined ? `"${target}"` : `"${target}" (a link to "${real}")`;
    found.push(
      DELETES.has(cmd)
        ? `deletes ${named}, git's own files (the repository's history, which undo cannot ` +
          "bring back)"
        : `changes ${named}, git's own files (its config and hooks run commands, and undo ` +
          "cannot bring them back)",
    );
  }
  return found;
}

/**
 * Whether a path names a `.git` directory or something in it, in any spelling: `.git`,
 * `./.git/`, `sub/.git/hooks`, `$PWD/.git`, `.GIT` (case-insensitive file systems), or a
 * glob that may match `.git` (`.gi?`, `.g*`, `.[g]it`).
 */
export function touchesGit(path: string): boolean {
  return path.replace(/["']/g, "").split("/").some((segment) =>
    isGitDirName(segment) ||
    (/[*?[]/.test(segment) && picomatch.isMatch(".git", segment, { nocase: true }))
  );
}
