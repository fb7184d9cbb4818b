/**
 * Error classes shared by the engine and every frontend.
 *
 * Messages follow std style: sentence case, quoted values, a colon before detail.
 * Only infrastructure failures throw these; a tool failure the model can fix is
 * returned as an error result instead.
 */

/** Config file or flag is invalid: names the source, the field and what is expected. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** The model server failed in a way the user can act on (unreachable, 401, unknown model...). */
export class ProviderError extends Error {
  override name = "ProviderError";
  /** HTTP status when the server answered, undefined when it could not be reached. */
  readonly status?: number;
  /** Machine-readable reason, used for exit codes and JSON output. */
  readonly code: ProviderErrorCode;
  constructor(
    message: string,
    options: { code: ProviderErrorCode; status?: number; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.code = options.code;
    this.status = options.status;
  }
}

/** Reasons a provider call can fail. */
export type ProviderErrorCode =
  | "unreachable"
  | "unauthorized"
  | "unknown_model"
  | "context_length_exceeded"
  | "rate_limited"
  | "server_error"
  | "bad_request"
  | "timeout"
  | "stream_dropped"
  | "bad_response"
  /** The server refuses the `tools` field (llama.cpp without --jinja…): ask for text calls. */
  | "tools_unsupported";

/** A Deno permission the operation needs was not granted. */
export class PermissionDeniedError extends Error {
  override name = "PermissionDeniedError";
}

/** Command line usage error: exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The user or a signal cancelled the operation. */
export class CancelledError extends Error {
  override name = "CancelledError";
  constructor(message = "Cancelled") {
    super(message);
  }
}

/** Compile-time exhaustiveness check for tagged unions. */
export function assertNever(x: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(x)}`);
}
