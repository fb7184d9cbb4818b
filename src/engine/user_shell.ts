/**
 * The `shell` op: a command the person typed (a frontend's `!ls`), run in the project
 * directory by the same execute_bash tool the model uses (sandbox, secret filtering,
 * timeouts, process-group kill), without asking — the person typed it. Its events look
 * like a tool call with `origin: "user"`, so every frontend shows it the way it shows
 * the model's commands. Its output is kept for the model and sent with the next prompt
 * (Nanocoder does the same: the output joins the conversation as the user's words), not
 * as a message of its own: some chat templates refuse two user messages in a row.
 */
import type { AgentEventBody, ContentBlock, ToolOutcome } from "../protocol.ts";
import { resolveCall, runTool } from "../tools/executor.ts";
import type { ToolRegistry } from "../tools/registry.ts";
import { pump } from "../agent/pump.ts";

/** Name of the tool that runs the command. */
const BASH = "execute_bash";

/** What running a user command needs from the session. */
export interface UserShellHost {
  registry: ToolRegistry;
  cwd: string;
  allowedDirs: readonly string[];
}

/** The outcome kept for the next prompt. */
export interface UserShellResult {
  /** The text block the model gets with the next prompt; undefined when nothing ran. */
  context?: ContentBlock;
  cancelled: boolean;
}

/**
 * Runs `command`, yielding `tool_call_started`, `tool_output` and `tool_call_ended`;
 * returns what the model should hear about it. Never throws: a cancel ends the call as
 * "cancelled", a missing tool (no --allow-run) as "failed" with the reason.
 */
export async function* runUserShell(
  host: UserShellHost,
  callId: string,
  command: string,
  signal: AbortSignal,
): AsyncGenerator<AgentEventBody, UserShellResult> {
  const args = { command };
  yield {
    type: "tool_call_started",
    callId,
    name: BASH,
    kind: "execute",
    activity: "execute",
    title: command,
    locations: [],
    arguments: args,
    origin: "user",
  };
  const ended = (outcome: ToolOutcome, result: string, exitCode?: number | null) => ({
    type: "tool_call_ended" as const,
    callId,
    name: BASH,
    outcome,
    ok: outcome === "ok",
    result,
    ...(exitCode !== undefined ? { exitCode } : {}),
  });
  const resolved = resolveCall(host.registry, { name: BASH, arguments: JSON.stringify(args) });
  if (!resolved.ok) {
    const reason = host.registry.disabled().find((d) => d.name === BASH)?.reason;
    const message = reason ? `Cannot run commands: ${reason}` : resolved.error;
    yield ended("failed", message);
    return { cancelled: false };
  }
  const ctx = { cwd: host.cwd, allowedDirs: host.allowedDirs, signal, knownFiles: new Map() };
  try {
    const result = yield* pump<AgentEventBody, Awaited<ReturnType<typeof runTool>>>((push) =>
      runTool(resolved.tool, resolved.args, {
        ...ctx,
        emitOutput: (chunk) => push({ type: "tool_output", callId, chunk }),
      })
    );
    const cancelled = signal.aborted;
    const outcome: ToolOutcome = cancelled ? "cancelled" : result.ok ? "ok" : "failed";
    yield ended(outcome, result.output, result.exitCode);
    return { cancelled, context: { type: "text", text: shellContext(command, result.output) } };
  } catch {
    // runTool throws only when cancelled.
    yield ended("cancelled", "Cancelled by the user.", null);
    return { cancelled: true };
  }
}

/**
 * The session's user commands: runs one at a time (the session refuses a second while
 * busy), stops it on cancel, and keeps the output of those that ran until the next
 * prompt takes it.
 */
export class UserShell {
  readonly #host: UserShellHost;
  #abort?: AbortController;
  #pending: ContentBlock[] = [];

  /** Commands run with the session's tools, in its project (and the dirs it may touch). */
  constructor(registry: ToolRegistry, project: { cwd: string; config: { allowedDirs: string[] } }) {
    this.#host = { registry, cwd: project.cwd, allowedDirs: project.config.allowedDirs };
  }

  /** Runs `command`: its tool events, then `done`. */
  async *run(runId: string, command: string): AsyncGenerator<AgentEventBody> {
    const abort = (this.#abort = new AbortController());
    try {
      const result = yield* runUserShell(this.#host, `shell_${runId}`, command, abort.signal);
      if (result.context) this.#pending.push(result.context);
      yield { type: "done", reason: result.cancelled ? "cancelled" : "completed", finalText: "" };
    } finally {
      this.#abort = undefined;
    }
  }

  /** Stops the command that runs, if any. */
  cancel(): void {
    this.#abort?.abort();
  }

  /** The output of commands run since the last prompt (given once). */
  takePending(): ContentBlock[] {
    return this.#pending.splice(0);
  }

  /** Forgets output not sent yet (the conversation was cleared). */
  clear(): void {
    this.#pending = [];
  }
}

/** How the model hears about a command the user ran (Nanocoder's wording). */
export function shellContext(command: string, output: string): string {
  return `Bash command output:\n\`\`\`\n$ ${command}\n${output.replace(/\n+$/, "")}\n\`\`\``;
}
