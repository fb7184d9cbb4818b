/**
 * Dangerous-command detection on parsed commands: what deserves a second look even when
 * the allow list covers it (recursive deletes outside the project or of computed paths,
 * raw disk writes, root, downloaded scripts; and, in bash_git.ts, force or mirror pushes,
 * discarded work, and deleting or planting files in `.git`).
 *
 * Every simple command of the line is judged, wherever it sits (substitutions, loops,
 * function bodies), behind wrappers (`sudo`, `env`, `timeout`…), and inside the literal
 * scripts of `bash -c '…'` and `eval '…'`. A warning never lets a command run: it only
 * stops it from being preapproved and is shown to the user.
 */
import { isAbsolute, resolve } from "node:path";
import { isInside, linkedLocation } from "./paths.ts";
import { gitDangers, gitFileDangers, touchesGit } from "./bash_git.ts";
import { expandBraces, hasBraceExpansion, MAX_BRACE_WORDS } from "./bash_words.ts";
import type { ShellCommand, ShellScript, ShellWord } from "./bash_syntax.ts";

/** Parses a nested script (the string of `bash -c`), for the nested checks. */
export type NestedParse = (source: string) => ShellScript;

/** A word as the checks see it: its value when static, else as written. */
interface Arg {
  text: string;
  static: boolean;
}

const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ksh", "mksh", "fish"]);
const INTERPRETERS = new Set([...SHELLS, "python", "python3", "perl", "ruby", "node", "php"]);
const DOWNLOADERS = new Set(["curl", "wget"]);
const MAX_NESTING = 3;

/** The warnings for a parsed line, without repeats, in the order found. */
export function findDangers(
  script: ShellScript,
  cwd: string,
  parse: NestedParse,
  depth = 0,
): string[] {
  const found = new Set<string>();
  for (const command of script.commands) {
    for (const d of commandDangers(command, cwd, parse, depth)) found.add(d);
  }
  for (const d of pipelineDangers(script.commands)) found.add(d);
  return [...found];
}

function argOf(word: ShellWord): Arg {
  return word.value !== undefined
    ? { text: word.value, static: true }
    : { text: word.raw, static: false };
}

/**
 * The arguments bash makes of a word: a brace expansion (`.g{i,}t`, `--har{d,}`) becomes
 * the words it expands to, so each is judged as bash will run it. One too large to check
 * is a danger of its own.
 */
function argsOf(word: ShellWord, found: string[]): Arg[] {
  if (word.value === undefined || !hasBraceExpansion(word.raw)) return [argOf(word)];
  const words = expandBraces(word.value);
  if (words) return words.map((text) => ({ text, static: true }));
  found.push(`a brace expansion of more than ${MAX_BRACE_WORDS} words (${word.raw})`);
  return [{ text: word.raw, static: false }];
}

/** Options of wrappers that take a value in the next word. */
const WRAPPER_OPTION_ARGS: Record<string, Set<string>> = {
  sudo: new Set(["-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "-T"]),
  doas: new Set(["-u", "-C"]),
  env: new Set(["-u", "-C", "-S"]),
  nice: new Set(["-n"]),
  timeout: new Set(["-s", "-k"]),
  xargs: new Set(["-I", "-n", "-P", "-L", "-d", "-s", "-a", "-E"]),
  stdbuf: new Set(["-i", "-o", "-e"]),
  ionice: new Set(["-c", "-n", "-p"]),
};
const WRAPPERS = new Set([
  ...Object.keys(WRAPPER_OPTION_ARGS),
  "nohup",
  "exec",
  "command",
  "builtin",
  "time",
  "setsid",
]);

/** Strips wrappers (noting root), returning the words of the command they run. */
function unwrap(args: Arg[], found: string[]): Arg[] {
  let rest = args;
  while (rest.length > 0) {
    const name = basename(rest[0].text);
    if (!WRAPPERS.has(name)) break;
    if (name === "sudo" || name === "doas") found.push(`runs as root with "${name}"`);
    const withArg = WRAPPER_OPTION_ARGS[name] ?? new Set<string>();
    let i = 1;
    while (i < rest.length) {
      const t = rest[i].text;
      if (withArg.has(t)) i += 2;
      else if (t.startsWith("-") || (name === "env" && /^[A-Za-z_][A-Za-z0-9_]*=/.test(t))) i++;
      else break;
    }
    if (name === "timeout" && i < rest.length) i++; // the duration
    rest = rest.slice(i);
  }
  return rest;
}

function basename(program: string): string {
  return program.slice(program.lastIndexOf("/") + 1);
}

function commandDangers(
  command: ShellCommand,
  cwd: string,
  parse: NestedParse,
  depth: number,
): string[] {
  const found: string[] = [];
  const words = unwrap(command.words.flatMap((w) => argsOf(w, found)), found);
  const [first, ...args] = words;
  const cmd = first ? basename(first.text) : "";
  const flags = args.filter((a) => a.text.startsWith("-")).map((a) => a.text);
  const hasShort = (letter: string) => flags.some((f) => /^-[^-]/.test(f) && f.includes(letter));
  const recursive = hasShort("r") || hasShort("R") || flags.includes("--recursive");
  const linked = (path: string) => linkedPath(path, cwd);
  found.push(...gitFileDangers(cmd, operands(args).map((a) => a.text), linked));
  switch (cmd) {
    case "rm":
      if (recursive) {
        for (const target of operands(args)) {
          const why = riskyTarget(target, cwd);
          if (why) found.push(`deletes "${target.text}" recursively (${why})`);
        }
      }
      break;
    case "find":
      found.push(...findDeletes(args, cwd));
      break;
    case "chmod":
    case "chown":
    case "chgrp":
      for (const target of operands(args).slice(1)) {
        const why = riskyTarget(target, cwd);
        if (why && (recursive || target.text === "/")) {
          found.push(
            `changes permissions of "${target.text}"${recursive ? " recursively" : ""} (${why})`,
          );
        }
      }
      break;
    case "git":
      found.push(...gitDangers(args.map((a) => a.text)));
      break;
    case "dd":
      if (args.some((a) => a.text.startsWith("of=/dev/") && a.text !== "of=/dev/null")) {
        found.push("writes raw data to a device with dd");
      }
      break;
    case "shutdown":
    case "reboot":
    case "halt":
    case "poweroff":
      found.push(`stops the machine with "${cmd}"`);
      break;
    case "tee":
      for (const target of operands(args)) {
        if (writesOutside(target, cwd)) {
          found.push(`writes to "${target.text}" outside the project`);
        }
      }
      break;
    default:
      if (/^(mkfs(\..+)?|wipefs|fdisk|sfdisk|parted|mkswap)$/.test(cmd)) {
        found.push(`formats or repartitions a disk with "${cmd}"`);
      }
  }
  const nested = nestedScript(cmd, args);
  if (nested !== undefined && depth < MAX_NESTING) {
    found.push(...findDangers(parse(nested), cwd, parse, depth + 1));
  }
  if ((INTERPRETERS.has(cmd) || ["eval", "source", "."].includes(cmd)) && downloads(command)) {
    found.push("runs a script downloaded from the internet (curl/wget piped to a shell)");
  }
  if (command.inFunction && command.inFunction === cmd && command.pipe) {
    found.push("looks like a fork bomb");
  }
  for (const r of command.redirects) {
    const toDescriptor = /^[<>]&-?$/.test(r.op) && /^(\d+|-)?$/.test(r.target?.value ?? "");
    if (!r.op.includes(">") || toDescriptor || !r.target) continue;
    for (const target of argsOf(r.target, found)) {
      if (writesOutside(target, cwd)) found.push(`writes to "${target.text}" outside the project`);
      const real = linkedPath(target.text, cwd);
      if (touchesGit(target.text) || (real !== undefined && touchesGit(real))) {
        const named = real === undefined ? "" : ` (a link to "${real}")`;
        found.push(
          `writes to "${target.text}"${named}, git's own files (hooks and config run commands)`,
        );
      }
    }
  }
  return found;
}

/** Arguments that are not options (everything after `--` counts as an operand). */
function operands(args: Arg[]): Arg[] {
  const end = args.findIndex((a) => a.text === "--");
  const before = (end < 0 ? args : args.slice(0, end)).filter((a) => !a.text.startsWith("-"));
  return end < 0 ? before : [...before, ...args.slice(end + 1)];
}

/** The literal script a shell (`-c`), `su -c` or `eval` would run, if any. */
function nestedScript(cmd: string, args: Arg[]): string | undefined {
  if (cmd === "eval") {
    return args.every((a) => a.static) ? args.map((a) => a.text).join(" ") : undefined;
  }
  if (SHELLS.has(cmd) || cmd === "su") {
    const c = args.findIndex((a) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a.text));
    const script = c >= 0 ? args[c + 1] : undefined;
    return script?.static ? script.text : undefined;
  }
  return undefined;
}

/** Whether a word of the command runs curl or wget in a substitution. */
function downloads(command: ShellCommand): boolean {
  return command.words.some((w) => w.substituted.some((p) => DOWNLOADERS.has(basename(p))));
}

/** curl/wget output piped into a shell or interpreter. */
function pipelineDangers(commands: ShellCommand[]): string[] {
  const stages = new Map<number, string[]>();
  for (const c of commands) {
    if (!c.pipe) continue;
    const names = stages.get(c.pipe.id) ?? [];
    names[c.pipe.stage] = basename(unwrap(c.words.map(argOf), [])[0]?.text ?? "");
    stages.set(c.pipe.id, names);
  }
  for (const names of stages.values()) {
    const download = names.findIndex((n) => DOWNLOADERS.has(n));
    if (download >= 0 && names.slice(download + 1).some((n) => INTERPRETERS.has(n))) {
      return ["runs a script downloaded from the internet (curl/wget piped to a shell)"];
    }
  }
  return [];
}

/** `find PATH… EXPR` deleting what it finds (`-delete`, `-exec rm`) outside the project. */
function findDeletes(args: Arg[], cwd: string): string[] {
  const start = args.findIndex((a) => /^[-(!)]/.test(a.text));
  const paths = start < 0 ? args : args.slice(0, start);
  const expr = start < 0 ? [] : args.slice(start).map((a) => a.text);
  const deletes = expr.includes("-delete") ||
    expr.some((t, i) =>
      /^-(exec|execdir|ok|okdir)$/.test(t) && basename(expr[i + 1] ?? "") === "rm"
    );
  if (!deletes) return [];
  const found = gitFileDangers("rm", paths.map((p) => p.text), (p) => linkedPath(p, cwd));
  for (const path of paths) {
    const why = riskyTarget(path, cwd, { projectRootOk: true });
    if (why) found.push(`deletes files under "${path.text}" with find (${why})`);
  }
  return found;
}

const HOME_VAR = /^\$\{?HOME(?![A-Za-z0-9_])/;

/**
 * Why deleting `target` recursively is risky, or undefined when it stays in the project.
 * `projectRootOk`: the project directory itself is fine (find filters what it deletes).
 */
function riskyTarget(
  target: Arg,
  cwd: string,
  options: { projectRootOk?: boolean } = {},
): string | undefined {
  if (!target.static) {
    const unquoted = target.text.replace(/["']/g, "");
    if (HOME_VAR.test(unquoted)) {
      return /^\$(HOME|\{HOME(:?[-=?+][^}]*)?\})\/*$/.test(unquoted)
        ? "the home directory"
        : "a path in the home directory";
    }
    return "a path known only when the command runs";
  }
  const why = riskyPath(target.text, cwd, options);
  if (why) return why;
  const real = linkedPath(target.text, cwd);
  const viaLink = real === undefined ? undefined : riskyPath(real, cwd, options);
  return viaLink && `${viaLink}, through a symlink to "${real}"`;
}

/**
 * Where a path a command names leads through symlinks (for a glob, its fixed folders),
 * or undefined when no link changes that: the checks judge both spellings.
 */
function linkedPath(text: string, cwd: string): string | undefined {
  const glob = text.search(/[*?[]/);
  if (glob < 0) return linkedLocation(cwd, text);
  const cut = text.lastIndexOf("/", glob);
  const real = cut < 0 ? undefined : linkedLocation(cwd, text.slice(0, cut));
  return real === undefined ? undefined : `${real}/${text.slice(cut + 1)}`;
}

function riskyPath(
  path: string,
  cwd: string,
  options: { projectRootOk?: boolean },
): string | undefined {
  const t = path.replace(/\/+$/, "") || "/";
  if (t === "/" || t === "/*") return "the root of the file system";
  if (/^~(\/\*?)?$/.test(t)) return "the home directory";
  if (/^~[A-Za-z_]/.test(t)) return "another user's home directory";
  if (/^~[+-]/.test(t)) return "a path known only when the command runs";
  if (!options.projectRootOk && (t === "." || t === "*" || t === "./*")) {
    return "the whole project directory";
  }
  if (/^\.\.?\*$|^\.\*/.test(t)) return "a pattern that can match the parent directory";
  if (/^\.\.(\/|$)/.test(t) || t.includes("/../") || t.endsWith("/..")) {
    return "a path that leaves the project";
  }
  if (t.startsWith("~/")) return "a path in the home directory";
  if (isAbsolute(t) && !isInside(resolve(t), cwd)) return "a path outside the project";
  return undefined;
}

/** A write target outside the project, apart from temp dirs and the null device. */
function writesOutside(target: Arg, cwd: string): boolean {
  const t = target.text;
  if (t === "" || /^\/dev\/(null|stdout|stderr|tty|fd\/\d+)$/.test(t)) return false;
  if (/^(~|\$HOME|\$\{HOME\})(\/|$)/.test(t.replace(/["']/g, ""))) return true;
  if (!target.static) return false; // a variable: cannot tell, do not cry wolf
  const real = linkedPath(t, cwd);
  return [t, ...(real === undefined ? [] : [real])].some((path) => {
    const abs = resolve(cwd, path);
    if (isInside(abs, cwd)) return false;
    return !(isInside(abs, "/tmp") || isInside(abs, "/var/tmp") || isInside(abs, "/private/tmp"));
  });
}
