/**
 * execute_bash in an editor's terminal (an ACP client's `terminal/*`), where the user
 * watches it live: the same `bash -c`, timeout and cancel as a local run, ended through
 * the editor's kill. The editor keeps only the last `outputByteLimit` bytes, and the
 * command sees the editor's environment (nanocoder's secret filter cannot reach it).
 */
import type { EditorTerminal } from "../tool.ts";

/** How a command in the editor's terminal ended, in the shape of a local run. */
export interface TerminalRun {
  output: string;
  status: Deno.CommandStatus;
  /** Set when nanocoder stopped it (timeout, cancel). */
  killReason?: "timeout" | "cancelled";
}

/** Runs `bash -c command` in the editor's terminal until it exits, times out or is cancelled. */
export async function runInTerminal(
  terminal: EditorTerminal,
  request: { callId: string; command: string; cwd: string; outputByteLimit: number },
  signal: AbortSignal,
  timeoutMs: number,
): Promise<TerminalRun> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  try {
    const outcome = await terminal.run({
      callId: request.callId,
      command: "bash",
      args: ["-c", request.command],
      cwd: request.cwd,
      env: {},
      outputByteLimit: request.outputByteLimit,
      signal: AbortSignal.any([signal, timeout.signal]),
    });
    const dropped = outcome.truncated ? "[... earlier output dropped by the editor ...]\n" : "";
    return {
      output: dropped + outcome.output,
      status: {
        success: outcome.exitCode === 0,
        code: outcome.exitCode ?? 1,
        signal: outcome.signal as Deno.Signal | null,
      },
      killReason: signal.aborted ? "cancelled" : timeout.signal.aborted ? "timeout" : undefined,
    };
  } finally {
    clearTimeout(timer);
  }
}
