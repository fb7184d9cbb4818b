/**
 * What a message's tool calls must satisfy before any of them is looked at: the message
 * was not cut off by the output limit, it makes at most MAX_CALLS_PER_MESSAGE calls, and
 * no call's arguments exceed MAX_ARGUMENT_BYTES. A call that fails one of these is not
 * run; its result tells the model what to do instead.
 */
import type { ToolCall } from "../ai/types.ts";
import { cutOffError } from "../tools/executor.ts";

/** Calls one assistant message may make; the rest get an error result. */
export const MAX_CALLS_PER_MESSAGE = 32;

/** Size of one call's arguments (JSON text, UTF-8 bytes) above which it is not run. */
export const MAX_ARGUMENT_BYTES = 1024 * 1024;

/** Calls of a message that must not run, with the result each one gets. */
export interface TurnCheck {
  refused: Map<ToolCall, string>;
  /** What the user should know (shown as warnings). */
  notices: string[];
}

/**
 * Whether a message ended on its own: the server gave a finish reason, and not the output
 * limit (`length`) or a filter that stops mid-way. Only then is JSON left open at the end
 * of a call's arguments known to be a malformation rather than a cut-off.
 */
export function endedNormally(finishReason: string | null): boolean {
  return finishReason !== null && finishReason !== "length" && finishReason !== "content_filter";
}

/** Checks the calls of one assistant message that ended with `finishReason`. */
export function checkTurnCalls(calls: readonly ToolCall[], finishReason: string | null): TurnCheck {
  const refused = new Map<ToolCall, string>();
  const notices: string[] = [];
  if (calls.length === 0) return { refused, notices };
  if (finishReason === "length") {
    // The last call may have been cut anywhere, even where its JSON still parses.
    for (const call of calls) refused.set(call, cutOffError(call.function.name));
    notices.push(
      `The model's message was cut off by its output limit: its ${
        plural(calls.length, "tool call")
      } ${
        calls.length === 1 ? "was" : "were"
      } not run, and the model was asked to retry in smaller pieces`,
    );
    return { refused, notices };
  }
  calls.forEach((call, i) => {
    if (i >= MAX_CALLS_PER_MESSAGE) {
      refused.set(
        call,
        `Error: not run: one message may make at most ${MAX_CALLS_PER_MESSAGE} tool calls and this was call ${
          i + 1
        } of ${calls.length}. Make the remaining calls in your next message.`,
      );
      return;
    }
    const size = argumentBytes(call.function.arguments);
    if (size > MAX_ARGUMENT_BYTES) {
      refused.set(
        call,
        `Error: not run: the arguments of this "${call.function.name}" call are ${
          formatBytes(size)
        }, over the limit of ${formatBytes(MAX_ARGUMENT_BYTES)}. Split the work into smaller ` +
          `calls (write a large file in parts: create_file with the first part, then insert_lines).`,
      );
    }
  });
  if (calls.length > MAX_CALLS_PER_MESSAGE) {
    notices.push(
      `The model made ${calls.length} tool calls in one message: only the first ${MAX_CALLS_PER_MESSAGE} were considered`,
    );
  }
  return { refused, notices };
}

/** UTF-8 size of `text`; exact only where it may exceed the limit (short text is not encoded). */
export function argumentBytes(text: string): number {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short strings need no encoding.
  if (text.length * 3 <= MAX_ARGUMENT_BYTES) return text.length;
  return new TextEncoder().encode(text).length;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
