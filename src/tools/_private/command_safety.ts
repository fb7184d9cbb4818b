/**
 * Judges a shell command before it runs: whether the user's allow list covers it (then it
 * runs without a prompt), whether it looks dangerous (then the prompt says why, even in
 * auto modes, and it is never preapproved), and what an "allow always" answer covers.
 *
 * The line is parsed with a real bash grammar (`bash_parser.ts`, loaded on first use).
 * Only a plain chain of simple commands (`bash_syntax.ts` says what counts) whose every
 * command matches the allow list is preapproved: a comment, a here-document, `$'…'`,
 * `${x@P}`, a substitution, a redirection to a file or a syntax error hides what bash
 * will really run, so such a line is always asked about.
 */
import { findDangers } from "./bash_dangers.ts";
import type { BashParse } from "./bash_parser.ts";
import { type CommandScope, scopeOf } from "./bash_scope.ts";
import type { ShellCommand } from "./bash_syntax.ts";

/** The verdict on one command line. */
export interface CommandAssessment {
  /** A plain line, nothing dangerous, and every command matches an allow-list pattern. */
  preapproved: boolean;
  /** Why the command deserves a careful look; absent when nothing dangerous was seen. */
  warning?: string;
  /** Why the line is not plain (never preapproved, no scope); absent when it is plain. */
  unsupported?: string[];
  /** What an "allow always" answer covers; absent for lines not plain or dangerous. */
  scope?: CommandScope;
}

/**
 * Assesses `command` against the allow list (`"git status"` exact, `"deno test*"` with `*`
 * matching anything) and the dangerous patterns, with paths judged relative to `cwd`.
 */
export async function assessCommand(
  command: string,
  allow: readonly string[],
  cwd: string,
): Promise<CommandAssessment> {
  let parse: BashParse;
  try {
    // Loaded here, not at start-up: only a session that runs commands pays for it.
    const { loadBashParser } = await import("./bash_parser.ts");
    parse = await loadBashParser();
  } catch (error) {
    return {
      preapproved: false,
      warning: `the command could not be checked: the bash parser failed to load (${
        (error as Error).message
      })`,
    };
  }
  const script = parse(command);
  const dangers = findDangers(script, cwd, parse);
  const top = script.commands.filter((c) => c.topLevel);
  const plain = script.unsupported.length === 0;
  const assessment: CommandAssessment = {
    preapproved: plain && dangers.length === 0 && top.every((c) => isAllowed(textOf(c), allow)),
  };
  if (dangers.length > 0) assessment.warning = dangers.join("; ");
  if (!plain) assessment.unsupported = script.unsupported;
  const scope = plain && dangers.length === 0 ? scopeOf(top) : undefined;
  if (scope) assessment.scope = scope;
  return assessment;
}

/** A simple command as allow-list patterns see it: its words as written, one space apart. */
function textOf(command: ShellCommand): string {
  return command.words.map((w) => w.raw).join(" ");
}

/** Whether one simple command matches one of the allow-list patterns. */
export function isAllowed(command: string, allow: readonly string[]): boolean {
  const text = normalize(command);
  return allow.some((pattern) => globToRegExp(normalize(pattern)).test(text));
}

function normalize(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${body}$`, "s");
}
