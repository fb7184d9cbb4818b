/**
 * JSON-RPC errors the editor gets, with messages a person can act on: unknown session
 * and bad params with their codes, and the engine's own failures (no provider
 * configured, a server that is down…) with the engine's error code in `data.code`.
 */
import { RequestError } from "@agentclientprotocol/sdk";
import type { ErrorCode } from "../protocol.ts";

/** A session id this process does not know. */
export function unknownSession(sessionId: string): RequestError {
  return new RequestError(
    -32002,
    `Unknown session "${sessionId}": no session with this id is open, or saved for this project (start a new session)`,
    { sessionId },
  );
}

/** Params the agent cannot use (beyond what the schema checks). */
export function badParams(message: string): RequestError {
  return new RequestError(-32602, `Invalid params: ${message}`);
}

/** A failure reported by the engine (an `error` event, or a thrown error with its code). */
export function engineError(code: ErrorCode, message: string): RequestError {
  switch (code) {
    case "invalid_op":
      return new RequestError(-32602, message, { code });
    case "busy":
      return new RequestError(-32600, message, { code });
    default:
      return new RequestError(-32603, message, { code });
  }
}
