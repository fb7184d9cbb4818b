/**
 * What a text-mode model is told: the system-prompt section describing one
 * call format and the tools, and how tool results go back to it as a user
 * message (servers without tool support reject `role: "tool"` messages).
 */
import type { CallFormat } from "./types.ts";

/** A tool as described to the model. */
export interface ToolDescription {
  name: string;
  description: string;
  /** JSON Schema of the arguments (an object schema). */
  parameters: Record<string, unknown>;
}

interface PropertyInfo {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

function typeOf(schema: Record<string, unknown>): string {
  const t = schema.type;
  if (Array.isArray(t)) return t.join(" | ");
  if (typeof t === "string") {
    if (t === "array" && typeof schema.items === "object" && schema.items !== null) {
      return `array of ${typeOf(schema.items as Record<string, unknown>)}`;
    }
    return t;
  }
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  const alts = (schema.anyOf ?? schema.oneOf) as Record<string, unknown>[] | undefined;
  if (Array.isArray(alts)) return alts.map(typeOf).join(" | ");
  return "any";
}

function properties(parameters: Record<string, unknown>): PropertyInfo[] {
  const props = (parameters.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set(Array.isArray(parameters.required) ? parameters.required : []);
  return Object.entries(props).map(([name, schema]) => ({
    name,
    type: typeOf(schema ?? {}),
    required: required.has(name),
    description: typeof schema?.description === "string" ? schema.description : "",
  }));
}

function placeholder(p: PropertyInfo): string {
  if (p.type.startsWith("number") || p.type.startsWith("integer")) return "1";
  if (p.type.startsWith("boolean")) return "true";
  if (p.type.startsWith("array")) return "[]";
  if (p.type.startsWith("object")) return "{}";
  return `${p.name} value`;
}

function exampleCall(format: "xml" | "json", tool: ToolDescription): string {
  const props = properties(tool.parameters);
  const shown = props.filter((p) => p.required).length ? props.filter((p) => p.required) : props;
  if (format === "xml") {
    const lines = shown.map((p) => `<${p.name}>${placeholder(p)}</${p.name}>`);
    return [`<${tool.name}>`, ...lines, `</${tool.name}>`].join("\n");
  }
  const args: Record<string, unknown> = {};
  for (const p of shown) {
    const v = placeholder(p);
    try {
      args[p.name] = p.type.startsWith("string") ? v : JSON.parse(v);
    } catch {
      args[p.name] = v;
    }
  }
  return JSON.stringify({ name: tool.name, arguments: args });
}

function describeTool(format: "xml" | "json", tool: ToolDescription): string {
  const props = properties(tool.parameters);
  const params = props.length
    ? props.map((p) =>
      `- ${p.name} (${p.type}${p.required ? ", required" : ", optional"})${
        p.description ? `: ${p.description}` : ""
      }`
    ).join("\n")
    : "- (no parameters)";
  return `### ${tool.name}\n${tool.description}\nParameters:\n${params}\nExample:\n${
    exampleCall(format, tool)
  }`;
}

const XML_RULES = `To use a tool, write the call in this XML form, on its own lines:

<tool_name>
<parameter_name>value</parameter_name>
</tool_name>

Rules:
- The tag is the tool's name; each parameter is a child tag named after the parameter.
- Values are taken exactly as written, without escaping. Put file contents right after the opening tag.
- Write number, boolean, array and object values as JSON, e.g. <limit>50</limit> or <paths>["a.ts", "b.ts"]</paths>.
- Do not put calls in code fences or inline code; text in fences is shown, not executed.
- You may make several calls in one answer. Then stop: each result comes back in the next message inside a <tool_result> block.`;

const JSON_RULES = `To use a tool, write a JSON object on its own lines, in this form:

{"name": "tool_name", "arguments": {"parameter_name": "value"}}

Rules:
- "name" is the tool's name; "arguments" is an object with the parameters.
- Write valid JSON: escape quotes, backslashes and newlines inside strings.
- Do not put calls in inline code; a call may be alone in a \`\`\`json fence.
- You may make several calls in one answer. Then stop: each result comes back in the next message inside a <tool_result> block.`;

/**
 * The system-prompt section for a model that calls tools by writing text:
 * the format (`xml`: Nanocoder's `<tool><param>value</param></tool>`,
 * `json`: `{"name": ..., "arguments": {...}}`) and every tool with its parameters.
 */
export function toolFormatInstructions(
  format: "xml" | "json",
  tools: readonly ToolDescription[],
): string {
  const rules = format === "xml" ? XML_RULES : JSON_RULES;
  const list = tools.length
    ? tools.map((t) => describeTool(format, t)).join("\n\n")
    : "(no tools are available)";
  return `## Tools\n\n${rules}\n\n## Available tools\n\n${list}`;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/**
 * Formats whose chat templates give each result back as `<tool_response>…</tool_response>`
 * (Hermes, Qwen2.5/Qwen3, Qwen3-Coder, GLM 4.5+): results go back in the wrapper the
 * model was trained on.
 */
const TOOL_RESPONSE_FAMILIES: ReadonlySet<CallFormat> = new Set(["hermes", "qwen3_coder", "glm"]);

/**
 * A tool result for a text-mode model, sent back as a user message:
 * `<tool_result name="read_file" status="ok">…</tool_result>` (`status="error"`
 * when the call failed, so the model knows to fix and retry).
 *
 * With `format` (the markup the call was written in, `ParsedCall.format`), a model of
 * the Hermes/Qwen/GLM family gets its own wrapper instead, as its template writes it:
 * `<tool_response>\n…\n</tool_response>`, results in the order of the calls, a failure
 * starting with `Error: `.
 */
export function formatToolResultForText(
  name: string,
  result: string,
  ok: boolean,
  format?: CallFormat,
): string {
  const body = result.endsWith("\n") ? result : `${result}\n`;
  if (format && TOOL_RESPONSE_FAMILIES.has(format)) {
    return `<tool_response>\n${ok ? "" : "Error: "}${body}</tool_response>`;
  }
  const status = ok ? "ok" : "error";
  return `<tool_result name="${escapeAttr(name)}" status="${status}">\n${body}</tool_result>`;
}
