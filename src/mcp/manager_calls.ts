/**
 * One tool call on a server, as the model sees it: the result formatted, or an error that
 * says what happened and what follows for the server (a hung server is given up after
 * repeated timeouts, a closed one loses its tools, one that wants a sign-in is skipped).
 */
import type { ToolContext, ToolResult } from "../tools/tool.ts";
import type { Entry } from "./manager_entry.ts";
import { closedReason } from "./manager_entry.ts";
import { formatCallResult } from "./result.ts";
import { errorMessage } from "./_private.ts";
import { loginCommand } from "./oauth/provider.ts";

type Runtime = typeof import("./connect.ts");

/** Timeout of one tool call when the server's config gives none. */
export const DEFAULT_CALL_TIMEOUT_MS = 60_000;
/** Timed-out calls in a row after which a server counts as hung. */
export const DEFAULT_MAX_CONSECUTIVE_TIMEOUTS = 3;

/** What a call needs from the manager. */
export interface CallHost {
  runtime(): Promise<Runtime>;
  maxConsecutiveTimeouts: number;
  /** Marks the server failed, removes its tools, closes it. */
  fail(entry: Entry, generation: number, reason: string): void;
  /** Marks the server as waiting for `nanocoder mcp login`. */
  needsLogin(entry: Entry, generation: number): void;
}

/** Calls `tool` of the server behind `entry` (generation: the connection it was listed on). */
export async function callTool(
  host: CallHost,
  entry: Entry,
  generation: number,
  tool: string,
  args: Record<string, unknown>,
  ctx: ToolContext,
): Promise<ToolResult> {
  const connection = entry.connection;
  if (generation !== entry.generation || !connection) {
    return {
      ok: false,
      output: `Error: MCP server "${entry.name}" is not available (${entry.state}${
        entry.lastError ? `: ${entry.lastError}` : ""
      }). Do not call its tools again; tell the user it can be restarted with /mcp.`,
    };
  }
  const timeoutMs = entry.config.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  try {
    const result = await connection.callTool(tool, args, {
      timeoutMs,
      signal: ctx.signal,
      onProgress: ctx.emitOutput,
    });
    entry.timeouts = 0;
    return formatCallResult(result);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return await callFailed(host, entry, generation, tool, error, timeoutMs);
  }
}

async function callFailed(
  host: CallHost,
  entry: Entry,
  generation: number,
  tool: string,
  error: unknown,
  timeoutMs: number,
): Promise<ToolResult> {
  const runtime = await host.runtime();
  const where = `MCP tool "${tool}" of server "${entry.name}"`;
  const failure = runtime.classifyCallError(error);
  switch (failure) {
    case "timeout": {
      entry.timeouts++;
      let output = `Error: ${where} timed out after ${timeoutMs} ms; the call was cancelled.`;
      if (entry.timeouts >= host.maxConsecutiveTimeouts) {
        host.fail(
          entry,
          generation,
          `Server did not answer ${entry.timeouts} calls in a row (timeout ${timeoutMs} ms)`,
        );
        output += ` The server is now marked unavailable and its tools were removed.`;
      }
      return { ok: false, output };
    }
    case "closed": {
      const reason = entry.state === "failed" && entry.lastError
        ? entry.lastError
        : `${closedReason(entry)}: ${errorMessage(error)}`;
      host.fail(entry, generation, reason);
      return {
        ok: false,
        output: `Error: ${where} failed: ${reason}. Its tools were removed for this session.`,
      };
    }
    case "needs_login":
      host.needsLogin(entry, generation);
      return {
        ok: false,
        output: `Error: ${where} needs the user to sign in again (the server asked for ` +
          `more permissions or revoked the sign-in). Tell the user to run "${
            loginCommand(entry.name)
          }"; its tools were removed for this session.`,
      };
    case "server":
      entry.timeouts = 0;
      return { ok: false, output: `Error: ${where} failed: ${errorMessage(error)}` };
    case "invalid_result":
      entry.timeouts = 0;
      return {
        ok: false,
        output: `Error: ${where} returned an invalid result: ${errorMessage(error)}`,
      };
  }
}
