/**
 * What a session shows a person passes through the logger's redaction first: errors,
 * notices, retry reasons, MCP servers' errors (which quote their stderr) and warnings. A
 * server's error body may echo the key it was sent; an MCP server may print its env.
 * The conversation itself (prompts, answers, tool results) is left as it is: it is the
 * user's and the model's work, not a message about it.
 */
import type { AgentEventBody } from "../protocol.ts";
import { redact } from "../log/mod.ts";

/** `body` with the secrets in its messages replaced by "[REDACTED]". */
export function redactEvent(body: AgentEventBody): AgentEventBody {
  switch (body.type) {
    case "error":
    case "notice":
      return { ...body, message: redact(body.message) };
    case "retry":
    case "turn_restart":
      return { ...body, reason: redact(body.reason) };
    case "mcp_status":
      return body.error ? { ...body, error: redact(body.error) } : body;
    case "session_configured":
      return { ...body, warnings: body.warnings.map((w) => redact(w)) };
    default:
      return body;
  }
}

/** Redacts a thrown error's message in place (its class and code stay) and returns it. */
export function redactError(error: unknown): never {
  if (error instanceof Error) error.message = redact(error.message);
  throw error;
}
