/**
 * The `list_checkpoints` and `rewind` ops: a session's checkpoints, and restoring the
 * project's files to one of them (also cutting the conversation back, when asked).
 */
import type { AgentEventBody, AgentOp } from "../protocol.ts";
import { type Checkpoints, ConflictError, NothingToRewindError } from "../checkpoints/mod.ts";

type RewindOp = Extract<AgentOp, { type: "rewind" }>;

/** The answer to a rewind while a prompt or a compaction runs. */
export const busyRewind: AgentEventBody = {
  type: "error",
  code: "busy",
  message: "Cannot rewind while a prompt or a compaction runs: cancel it or wait",
};

/** Why a session has no checkpoints. */
export function unavailable(reason: string | undefined): AgentEventBody {
  return {
    type: "error",
    code: "unavailable",
    message: `Checkpoints are off in this session${reason ? `: ${reason}` : ""}`,
  };
}

/** The answer to `list_checkpoints`. */
export async function listCheckpointsOp(
  checkpoints: Checkpoints | undefined,
  reason: string | undefined,
): Promise<AgentEventBody> {
  if (!checkpoints) return unavailable(reason);
  try {
    return { type: "checkpoints", checkpoints: await checkpoints.list() };
  } catch (error) {
    return { type: "error", code: "engine_error", message: messageOf(error) };
  }
}

/**
 * Restores files for a `rewind` op; answers `rewound`, or an `error` (`conflict` when a
 * file changed since, `invalid_op` when there is nothing to rewind to). `prompts` is the
 * number of prompts the conversation holds now, to check a conversation cut against.
 */
export async function rewindOp(
  checkpoints: Checkpoints | undefined,
  reason: string | undefined,
  op: RewindOp,
  prompts: number,
): Promise<AgentEventBody[]> {
  if (!checkpoints) return [unavailable(reason)];
  try {
    const result = await checkpoints.rewind(op);
    const events: AgentEventBody[] = [];
    const toPrompt = result.target.kind === "prompt" ? result.target.prompt : undefined;
    const cut = op.conversation && toPrompt !== undefined && toPrompt <= prompts;
    if (op.conversation && !cut) {
      events.push({
        type: "notice",
        level: "info",
        message: "The conversation was left as it is: that checkpoint is not a prompt of it",
      });
    }
    if (result.note) events.push({ type: "notice", level: "warning", message: result.note });
    events.push({
      type: "rewound",
      checkpointId: result.checkpointId,
      target: result.target.id,
      restored: result.restored,
      created: result.created,
      removed: result.removed,
      skipped: result.skipped,
      ...(cut ? { conversation: { toPrompt: toPrompt! } } : {}),
    });
    return events;
  } catch (error) {
    if (error instanceof ConflictError) {
      return [{ type: "error", code: "conflict", message: error.message }];
    }
    const code = error instanceof NothingToRewindError ? "invalid_op" : "engine_error";
    return [{ type: "error", code, message: messageOf(error) }];
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
