/**
 * One tool call from start to end: resolve and validate it, describe it (title,
 * locations, the preview of a write) in every mode, decide on approval (asking a person
 * when needed), run it, and report what it changed. Every path ends with one
 * `tool_call_ended` and returns what goes back to the model.
 */
import type {
  AgentEventBody,
  AgentMode,
  AgentOp,
  ToolCallPreview,
  ToolOutcome,
} from "../protocol.ts";
import type { ToolCall } from "../ai/types.ts";
import { CancelledError } from "../errors.ts";
import type { ToolRegistry } from "../tools/registry.ts";
import { resolveCall, runTool } from "../tools/executor.ts";
import type { ToolContext, ToolPreview, ToolResult } from "../tools/tool.ts";
import { approvalScope, decideApproval } from "./approval.ts";
import { changesOf, describeCall, snapshotBefore } from "./call_info.ts";
import { pump } from "./pump.ts";

/** What a call needs from the agent that runs it. */
export interface CallHost {
  registry: ToolRegistry;
  cwd: string;
  allowedDirs: readonly string[];
  /** The mode now (it may change between calls). */
  mode(): AgentMode;
  resultBudget?: number;
  /** Waits for a tool not registered yet (an MCP server still connecting). */
  waitForTool?: (name: string) => Promise<boolean>;
  /** Awaited before the tool runs (the checkpoint before the prompt). */
  beforeToolRuns?: () => Promise<void>;
  /** Text added to a successful result for the paths it touched (nested AGENTS.md). */
  instructionsFor?: (paths: string[]) => Promise<string | undefined>;
  /** Whether "always" was answered for this scope key (session or config). */
  isAllowed(key: string): boolean;
  isDenied(key: string): boolean;
  /** Remembers an "always" answer. */
  remember(answer: "allow" | "deny", scope: { key: string; label: string }): void;
  /** Resolves with the frontend's answer to an approval request (or a cancel). */
  answer(callId: string): Promise<AgentOp>;
  toolContext(signal: AbortSignal): ToolContext;
}

/** One call to run. */
export interface CallRequest {
  call: ToolCall;
  callId: string;
  /** Written as text although native calls were offered: always asked about. */
  writtenAsText: boolean;
  /** When set, the call is not run and this is its result (limits, a cut-off message). */
  refusal?: string;
  /** The message ended normally (see `endedNormally`): its arguments were not cut off. */
  complete?: boolean;
}

/** What a call returns to the loop. */
export type CallOutcome = ToolResult & { outcome: ToolOutcome };

/** Runs one call; throws only CancelledError (or the signal's reason). */
export async function* runToolCall(
  host: CallHost,
  request: CallRequest,
  signal: AbortSignal,
): AsyncGenerator<AgentEventBody, CallOutcome> {
  // A tool that finished despite a cancel (bash reports its kill as a result) must not
  // let the next call of the turn run after the user pressed Ctrl+C.
  signal.throwIfAborted();
  const { call, callId, writtenAsText } = request;
  const name = call.function.name;
  if (!request.refusal && !host.registry.get(name) && host.waitForTool) {
    // An MCP server may take its whole connect timeout: Ctrl+C must not wait for it.
    await untilAborted(host.waitForTool(name), signal);
  }
  const resolved = request.refusal
    ? { ok: false as const, args: {}, error: request.refusal }
    : resolveCall(host.registry, {
      name,
      arguments: call.function.arguments,
      complete: request.complete,
    });
  const tool = resolved.ok ? resolved.tool : host.registry.get(name);
  const kind = tool?.kind ?? "read";
  const display = describeCall(name, tool, resolved.args, host.cwd);
  const ctx: ToolContext = { ...host.toolContext(signal), callId };
  let preview: ToolPreview = {};
  if (resolved.ok && resolved.tool.preview) {
    try {
      preview = await resolved.tool.preview(resolved.args, ctx);
    } catch (error) {
      preview = { warning: `Could not preview this call: ${(error as Error).message}` };
    }
  }
  // A cancel during the preview: neither run the call nor wait for an approval that
  // nobody will give (the cancel resolved only the approvals already pending).
  signal.throwIfAborted();
  const shown = previewOf(preview);
  const scope = approvalScope(name, preview);
  // Decided before the call is described, so the description can say what comes next
  // (an editor shows a call that runs now differently from one waiting for a person).
  const decision = resolved.ok
    ? decideApproval({
      mode: host.mode(),
      toolName: name,
      kind,
      preview,
      scope,
      writtenAsText,
      // The scope's key (a session's "always" answers), or the bare tool name (config's
      // `alwaysAllow` lists tool names, as Nanocoder's does).
      alwaysAllowed: (key) => host.isAllowed(key) || host.isAllowed(name),
      alwaysDenied: (key) => host.isDenied(key),
    })
    : undefined;
  yield {
    type: "tool_call_started",
    callId,
    name,
    kind,
    ...display,
    arguments: resolved.args,
    ...(shown ? { preview: shown } : {}),
    ...(writtenAsText ? { writtenAsText } : {}),
    ...(decision ? { approval: decision.action } : {}),
  };
  const end = (result: ToolResult, outcome: ToolOutcome): AgentEventBody => ({
    type: "tool_call_ended",
    callId,
    name,
    outcome,
    ok: outcome === "ok",
    result: result.output,
    summary: result.summary,
    diff: result.diff,
    filesChanged: result.filesChanged,
    ...(result.changes ? { changes: result.changes } : {}),
    ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
    ...(result.locations?.length ? { locations: result.locations } : {}),
  });
  const finish = function* (result: ToolResult, outcome: ToolOutcome) {
    yield end(result, outcome);
    return { ...result, outcome };
  };
  // A cancel from here on (an approval waiting, the snapshot, a tool that throws on it)
  // still ends the call the frontends were shown: every started call gets its end.
  let ran = false;
  try {
    return yield* decideAndRun();
  } catch (error) {
    if (signal.aborted || error instanceof CancelledError) {
      const output = `Cancelled by the user ${ran ? "while it ran" : "before it ran"}.`;
      yield end({ ok: false, output }, "cancelled");
    }
    throw error;
  }

  async function* decideAndRun(): AsyncGenerator<AgentEventBody, CallOutcome> {
    if (!resolved.ok) {
      if ("cutOff" in resolved && resolved.cutOff) {
        yield { type: "notice", level: "warning", message: `${name}: ${cutOffNotice}` };
      }
      return yield* finish({ ok: false, output: resolved.error }, "failed");
    }
    if (!decision) throw new Error(`No approval decision for the resolved call "${callId}"`);
    if (decision.action === "deny") {
      // A tool's own refusal is already the message its run would have returned.
      const output = preview.refuse ?? `Error: ${decision.reason}.`;
      return yield* finish({ ok: false, output }, "denied");
    }
    if (decision.action === "allow" && decision.warning) {
      yield { type: "notice", level: "warning", message: `${name}: ${decision.warning}` };
    }
    if (decision.action === "ask") {
      const answer = host.answer(callId);
      const always = decision.options.includes("allow_always");
      yield {
        type: "approval_request",
        callId,
        name,
        kind,
        title: display.title,
        arguments: resolved.args,
        ...(preview.diff ? { diff: preview.diff } : {}),
        ...(preview.changes ? { changes: preview.changes } : {}),
        ...(decision.warning ? { warning: decision.warning } : {}),
        options: decision.options,
        ...(always || decision.options.includes("reject_always") ? { scope } : {}),
      };
      const op = await answer;
      if (op.type === "cancel" || signal.aborted) {
        yield { type: "approval_resolved", callId, decision: "cancelled" };
        throw new CancelledError();
      }
      if (op.type === "deny") {
        const rememberDeny = op.always === true && decision.options.includes("reject_always");
        if (rememberDeny) host.remember("deny", scope);
        yield {
          type: "approval_resolved",
          callId,
          decision: rememberDeny ? "reject_always" : "reject_once",
          ...(rememberDeny ? { scope } : {}),
        };
        return yield* finish(
          { ok: false, output: deniedMessage(name, op.reason, writtenAsText) },
          "denied",
        );
      }
      const rememberAllow = op.type === "approve" && op.always === true && always;
      if (rememberAllow) host.remember("allow", scope);
      yield {
        type: "approval_resolved",
        callId,
        decision: rememberAllow ? "allow_always" : "allow_once",
        ...(rememberAllow ? { scope } : {}),
      };
    }
    // Nothing runs before the project's snapshot for undo is stored.
    if (host.beforeToolRuns) await untilAborted(host.beforeToolRuns(), signal);
    // A tool that previews its changes reports them itself; for others, read the files.
    const before = preview.changes ? undefined : await snapshotBefore(
      resolved.tool,
      display.locations,
      [host.cwd, ...host.allowedDirs],
    );
    ran = true;
    const result = yield* pump<AgentEventBody, ToolResult>((push) =>
      runTool(
        resolved.tool,
        resolved.args,
        { ...ctx, emitOutput: (chunk) => push({ type: "tool_output", callId, chunk }) },
        host.resultBudget,
        callId,
      )
    );
    const changes = await changesOf(result, before);
    const outcome: ToolOutcome = result.ok ? "ok" : signal.aborted ? "cancelled" : "failed";
    const paths = display.locations.map((l) => l.path);
    const extra = result.ok && paths.length ? await host.instructionsFor?.(paths) : undefined;
    const told = extra ? { ...result, output: `${result.output}${extra}` } : result;
    return yield* finish(changes ? { ...told, changes } : told, outcome);
  }
}

const cutOffNotice =
  "the call was cut off before it was complete (output limit): it was not run, and the model was asked to retry in smaller pieces";

function deniedMessage(name: string, reason: string | undefined, writtenAsText: boolean): string {
  const why = reason ? `: ${reason}` : "";
  // A person or a frontend's policy (run mode cannot ask) may deny: say neither.
  if (!writtenAsText) return `This ${name} call was not approved${why}. Do not retry it unchanged.`;
  return `This ${name} call was written as text instead of a native tool call, and calls ` +
    `written as text do not run without approval; it was not approved${why}. If you meant to ` +
    `call ${name}, make a native tool call.`;
}

function previewOf(preview: ToolPreview): ToolCallPreview | undefined {
  if (!preview.diff && !preview.changes && !preview.warning) return undefined;
  return {
    ...(preview.diff ? { diff: preview.diff } : {}),
    ...(preview.changes ? { changes: preview.changes } : {}),
    ...(preview.warning ? { warning: preview.warning } : {}),
  };
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() =>
    signal.removeEventListener("abort", onAbort)
  );
}
