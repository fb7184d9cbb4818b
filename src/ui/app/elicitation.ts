/**
 * An MCP server asking the person for input (elicitation): its message, then one
 * question per field — a list for a choice or yes/no, a line of text otherwise — and
 * the answers sent back. Esc at any point declines.
 */
import type { AgentEventBody, ElicitationField } from "../../protocol.ts";
import type { Controller } from "./controller.ts";
import { ask, askText } from "./dialogs.ts";

type Request = Extract<AgentEventBody, { type: "elicitation_request" }>;
type Value = string | number | boolean | string[];

/** Asks the person and answers the server. */
export async function answerElicitation(c: Controller, request: Request): Promise<void> {
  const respond = (action: "accept" | "decline", content?: Record<string, Value>) =>
    c.engine?.submit({
      type: "elicitation_response",
      requestId: request.requestId,
      action,
      ...(content ? { content } : {}),
    });
  const start = await ask(c.store, {
    title: `MCP server "${request.server}" asks for input`,
    body: request.message.split("\n"),
    items: [
      { label: "Answer", value: "answer" },
      { label: "Decline", value: "decline" },
    ],
  });
  if (start !== "answer") return void respond("decline");
  const content: Record<string, Value> = {};
  for (const [name, field] of Object.entries(request.fields)) {
    const value = await askField(c, name, field, request);
    if (value === undefined) return void respond("decline");
    if (value !== "") content[name] = value;
  }
  respond("accept", content);
}

async function askField(
  c: Controller,
  name: string,
  field: ElicitationField,
  request: Request,
): Promise<Value | undefined> {
  const title = `${field.title ?? name}${request.required.includes(name) ? "" : " (optional)"}`;
  const body = field.description ? [field.description] : undefined;
  const initial = request.defaults[name] ?? field.default;
  if (field.type === "boolean") {
    const answer = await ask(c.store, {
      title,
      body,
      items: [{ label: "Yes", value: "true" }, { label: "No", value: "false" }],
      selected: initial === false ? 1 : 0,
    });
    return answer === undefined ? undefined : answer === "true";
  }
  if (field.enum?.length && field.type !== "array") {
    const items = field.enum.map((v) => ({ label: v, value: v }));
    return await ask(c.store, {
      title,
      body,
      items,
      selected: Math.max(0, field.enum.indexOf(String(initial))),
    });
  }
  const hint = field.type === "array" ? " (comma-separated)" : "";
  const text = await askText(c.store, {
    title: title + hint,
    body,
    value: initial === undefined
      ? ""
      : Array.isArray(initial)
      ? initial.join(", ")
      : String(initial),
  });
  if (text === undefined || text.trim() === "") return text === undefined ? undefined : "";
  if (field.type === "number" || field.type === "integer") {
    const n = Number(text);
    return Number.isFinite(n) ? (field.type === "integer" ? Math.trunc(n) : n) : text;
  }
  if (field.type === "array") return text.split(",").map((s) => s.trim()).filter(Boolean);
  return text;
}
