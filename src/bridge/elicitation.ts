/**
 * An MCP server asking the user for input (an engine `elicitation_request`) as ACP's
 * `elicitation/create` form, for editors that offer `elicitation.form`; the editor's
 * answer becomes the engine's `elicitation_response`.
 */
import type * as acp from "@agentclientprotocol/sdk";
import type { AgentEvent, AgentOp, ElicitationField } from "../protocol.ts";

type ElicitationRequest = Extract<AgentEvent, { type: "elicitation_request" }>;

/** The form the editor shows. */
export function elicitationForm(
  event: ElicitationRequest,
  sessionId: string,
): acp.CreateElicitationRequest {
  const properties: Record<string, acp.ElicitationPropertySchema> = {};
  for (const [name, field] of Object.entries(event.fields)) {
    properties[name] = property(field, event.defaults[name]);
  }
  return {
    mode: "form",
    sessionId,
    message: `${event.server}: ${event.message}`,
    requestedSchema: { type: "object", properties, required: event.required },
  };
}

/** The editor's answer as the op that resolves the request. */
export function elicitationOp(
  requestId: string,
  response: acp.CreateElicitationResponse,
): AgentOp {
  if (response.action === "accept") {
    const given = "content" in response ? response.content : undefined;
    const content = (given ?? {}) as Record<string, string | number | boolean | string[]>;
    return { type: "elicitation_response", requestId, action: "accept", content };
  }
  // An action this agent does not know is no consent.
  const action = response.action === "cancel" ? "cancel" : "decline";
  return { type: "elicitation_response", requestId, action };
}

function property(field: ElicitationField, fallback: unknown): acp.ElicitationPropertySchema {
  const base = {
    ...(field.title ? { title: field.title } : {}),
    ...(field.description ? { description: field.description } : {}),
  };
  const given = field.default ?? fallback;
  switch (field.type) {
    case "string":
      return {
        type: "string",
        ...base,
        ...(typeof given === "string" ? { default: given } : {}),
        ...(field.enum ? { enum: field.enum } : {}),
      };
    case "number":
    case "integer":
      return {
        type: field.type,
        ...base,
        ...(typeof given === "number" ? { default: given } : {}),
      };
    case "boolean":
      return {
        type: "boolean",
        ...base,
        ...(typeof given === "boolean" ? { default: given } : {}),
      };
    case "array":
      return {
        type: "array",
        ...base,
        items: { type: "string", enum: field.enum ?? [] },
        ...(Array.isArray(given) ? { default: given.map(String) } : {}),
      };
  }
}
