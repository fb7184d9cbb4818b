/**
 * What MCP servers offer besides tools, in the shapes frontends read: resources (with
 * templates), prompts with their arguments, elicitation requests and their answers.
 * Types only (no SDK import), so a frontend can use them without loading the SDK.
 */

/** A resource a server lists (`resources/list`). */
export interface McpResource {
  /** The server that lists it. */
  server: string;
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  /** Size in bytes, when the server says. */
  size?: number;
}

/** A parameterised resource (`resources/templates/list`), e.g. `file:///{path}`. */
export interface McpResourceTemplate {
  server: string;
  uriTemplate: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

/** One part of a read resource: text, or base64 `blob` for binary content. */
export interface McpResourceContents {
  uri: string;
  mimeType?: string;
  text?: string;
  blob?: string;
}

/** One argument of a prompt. */
export interface McpPromptArgument {
  name: string;
  description?: string;
  required?: boolean;
}

/** A prompt a server offers (`prompts/list`); the TUI shows it as `/mcp__<server>__<name>`. */
export interface McpPrompt {
  server: string;
  name: string;
  title?: string;
  description?: string;
  arguments: McpPromptArgument[];
}

/** A message of a prompt, with its MCP content block (text, image, audio, resource...). */
export interface McpPromptMessage {
  role: "user" | "assistant";
  content: { type: string; [key: string]: unknown };
}

/** What `prompts/get` returns. */
export interface McpPromptResult {
  description?: string;
  messages: McpPromptMessage[];
}

/** A primitive field of an elicitation form (string, number, integer, boolean, enum). */
export interface McpElicitationField {
  type: "string" | "number" | "integer" | "boolean" | "array";
  title?: string;
  description?: string;
  default?: unknown;
  enum?: string[];
  [key: string]: unknown;
}

/** A server asks the user for input (`elicitation/create`, form mode). */
export interface McpElicitationRequest {
  server: string;
  message: string;
  /** A flat object schema: one field per property, `required` names the mandatory ones. */
  requestedSchema: {
    type: "object";
    properties: Record<string, McpElicitationField>;
    required?: string[];
  };
  /** Aborted when the server cancels the request or disconnects. */
  signal: AbortSignal;
}

/** The user's answer. Fields left out of `content` get the schema's defaults (SEP-1034). */
export type McpElicitationAnswer =
  | { action: "accept"; content: Record<string, string | number | boolean | string[]> }
  | { action: "decline" }
  | { action: "cancel" };

/** Answers elicitation requests: the TUI shows a form; headless frontends decline. */
export type McpElicitationHandler = (
  request: McpElicitationRequest,
) => Promise<McpElicitationAnswer>;

/** The values a form starts with: each field's schema default, where it has one. */
export function elicitationDefaults(
  schema: McpElicitationRequest["requestedSchema"],
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema.properties)) {
    if (field.default !== undefined) values[name] = field.default;
  }
  return values;
}
