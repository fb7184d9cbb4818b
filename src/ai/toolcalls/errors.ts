/**
 * Building calls and errors from what a format parsed: resolves the tool name,
 * and writes error messages that show the expected format and the available
 * tools, so the model can retry.
 */
import type { CallShape } from "./json_values.ts";
import type { CallFormat, Ctx, Item } from "./types.ts";

/** Families of formats, to show the model an example of the one it tried. */
export type Family = CallFormat;

function example(family: Family, tool: string, ctx?: Ctx): string {
  if (ctx?.expectedFormat) family = ctx.expectedFormat;
  const args = '{"param": "value"}';
  switch (family) {
    case "xml":
      return `<${tool}>\n<param>value</param>\n</${tool}>`;
    case "json":
      return `{"name": "${tool}", "arguments": ${args}}`;
    case "hermes":
      return `<tool_call>\n{"name": "${tool}", "arguments": ${args}}\n</tool_call>`;
    case "qwen3_coder":
      return `<tool_call>\n<function=${tool}>\n<parameter=param>\nvalue\n</parameter>\n</function>\n</tool_call>`;
    case "mistral":
      return `[TOOL_CALLS]${tool}[ARGS]${args}`;
    case "deepseek":
      return `<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>${tool}<｜tool▁sep｜>${args}<｜tool▁call▁end｜><｜tool▁calls▁end｜>`;
    case "glm":
      return `<tool_call>${tool}\n<arg_key>param</arg_key>\n<arg_value>value</arg_value>\n</tool_call>`;
    case "harmony":
      return `<|start|>assistant<|channel|>commentary to=functions.${tool} <|constrain|>json<|message|>${args}<|call|>`;
    case "invoke":
      return `<invoke name="${tool}">\n<parameter name="param">value</parameter>\n</invoke>`;
    case "kimi":
      return `<|tool_calls_section_begin|><|tool_call_begin|>functions.${tool}:0<|tool_call_argument_begin|>${args}<|tool_call_end|><|tool_calls_section_end|>`;
    case "pythonic":
      return `[${tool}(param="value")]`;
  }
}

function toolList(ctx: Ctx): string {
  return ctx.toolNames.length ? ctx.toolNames.map((n) => `"${n}"`).join(", ") : "(none)";
}

/** An error item for a call that cannot be used. */
export function malformed(
  ctx: Ctx,
  family: Family,
  raw: string,
  detail: string,
  name?: string,
): Item {
  const tool = name ?? ctx.toolNames[0] ?? "tool_name";
  const what = name ? `Malformed call of tool "${name}"` : "Malformed tool call";
  return {
    error: {
      kind: "malformed",
      raw,
      message: `${what}: ${detail}. Expected format: ${
        example(family, tool, ctx)
      }. Available tools: ${toolList(ctx)}.`,
    },
  };
}

/**
 * An error item for a call whose markup never closed before the message ended: the
 * model hit its output limit (or stopped), so its arguments may be incomplete and the
 * call is never run. `missing` names what never came (`the closing </write_file> tag`).
 */
export function cutOff(
  ctx: Ctx,
  family: Family,
  raw: string,
  missing: string,
  name?: string,
): Item {
  const known = name ? ctx.resolve(name) ?? undefined : undefined;
  const what = known ? `The call of tool "${known}"` : "A tool call";
  return {
    error: {
      kind: "truncated",
      raw,
      message: `${what} was cut off: the message ended before ${missing}, so it was not run. ` +
        "If you hit the output limit, make the call again with smaller pieces (for example, " +
        "write a large file in parts, then append or edit); otherwise finish the call: " +
        `${example(family, known ?? ctx.toolNames[0] ?? "tool_name", ctx)}. ` +
        `Available tools: ${toolList(ctx)}.`,
    },
  };
}

/**
 * An unclosed call: `cutOff` when the message ends inside it, else `malformed` (its
 * closing markup is missing and other text follows).
 */
export function unclosed(
  ctx: Ctx,
  family: Family,
  raw: string,
  closer: string,
  atEnd: boolean,
  name?: string,
): Item {
  if (atEnd) return cutOff(ctx, family, raw, closer, name);
  const known = name ? ctx.resolve(name) ?? name : undefined;
  return malformed(ctx, family, raw, `${closer} is missing, so the call was not run`, known);
}

/** An error item for a call of a tool that does not exist. */
export function unknownTool(ctx: Ctx, family: Family, raw: string, name: string): Item {
  const tool = ctx.toolNames[0] ?? "tool_name";
  return {
    error: {
      kind: "unknown_tool",
      raw,
      message: `Unknown tool "${name}": available tools are ${
        toolList(ctx)
      }. Call one of them in this format: ${example(family, tool, ctx)}.`,
    },
  };
}

/** How a format's arguments were read. */
export interface ArgsRead {
  args?: Record<string, unknown>;
  /** Why the arguments are unusable (when `args` is missing). */
  problem?: string;
  /** A repair may have changed content: refused for strict (write and execute) tools. */
  guessed?: boolean;
}

/** A call item, or the matching error when the name is unknown or the arguments are bad. */
export function itemFor(
  ctx: Ctx,
  family: Family,
  raw: string,
  name: string,
  read: ArgsRead,
): Item {
  const known = ctx.resolve(name);
  if (!known) {
    const n = name.trim();
    // Prose where a name should be: say what is missing instead of quoting it as a name.
    if (!/^[\w.:-]{1,64}$/.test(n)) return malformed(ctx, family, raw, "no valid tool name");
    return unknownTool(ctx, family, raw, n);
  }
  if (!read.args) {
    return malformed(ctx, family, raw, read.problem ?? "the arguments are not valid", known);
  }
  if (read.guessed && ctx.strict(known)) {
    const detail = "the arguments are not valid JSON, and repairing them could change a value " +
      "(for example an unescaped quote inside a string), so the call was not run; " +
      'write valid JSON, escaping " and \\ inside strings';
    return malformed(ctx, family, raw, detail, known);
  }
  return { call: { name: known, arguments: read.args, format: family } };
}

/** Items for call shapes read from JSON. */
export function itemsFromShapes(
  ctx: Ctx,
  family: Family,
  raw: string,
  shapes: CallShape[],
): Item[] {
  return shapes.map((s) => itemFor(ctx, family, raw, s.name, s));
}
