/** Small helpers shared by the files of src/mcp. */
import type { McpServerConfig } from "../config/types.ts";

/** The last `n` non-empty lines of `text`, joined with " | " (stderr tails in messages). */
export function lastLines(text: string, n: number): string {
  return text.split("\n").map((l) => l.trim()).filter((l) => l !== "").slice(-n).join(" | ");
}

/** The message of a thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The command line (stdio) or URL of a server, for status lines. */
export function describeTarget(config: McpServerConfig): string {
  if ("command" in config) return [config.command, ...(config.args ?? [])].join(" ");
  return config.url;
}

/** Why a connection attempt failed, in one readable line. */
export function describeConnectError(config: McpServerConfig, error: unknown): string {
  const code = (error as { code?: unknown })?.code ??
    ((error as { cause?: { code?: unknown } })?.cause?.code);
  const notFound = code === "ENOENT" || error instanceof Deno.errors.NotFound ||
    (error as { cause?: unknown })?.cause instanceof Deno.errors.NotFound;
  if (notFound && "command" in config) {
    return `Cannot start "${config.command}": command not found`;
  }
  // fetch's own message is "fetch failed"; what happened is in its cause, a level or two down.
  let causeText = "";
  for (let e = (error as Error)?.cause; e instanceof Error; e = e.cause) causeText = e.message;
  if ("url" in config && /connection refused|ECONNREFUSED/i.test(causeText)) {
    return `Cannot connect to "${config.url}": connection refused (is the server running?)`;
  }
  const full = causeText && !errorMessage(error).includes(causeText)
    ? `${errorMessage(error)}: ${causeText}`
    : errorMessage(error);
  // HTTP servers answer errors with whole HTML pages: keep the text, on one line. The SDK's
  // "MCP error -32000: Connection closed" during the handshake means the server went away.
  const message = full.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim()
    .replace(
      /^MCP error -32000: Connection closed(?:; the server exited with code (-?\d+))?/,
      (_all, code?: string) =>
        code
          ? `the server exited with code ${code}`
          : "the server closed the connection during the handshake",
    );
  return `Cannot connect: ${message.length > 400 ? `${message.slice(0, 400)}...` : message}`;
}

/** Waits for `promise` at most `ms`; never rejects, always clears its timer. */
export async function withTimeout(
  promise: Promise<unknown> | undefined,
  ms: number,
): Promise<void> {
  if (!promise) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    promise.catch(() => {}),
    new Promise<void>((resolve) => timer = setTimeout(resolve, ms)),
  ]);
  clearTimeout(timer);
}
