/**
 * Stops a model that keeps making the same failing call: after three identical failures
 * in one run — same tool, same arguments, same error — the run ends with a clear
 * message instead of looping until the turn limit. Calls that differ (another path,
 * another command) are the model trying something else, however alike their errors.
 */
import type { ToolResult } from "../tools/tool.ts";

/** How many identical failures end the run. */
export const MAX_IDENTICAL_FAILURES = 3;

/** Counts failures by tool, arguments and message. */
export interface CallFailureTracker {
  /**
   * Records a result; returns the message to stop with, or undefined to go on.
   * `args`: the call's arguments as the model sent them (JSON text, or parsed).
   */
  record(
    toolName: string,
    args: string | Record<string, unknown>,
    result: Pick<ToolResult, "ok" | "output">,
  ): string | undefined;
}

/** A tracker for one run. */
export function createCallFailureTracker(): CallFailureTracker {
  const counts = new Map<string, number>();
  return {
    record(toolName, args, result) {
      if (result.ok) return undefined;
      const key = JSON.stringify([toolName, canonical(args), result.output]);
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      if (count < MAX_IDENTICAL_FAILURES) return undefined;
      const firstLine = result.output.split("\n", 1)[0];
      return `Stopped: the model made the same failing "${toolName}" call ${count} times, with the same arguments (${firstLine})`;
    },
  };
}

/** Arguments that mean the same compare equal: key order and spacing do not count. */
function canonical(args: string | Record<string, unknown>): string {
  let value: unknown = args;
  if (typeof args === "string") {
    try {
      value = JSON.parse(args);
    } catch {
      return args;
    }
  }
  return JSON.stringify(
    value,
    (_key, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
  );
}
