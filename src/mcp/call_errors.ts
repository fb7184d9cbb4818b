/** What kind of failure a rejected MCP request is, which decides what happens to the server. */
// @ts-types="@modelcontextprotocol/sdk/types"
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
// @ts-types="@modelcontextprotocol/sdk/client/auth"
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";

/** The kinds of failure. */
export type CallFailure =
  /** No answer in time: the SDK sent `notifications/cancelled`. */
  | "timeout"
  /** The connection is gone (process exited, stream closed, server unreachable). */
  | "closed"
  /** The server answered with a JSON-RPC error (unknown tool, bad params...). */
  | "server"
  /** The server answered something that is not a tool result. */
  | "invalid_result"
  /** The server wants a (new) sign-in, with more scopes or after the token was revoked. */
  | "needs_login";

/** Classifies an error thrown by a request of a connection. */
export function classifyCallError(error: unknown): CallFailure {
  if (error instanceof McpError) {
    if (error.code === ErrorCode.RequestTimeout) return "timeout";
    if (error.code === ErrorCode.ConnectionClosed) return "closed";
    return "server";
  }
  if (error instanceof UnauthorizedError || (error as Error)?.name === "NeedsLoginError") {
    return "needs_login";
  }
  if (error instanceof Error && /ZodError/.test(error.name)) return "invalid_result";
  return "closed";
}
