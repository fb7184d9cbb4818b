/**
 * Turns a tree-sitter bash tree into what the safety checks need: every simple command
 * the line would run (wherever it sits: substitutions, loops and function bodies
 * included), and the reasons the line is not a plain chain of simple commands.
 *
 * "Plain" is a whitelist: simple commands of literal words (and `$VAR` arguments), joined
 * by `&&`, `||`, `|`, `|&`, `;`, `&` or newlines, with redirections only to `/dev/null`,
 * between descriptors, or reading a named file. Everything else (comments, here-documents,
 * `$'…'`, `${…}`, substitutions, assignments, groups, loops, syntax errors, a word whose
 * characters bash might read differently) is a reason, so the line is never preapproved.
 */
import type { Node } from "web-tree-sitter";
import * as bashWords from "./bash_words.ts";

/** A word of a command. */
export interface ShellWord {
  /** As written, quotes and escapes included. */
  raw: string;
  /** After quote removal, when it holds no expansion; undefined when only known at run time. */
  value?: string;
  /** Programs run by command or process substitutions inside the word. */
  substituted: string[];
}

/** A redirection of a command. */
export interface ShellRedirect {
  /** The operator: `>`, `>>`, `<`, `&>`, `>&`, `<<`, `<<<`… */
  op: string;
  target?: ShellWord;
}

/** One simple command. */
export interface ShellCommand {
  /** The command name first, then its arguments. */
  words: ShellWord[];
  redirects: ShellRedirect[];
  /** Part of the line's plain top-level chain (what an allow list is matched against). */
  topLevel: boolean;
  /** The pipeline it is a stage of (an id unique in the script) and its position. */
  pipe?: { id: number; stage: number };
  /** The function whose body holds it. */
  inFunction?: string;
}

/** A parsed command line. */
export interface ShellScript {
  source: string;
  /** Every simple command, in source order of their end. */
  commands: ShellCommand[];
  /** Why the line is not plain (empty when it is), e.g. "a comment", "a here-document". */
  unsupported: string[];
}

/** Node types that are a reason by themselves, with the words that name them. */
const CONSTRUCTS: Record<string, string> = {
  ERROR: "a syntax error",
  comment: "a comment",
  "$": '$"…" quoting',
  heredoc_redirect: "a here-document",
  herestring_redirect: "a here-string",
  ansi_c_string: "$'…' quoting",
  translated_string: '$"…" quoting',
  expansion: "a ${…} parameter expansion with an operator",
  command_substitution: "a command substitution",
  process_substitution: "a process substitution",
  arithmetic_expansion: "an arithmetic expansion",
  brace_expression: "a brace expansion",
  variable_assignment: "a variable assignment",
  variable_assignments: "a variable assignment",
  subshell: "a subshell",
  compound_statement: "a { …; } group",
  if_statement: "an if statement",
  for_statement: "a loop",
  c_style_for_statement: "a loop",
  while_statement: "a loop",
  case_statement: "a case statement",
  function_definition: "a function definition",
  negated_command: "a negated command",
  test_command: "a test command",
  declaration_command: "a declaration (export, declare, local…)",
  unset_command: "an unset command",
};

const RESERVED = new Set([
  "!",
  "[[",
  "]]",
  "{",
  "}",
  "case",
  "coproc",
  "do",
  "done",
  "elif",
  "else",
  "esac",
  "fi",
  "for",
  "function",
  "if",
  "in",
  "select",
  "then",
  "time",
  "until",
  "while",
]);

/** A command name that is one plain program name or path. */
const PROGRAM_NAME = /^[A-Za-z0-9_.\/+:@%-][A-Za-z0-9_.\/+:@%,-]*$/;

/** Redirections that write nowhere: to the null device or between descriptors. */
const NULL_DEVICE = "/dev/null";

interface Walk {
  commands: ShellCommand[];
  reasons: Set<string>;
  pipes: number;
}

interface Where {
  /** Still inside the plain top-level chain. */
  top: boolean;
  inFunction?: string;
  pipe?: { id: number; stage: number };
}

/** Converts the tree of `source` (rooted at `root`). */
export function toShellScript(root: Node, source: string): ShellScript {
  const walk: Walk = { commands: [], reasons: new Set(), pipes: 0 };
  if (root.hasError) walk.reasons.add("a syntax error");
  // deno-lint-ignore no-control-regex -- matching control characters is the point
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(source)) walk.reasons.add("control characters");
  if (splitsAWord(root, source)) walk.reasons.add("a line continuation inside a word");
  visit(root, { top: true }, walk);
  if (!walk.commands.some((c) => c.topLevel)) walk.reasons.add("no command");
  return { source, commands: walk.commands, unsupported: [...walk.reasons] };
}

/** Node types whose text bash does not read as words (quoted, comments, heredoc bodies). */
const LITERAL_TEXT = new Set([
  "string",
  "raw_string",
  "ansi_c_string",
  "translated_string",
  "heredoc_body",
  "comment",
]);

/**
 * Whether a backslash-newline (a line continuation) sits where it joins two pieces of
 * text. Bash deletes it before reading words, so `a\⏎b` is the word `ab`; tree-sitter
 * reads it as a blank, so it would see two words. Only after a blank do they agree.
 */
function splitsAWord(root: Node, source: string): boolean {
  for (const match of source.matchAll(/\\+\n/g)) {
    if ((match[0].length - 1) % 2 === 0) continue; // an escaped backslash, then a newline
    const before = source[match.index - 1];
    if (match[0].length === 2 && (before === " " || before === "\t")) continue;
    let node: Node | null = root.descendantForIndex(match.index + match[0].length - 2);
    while (node && !LITERAL_TEXT.has(node.type)) node = node.parent;
    if (!node) return true;
  }
  return false;
}

function visit(node: Node, where: Where, walk: Walk): void {
  switch (node.type) {
    case "program":
    case "list":
      return visitChildren(node, where, walk, ["&&", "||", ";", "&", "\n"]);
    case "pipeline": {
      const id = ++walk.pipes;
      let stage = 0;
      for (const child of node.children) {
        if (!child.isNamed) {
          if (child.type !== "|" && child.type !== "|&") unsupported(child, where, walk);
          continue;
        }
        visit(child, { ...where, pipe: { id, stage: stage++ } }, walk);
      }
      return;
    }
    case "redirected_statement":
      return visitRedirected(node, where, walk);
    case "command":
      return visitCommand(node, [], where, walk);
    case "function_definition": {
      unsupported(node, where, walk);
      const name = node.childForFieldName("name")?.text;
      const body = node.childForFieldName("body");
      if (body) visit(body, { top: false, inFunction: name }, walk);
      return;
    }
    default:
      unsupported(node, where, walk);
      for (const child of node.children) visit(child, { ...where, top: false }, walk);
  }
}

function visitChildren(node: Node, where: Where, walk: Walk, separators: string[]): void {
  for (const child of node.children) {
    if (child.isNamed) visit(child, where, walk);
    else if (!separators.includes(child.type)) unsupported(child, where, walk);
  }
}

/** Records why `node` makes the line not plain, when it sits in the plain chain. */
function unsupported(node: Node, where: Where, walk: Walk): void {
  if (node.type === "comment") walk.reasons.add(CONSTRUCTS.comment); // anywhere
  if (!where.top) return;
  walk.reasons.add(CONSTRUCTS[node.type] ?? `unsupported syntax ("${node.type}")`);
}

function visitRedirected(node: Node, where: Where, walk: Walk): void {
  const body = node.childForFieldName("body");
  const redirects: ShellRedirect[] = [];
  for (const child of node.children) {
    if (body && child.equals(body)) continue;
    if (child.isNamed) redirects.push(redirect(child, where, walk));
    else unsupported(child, where, walk);
  }
  if (body?.type === "command") return visitCommand(body, redirects, where, walk);
  if (body) {
    unsupported(body, where, walk);
    visit(body, { ...where, top: false }, walk);
  }
}

function visitCommand(node: Node, redirects: ShellRedirect[], where: Where, walk: Walk): void {
  const words: ShellWord[] = [];
  // Nested commands (substitutions) are collected while the words are read, so the
  // command itself is pushed after them.
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i)!;
    if (node.fieldNameForChild(i) === "name") {
      const name = wordOf(child.firstChild ?? child, where, walk, true);
      if (where.top && !isProgramName(name.value)) {
        walk.reasons.add(`a command name that is not a plain program name (${name.raw})`);
      }
      words.push(name);
    } else if (child.type === "variable_assignment") {
      unsupported(child, where, walk);
      for (const part of child.children) visit(part, { ...where, top: false }, walk);
    } else if (child.type.endsWith("_redirect")) {
      redirects.push(redirect(child, where, walk));
    } else if (child.isNamed) {
      words.push(wordOf(child, where, walk, false));
    } else {
      unsupported(child, where, walk);
    }
  }
  walk.commands.push({
    words,
    redirects,
    topLevel: where.top,
    ...(where.pipe ? { pipe: where.pipe } : {}),
    ...(where.inFunction ? { inFunction: where.inFunction } : {}),
  });
}

function isProgramName(name: string | undefined): boolean {
  return name !== undefined && PROGRAM_NAME.test(name) && !RESERVED.has(name);
}

function redirect(node: Node, where: Where, walk: Walk): ShellRedirect {
  const op = node.children.find((c) => !c.isNamed)?.type ?? "";
  if (node.type !== "file_redirect") {
    // Here-documents and here-strings: their bodies may hold substitutions.
    unsupported(node, where, walk);
    for (const child of node.namedChildren) visit(child, { ...where, top: false }, walk);
    return { op };
  }
  const dest = node.namedChildren.find((c) => c.type !== "file_descriptor");
  const target = dest ? wordOf(dest, where, walk, false) : undefined;
  const why = where.top ? redirectConcern(op, target) : undefined;
  if (why) walk.reasons.add(why);
  return { op, ...(target ? { target } : {}) };
}

/**
 * Why a redirection is not plain, or undefined: only descriptor copies and closes, output
 * to /dev/null, and input from /dev/null or a plain relative path in the project are.
 * Input from anything else may be more than a file: bash itself opens a network
 * connection for `/dev/tcp/HOST/PORT` and `/dev/udp/HOST/PORT` (the host name is looked
 * up: a DNS query can carry data out), and `/dev/…`, `/proc/…` or `~/…` read outside.
 */
function redirectConcern(op: string, target: ShellWord | undefined): string | undefined {
  if (op === ">&-" || op === "<&-") return undefined;
  if (op === ">&" || op === "<&") {
    return target?.value && /^(\d+|-)$/.test(target.value) ? undefined : "a redirection to a file";
  }
  if (op === "<") {
    const from = target?.value;
    if (from === NULL_DEVICE || (from !== undefined && isPlainProjectPath(from))) return undefined;
    return `input read from outside the project (< ${target?.raw ?? ""})`;
  }
  const harmless = ["&>", "&>>", ">", ">>", ">|"].includes(op) && target?.value === NULL_DEVICE;
  return harmless ? undefined : "a redirection to a file";
}

/** A relative path that stays in the project as written: no `/` start, `..` or `~`. */
function isPlainProjectPath(path: string): boolean {
  return path !== "" && !path.startsWith("/") && !path.startsWith("~") &&
    !path.split("/").includes("..");
}

/** `${NAME}`: nothing but the braces and a variable name. */
function isBareExpansion(node: Node): boolean {
  const types = node.children.map((c) => c.type);
  return types.length === 3 && types[0] === "${" && types[2] === "}" &&
    (types[1] === "variable_name" || types[1] === "special_variable_name");
}

/**
 * Reads a word node: its raw text, its static value when it has one, and the commands
 * of any substitution inside it (visited as nested, never top-level, commands).
 */
function wordOf(node: Node, where: Where, walk: Walk, isName: boolean): ShellWord {
  const substituted: string[] = [];
  const value = valueOf(node, where, walk, isName, substituted);
  if (where.top && bashWords.hasBraceExpansion(node.text)) {
    walk.reasons.add(`a brace expansion (${node.text})`);
  }
  return { raw: node.text, ...(value !== undefined ? { value } : {}), substituted };
}

function valueOf(
  node: Node,
  where: Where,
  walk: Walk,
  isName: boolean,
  substituted: string[],
): string | undefined {
  switch (node.type) {
    case "word":
    case "number":
      if (where.top && !bashWords.isPlainWord(node.text)) {
        walk.reasons.add(`a word bash may read differently (${node.text})`);
      }
      return bashWords.unquotedValue(node.text);
    case "raw_string":
      return node.text.slice(1, -1);
    case "string": {
      let value: string | undefined = "";
      for (const part of node.children) {
        if (part.type === '"') continue;
        let partValue: string | undefined;
        if (part.type === "string_content") {
          partValue = bashWords.doubleQuotedValue(part.text);
          if (partValue === undefined && where.top) {
            walk.reasons.add(`a string bash may read differently (${node.text})`);
          }
        } else partValue = valueOf(part, where, walk, isName, substituted);
        value = value === undefined || partValue === undefined ? undefined : value + partValue;
      }
      return value;
    }
    case "concatenation": {
      let value: string | undefined = "";
      for (const part of node.children) {
        const partValue = valueOf(part, where, walk, isName, substituted);
        value = value === undefined || partValue === undefined ? undefined : value + partValue;
      }
      return value;
    }
    case "simple_expansion":
    case "expansion":
      // `$VAR` or `${VAR}` as an argument: its value is data for the same command, never
      // a command. Any operator (`${x@P}`, `${x:-$(cmd)}`, `${!x}`…) is a reason.
      if (node.type === "expansion" && !isBareExpansion(node)) {
        unsupported(node, where, walk);
        for (const child of node.children) visit(child, { ...where, top: false }, walk);
      } else if (where.top && isName) {
        walk.reasons.add("a command name taken from a variable");
      }
      return undefined;
    case "ansi_c_string":
      unsupported(node, where, walk);
      return bashWords.ansiCValue(node.text);
    case "command_substitution":
    case "process_substitution": {
      unsupported(node, where, walk);
      const before = walk.commands.length;
      for (const child of node.namedChildren) visit(child, { top: false }, walk);
      for (const command of walk.commands.slice(before)) {
        const name = command.words[0];
        if (name) substituted.push(name.value ?? name.raw);
      }
      return undefined;
    }
    default:
      unsupported(node, where, walk);
      for (const child of node.children) visit(child, { ...where, top: false }, walk);
      return undefined;
  }
}
