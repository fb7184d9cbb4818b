/**
 * What `nanocoder mcp call` tells a person whose arguments do not fit the tool: each
 * argument that is wrong, what it should be and what it got, then every argument the tool
 * takes. The session tells the model the same thing in its own words (src/tools/executor.ts);
 * this text is for someone at a terminal.
 */

/** A tool as `mcp call` checks it: its checking schema and the server's JSON Schema. */
export interface CheckedTool {
  schema: {
    safeParse(value: unknown): {
      success: boolean;
      error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
    };
  };
  jsonSchema?: Record<string, unknown>;
}

/**
 * The message for arguments that do not fit `tool`'s schema, or undefined when they fit.
 * `label` names the tool (`tool "get-sum" of MCP server "ev"`).
 */
export function argumentProblems(
  tool: CheckedTool,
  args: Record<string, unknown>,
  label: string,
): string | undefined {
  const parsed = tool.schema.safeParse(args);
  if (parsed.success) return undefined;
  const schema = tool.jsonSchema ?? {};
  const lines = new Set<string>();
  for (const issue of parsed.error?.issues ?? []) {
    lines.add(describeIssue(schema, args, issue.path.map(String), issue.message));
  }
  const takes = describeArguments(schema);
  return [
    `Invalid arguments for ${label}:`,
    ...[...lines].map((line) => `  ${line}`),
    ...(takes ? [takes] : []),
  ].join("\n");
}

/** One wrong argument, in words: which one, what it should be, what it is. */
function describeIssue(
  schema: Record<string, unknown>,
  args: Record<string, unknown>,
  path: string[],
  message: string,
): string {
  const required = /^must have required property '(.+)'$/.exec(message);
  if (required) {
    const missing = [...path, required[1]];
    const type = expected(schemaAt(schema, missing));
    return `${name(missing)} is missing${type ? `: expected ${type}` : ""}`;
  }
  const value = valueAt(args, path);
  if (/^must NOT have additional properties$/.test(message)) {
    const known = properties(schemaAt(schema, path));
    const extra = isRecord(value) ? Object.keys(value).filter((key) => !(key in known)) : [];
    if (extra.length) {
      return extra.map((key) => `${name([...path, key])} is not an argument of this tool`)
        .join("; ");
    }
  }
  const type = /^must be ([a-z]+(?:,[a-z]+)*)$/.exec(message);
  if (type) {
    const wanted = type[1].split(",").map(typeName).join(" or ");
    return `${name(path)} must be ${wanted}, got ${describeValue(value)}`;
  }
  const allowed = schemaAt(schema, path)?.enum;
  if (/^must be equal to one of the allowed values$/.test(message) && Array.isArray(allowed)) {
    return `${name(path)} must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}, ` +
      `got ${describeValue(value)}`;
  }
  return `${name(path)} ${message}`;
}

/** "Arguments: a (number, required), b (string)", from the tool's JSON Schema. */
function describeArguments(schema: Record<string, unknown>): string | undefined {
  const props = Object.entries(properties(schema));
  if (!props.length) return "The tool takes no arguments.";
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const parts = props.map(([key, prop]) => {
    const type = isRecord(prop) ? jsonType(prop) : undefined;
    const details = [type, required.has(key) ? "required" : undefined].filter(Boolean);
    return details.length ? `${key} (${details.join(", ")})` : key;
  });
  return `Arguments: ${parts.join(", ")}`;
}

function name(path: string[]): string {
  return path.length ? `"${path.join(".")}"` : "The arguments";
}

/** The sub-schema at `path` (object properties and array items), if the schema says. */
function schemaAt(
  schema: Record<string, unknown>,
  path: string[],
): Record<string, unknown> | undefined {
  let at: unknown = schema;
  for (const key of path) {
    if (!isRecord(at)) return undefined;
    at = /^\d+$/.test(key) && at.items !== undefined ? at.items : properties(at)[key];
  }
  return isRecord(at) ? at : undefined;
}

function valueAt(args: unknown, path: string[]): unknown {
  let at = args;
  for (const key of path) at = isRecord(at) || Array.isArray(at) ? (at as never)[key] : undefined;
  return at;
}

function properties(schema: Record<string, unknown> | undefined): Record<string, unknown> {
  return isRecord(schema?.properties) ? schema.properties : {};
}

/** "a number", "a string or null": what the schema at a path wants, if it says. */
function expected(schema: Record<string, unknown> | undefined): string | undefined {
  const type = schema ? jsonType(schema) : undefined;
  return type?.split(" or ").map(typeName).join(" or ");
}

function jsonType(schema: Record<string, unknown>): string | undefined {
  if (typeof schema.type === "string") return schema.type;
  if (Array.isArray(schema.type)) return schema.type.join(" or ");
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" or ");
  return undefined;
}

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  integer: "a whole number",
  boolean: "true or false",
  object: "an object",
  array: "an array",
  null: "null",
};

function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  const shown = JSON.stringify(value);
  const short = shown.length > 40 ? `${shown.slice(0, 37)}...` : shown;
  const kind = Array.isArray(value)
    ? "an array"
    : typeof value === "object"
    ? "an object"
    : typeof value === "number"
    ? "a number"
    : typeof value === "boolean"
    ? "a boolean"
    : "a string";
  return `${kind} (${short})`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
