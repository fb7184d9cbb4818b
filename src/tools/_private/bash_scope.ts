/**
 * What an "allow always" answer to a command covers: the command's prefix, not every
 * command. For each simple command of the line:
 * - a tool with subcommands (git, npm, deno, cargo…): the program and its subcommand
 *   (`git status`, `npm test`), and for script runners the script too (`npm run build`,
 *   `deno task test`, `npx prettier`);
 * - a program that runs code from its arguments (shells, interpreters, `eval`, `sudo`,
 *   `xargs`, `find` with `-exec`…), one whose arguments say what it destroys (`rm`, `mv`,
 *   `chmod`, `dd`…: allowing `rm -rf build` must not allow `rm -rf src`), or a tool with
 *   subcommands whose subcommand is not plain or is `config`: exactly that command,
 *   arguments included;
 * - any other program: the program (`ls`, `pytest`, `./build.sh`).
 * The scope of a line is the set of its commands' scopes, so `npm test 2>&1 | tail -5`
 * covers later `npm test … | tail …` lines but not `npm test; rm x`.
 */
import type { ShellCommand } from "./bash_syntax.ts";
import { CHANGES_FILES } from "./bash_git.ts";

/** An approval scope (`ToolPreview.scope`). */
export interface CommandScope {
  key: string;
  label: string;
}

const SUBCOMMAND_TOOLS = new Set([
  "apt",
  "apt-get",
  "brew",
  "bun",
  "bundle",
  "cargo",
  "composer",
  "deno",
  "docker",
  "dotnet",
  "gh",
  "git",
  "go",
  "gradle",
  "./gradlew",
  "helm",
  "kubectl",
  "make",
  "mix",
  "mvn",
  "./mvnw",
  "nix",
  "npm",
  "pip",
  "pip3",
  "pnpm",
  "podman",
  "poetry",
  "rails",
  "rustup",
  "swift",
  "systemctl",
  "terraform",
  "uv",
  "yarn",
]);

/** Subcommands whose next word names what they run (`npm run build`, `deno task test`). */
const RUNNER_SUBCOMMANDS = new Set(["run", "task", "exec", "x", "dlx", "compose", "tool"]);
/** Programs whose first argument names what they run. */
const RUNNERS = new Set(["npx", "pnpx", "bunx", "uvx"]);

/** Programs that run code given in their arguments: only the exact command is covered. */
const CODE_RUNNERS = new Set([
  "sh",
  "bash",
  "zsh",
  "dash",
  "ksh",
  "fish",
  "python",
  "python3",
  "node",
  "ruby",
  "perl",
  "php",
  "eval",
  "exec",
  "source",
  ".",
  "env",
  "sudo",
  "doas",
  "su",
  "xargs",
  "nohup",
  "time",
  "timeout",
  "nice",
  "command",
  "builtin",
  "setsid",
  "find",
  "awk",
  "ssh",
  "watch",
]);

/**
 * Programs whose arguments name what they delete, move, overwrite or change the
 * permissions of (bash_git.ts's list): only the exact command is covered.
 */
const DESTRUCTIVE = CHANGES_FILES;

/** A plain subcommand or script name: no option, no path, no expansion. */
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9_:.@-]*$/;

/** The scope of a line made of `commands` (all plain, top-level and not dangerous). */
export function scopeOf(commands: readonly ShellCommand[]): CommandScope | undefined {
  if (commands.length === 0) return undefined;
  const entries = new Map<string, string>(); // key part → label part
  for (const command of commands) {
    const entry = commandScope(command);
    if (!entry) return undefined;
    entries.set(entry.key, entry.label);
  }
  const keys = [...entries.keys()].sort();
  return {
    key: `execute_bash:${keys.join("\n")}`,
    label: keys.map((k) => entries.get(k)!).join(", "),
  };
}

function commandScope(command: ShellCommand): { key: string; label: string } | undefined {
  const values = command.words.map((w) => w.value);
  const program = values[0];
  if (program === undefined) return undefined;
  const exact = () => {
    const text = command.words.map((w) => w.raw).join(" ");
    return { key: `exact ${text}`, label: text };
  };
  const prefix = (words: string[]) => ({
    key: `prefix ${words.join(" ")}`,
    label: `${words.join(" ")} …`,
  });
  const name = program.slice(program.lastIndexOf("/") + 1);
  if (CODE_RUNNERS.has(name) || CODE_RUNNERS.has(program) || DESTRUCTIVE.has(name)) {
    return exact();
  }
  if (RUNNERS.has(program)) return plain(values[1]) ? prefix([program, values[1]!]) : exact();
  if (!SUBCOMMAND_TOOLS.has(program)) return prefix([program]);
  const sub = values[1];
  // A `config` subcommand changes what later commands of the tool run (git's
  // core.fsmonitor, npm's script-shell): only the exact command is covered.
  if (!plain(sub) || sub === "config") return exact();
  if (!RUNNER_SUBCOMMANDS.has(sub!)) return prefix([program, sub!]);
  return plain(values[2]) ? prefix([program, sub!, values[2]!]) : exact();
}

function plain(word: string | undefined): boolean {
  return word !== undefined && PLAIN_NAME.test(word);
}
