/**
 * Custom commands' templates, as Nanocoder defines them: arguments split like a shell
 * would (quotes and backslashes), given to the declared `parameters` in order (a
 * `name=default` parameter falls back to its default), optional sections
 * `{{# name }}…{{/ name }}` (kept when the argument is given) and `{{^ name }}…{{/ name }}`
 * (kept when it is not), then `{{ name }}` substituted. `{{args}}` (everything typed
 * after the command), `{{cwd}}` and `{{command}}` are always defined; an unknown
 * `{{x}}` stays as written.
 */

/** Splits what follows the command into arguments: `"two words"` is one. */
export function parseArgs(input: string): string[] {
  const args: string[] = [];
  let current = "";
  let quote: string | undefined;
  let escaped = false;
  let has = false;
  for (const ch of input.trim()) {
    if (escaped) {
      current += ch;
      escaped = false;
    } else if (ch === "\\") {
      escaped = true;
    } else if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'" || ch === "`") {
      quote = ch;
    } else if (/\s/.test(ch)) {
      if (has) args.push(current);
      current = "";
      has = false;
      continue;
    } else {
      current += ch;
    }
    has = true;
  }
  if (escaped) current += "\\";
  if (has) args.push(current);
  return args;
}

/** A parameter spec `name` or `name=default`. */
export function parameterSpec(spec: string): { name: string; defaultValue: string } {
  const eq = spec.indexOf("=");
  if (eq === -1) return { name: spec.trim(), defaultValue: "" };
  return { name: spec.slice(0, eq).trim(), defaultValue: spec.slice(eq + 1) };
}

/** The variables a command's body sees. */
export function templateVariables(
  parameters: readonly string[],
  rawArgs: string,
  context: { cwd: string; command: string },
): Record<string, string> {
  const args = parseArgs(rawArgs);
  const variables: Record<string, string> = {};
  parameters.forEach((spec, i) => {
    const { name, defaultValue } = parameterSpec(spec);
    variables[name] = args[i] !== undefined && args[i] !== "" ? args[i] : defaultValue;
  });
  variables.args = rawArgs.trim();
  variables.cwd = context.cwd;
  variables.command = context.command;
  return variables;
}

/** The body with sections expanded and variables substituted. */
export function renderTemplate(body: string, variables: Record<string, string>): string {
  const sectioned = expandSections(body, (name) => (variables[name]?.length ?? 0) > 0);
  return sectioned.replace(
    /\{\{\s*([\w.-]+)\s*\}\}/g,
    (whole, name: string) => Object.hasOwn(variables, name) ? variables[name] : whole,
  );
}

const SECTION = /\{\{\s*([#^])\s*([\w.-]+)\s*\}\}/;

/** Expands `{{# x }}…{{/ x }}` and `{{^ x }}…{{/ x }}`, innermost content first. */
export function expandSections(text: string, isSet: (name: string) => boolean): string {
  let out = "";
  let rest = text;
  for (;;) {
    const open = SECTION.exec(rest);
    if (!open) return out + rest;
    const [tag, kind, name] = open;
    const afterOpen = rest.slice(open.index + tag.length);
    const close = findClose(afterOpen, name);
    if (!close) {
      // An unclosed section stays as written.
      out += rest.slice(0, open.index + tag.length);
      rest = afterOpen;
      continue;
    }
    const inner = afterOpen.slice(0, close.index);
    const keep = kind === "#" ? isSet(name) : !isSet(name);
    out += rest.slice(0, open.index) + (keep ? expandSections(inner, isSet) : "");
    rest = afterOpen.slice(close.index + close.length);
  }
}

/** The matching `{{/ name }}`, skipping nested sections of the same name. */
function findClose(text: string, name: string): { index: number; length: number } | undefined {
  const tags = new RegExp(`\\{\\{\\s*([#^/])\\s*${escapeRegExp(name)}\\s*\\}\\}`, "g");
  let depth = 0;
  for (const match of text.matchAll(tags)) {
    if (match[1] !== "/") depth++;
    else if (depth === 0) return { index: match.index!, length: match[0].length };
    else depth--;
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
