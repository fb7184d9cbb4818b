/**
 * What every chat request the engine sends must satisfy, checked by the mock server on
 * each request (real servers reject such histories, often with an unhelpful 400 or a
 * template error, and some only on the *next* turn): a broken history fails loudly in
 * the test that caused it instead of passing against a lenient mock.
 */

/** A message as it arrives on the wire. */
// deno-lint-ignore no-explicit-any
type WireMessage = Record<string, any>;

/** The first rule `body` breaks, or undefined when it keeps them all. */
export function requestInvariantViolation(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const messages = (body as { messages?: unknown }).messages;
  if (!Array.isArray(messages)) return "the request has no messages array";
  const known = new Set<string>();
  /** Calls of the latest assistant message not answered yet. */
  let open = new Set<string>();
  for (const [i, m] of (messages as WireMessage[]).entries()) {
    const where = `messages[${i}] (${m?.role})`;
    if (m?.role === "system" && i !== 0) return `${where}: a system message after the first`;
    if (m?.role === "tool") {
      if (!known.has(m.tool_call_id)) {
        return `${where}: answers call id "${m.tool_call_id}", which no earlier assistant message made`;
      }
      if (!open.delete(m.tool_call_id)) {
        return `${where}: answers call id "${m.tool_call_id}" twice, or after another message`;
      }
      if (typeof m.content !== "string") return `${where}: content is not a string`;
      continue;
    }
    if (open.size > 0) {
      return `${where}: comes before the results of calls ${[...open].join(", ")}`;
    }
    if (m?.role === "user" && (messages as WireMessage[])[i - 1]?.role === "user") {
      // Templates that require alternating roles (Mistral, Gemma) reject it.
      return `${where}: a second user message in a row`;
    }
    if (m?.role === "assistant") {
      const calls: WireMessage[] = Array.isArray(m.tool_calls) ? m.tool_calls : [];
      const empty = m.content === null || m.content === undefined || m.content === "";
      if (calls.length === 0 && empty) return `${where}: empty, with no tool calls`;
      const ids = new Set<string>();
      for (const call of calls) {
        if (typeof call?.id !== "string" || call.id === "") return `${where}: a call without id`;
        if (ids.has(call.id)) return `${where}: two calls with the id "${call.id}"`;
        ids.add(call.id);
        if (!isJsonObjectText(call.function?.arguments)) {
          return `${where}: the arguments of call "${call.id}" are not a JSON object`;
        }
        known.add(call.id);
      }
      open = ids;
    }
  }
  if (open.size > 0) return `the calls ${[...open].join(", ")} have no results`;
  return undefined;
}

function isJsonObjectText(text: unknown): boolean {
  if (typeof text !== "string") return false;
  try {
    const value = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
