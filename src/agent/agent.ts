/**
 * The turn loop: prompt → model → tool calls → results → model … until the model
 * answers without calling a tool, the turn limit is hit, or the run is cancelled.
 *
 * `run()` is an async generator of AgentEvent (src/protocol.ts); ops (approve, deny,
 * cancel, compact, set_mode) come in through `send()`. Tools run only from a complete
 * assistant message, one after another, so a stream that dropped and was re-requested
 * never executes anything twice, and two edits to one file stay ordered.
 */
import type { AgentEvent, AgentMode, AgentOp, DoneReason, ToolKind } from "../protocol.ts";
import type { ChatClient, ChatMessage, ChatResult, ToolCall, ToolSpec } from "../ai/types.ts";
import type { ToolCallingMode } from "../config/types.ts";
import { assertNever, CancelledError, ProviderError } from "../errors.ts";
import type { ToolRegistry } from "../tools/registry.ts";
import { resolveCall, runTool } from "../tools/executor.ts";
import type { ToolContext, ToolPreview, ToolResult } from "../tools/tool.ts";
import { decideApproval } from "./approval.ts";
import { pump } from "./pump.ts";
import { createCallFailureTracker } from "./failures.ts";
import {
  type CallOutcome,
  type ParsedTurn,
  type TextCalls,
  textCallsFor,
  textFormatInstructions,
} from "./text_calls.ts";
import type { ContextManager } from "./context.ts";

/** Error messages of servers that refuse a request for its `tools`. */
const TOOLS_REFUSED =
  /does not support tools|tools? (?:are |is )?not supported|--jinja|enable-auto-tool-choice/i;

/** What the agent needs to run. */
export interface AgentOptions {
  client: ChatClient;
  model: string;
  registry: ToolRegistry;
  cwd: string;
  allowedDirs?: readonly string[];
  mode: AgentMode;
  systemPrompt: string;
  /** Model requests allowed per prompt before the run stops (default 100). */
  maxTurns?: number;
  toolCalling?: ToolCallingMode;
  /** Counts tokens, reports usage and compacts the history; optional in tests. */
  context?: ContextManager;
  /** Characters of a tool result sent to the model. */
  resultBudget?: number;
  /**
   * Waits for a tool that is not registered yet (an MCP server still connecting);
   * resolves to whether it arrived.
   */
  waitForTool?: (name: string) => Promise<boolean>;
  /** Tools the user's config approves without asking (MCP `alwaysAllow`). */
  alwaysAllowed?: (name: string) => boolean;
}

/** One tool call as a frontend's summary sees it. */
export interface ToolCallRecord {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  ok: boolean;
  summary?: string;
}

/** The agent: history plus the loop. One `run()` at a time. */
export class Agent {
  readonly options: AgentOptions;
  /** The conversation without the system prompt. */
  readonly history: ChatMessage[] = [];
  mode: AgentMode;
  #abort = new AbortController();
  #approvals = new Map<string, (op: AgentOp) => void>();
  #alwaysAllowed = new Set<string>();
  #knownFiles = new Map<string, string>();
  #compactRequested = false;
  #callCounter = 0;
  /** The server refused `tools` (auto mode): tools travel as text from then on. */
  #nativeToolsRefused = false;

  constructor(options: AgentOptions) {
    this.options = options;
    this.mode = options.mode;
  }

  /** Takes an op from a frontend. Safe to call at any time, also while `run()` is paused. */
  send(op: AgentOp): void {
    switch (op.type) {
      case "approve":
      case "deny": {
        const resolve = this.#approvals.get(op.callId);
        if (resolve) {
          this.#approvals.delete(op.callId);
          resolve(op);
        }
        return;
      }
      case "cancel":
        this.#abort.abort(new CancelledError());
        for (const resolve of this.#approvals.values()) resolve({ type: "cancel" });
        this.#approvals.clear();
        return;
      case "compact":
        this.#compactRequested = true;
        return;
      case "set_mode":
        this.mode = op.mode;
        return;
      case "prompt":
        throw new Error("Send prompts with run()");
      default:
        assertNever(op);
    }
  }

  /** Runs one prompt to the end, yielding events; the last event is always `done`. */
  async *run(prompt: string): AsyncGenerator<AgentEvent> {
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
    const signal = this.#abort.signal;
    const maxTurns = this.options.maxTurns ?? 100;
    const text = textCallsFor(this.options.toolCalling ?? "auto", this.options.registry);
    const failures = createCallFailureTracker();
    this.history.push({ role: "user", content: prompt });
    let finalText = "";
    let reason: DoneReason = "completed";
    // Calls of the current turn and the results they got so far: on any exit the
    // history gets a result for every call, so the next request stays valid.
    let turnCalls: ParsedTurn | undefined;
    const results: CallOutcome[] = [];
    const closeTurn = (why: string) => {
      if (!turnCalls) return;
      const done = new Set(results.map((r) => r.call));
      for (const call of turnCalls.calls) {
        if (!done.has(call)) results.push({ call, output: why, ok: false });
      }
      this.history.push(...text.resultMessages(results, turnCalls.errors));
      turnCalls = undefined;
      results.length = 0;
    };
    try {
      turns: for (let turn = 1;; turn++) {
        signal.throwIfAborted();
        if (turn > maxTurns) {
          reason = "max_turns";
          yield {
            type: "error",
            code: "max_turns",
            message: `Stopped after ${maxTurns} model turn${
              maxTurns === 1 ? "" : "s"
            } without finishing (raise the limit with --max-turns)`,
          };
          break;
        }
        yield { type: "turn_start", turn };
        const result = yield* this.#requestTurn(text, signal);
        const parsed = text.parse(result);
        finalText = parsed.visibleText;
        this.history.push(parsed.assistantMessage);
        yield {
          type: "assistant_message",
          text: parsed.visibleText,
          reasoning: [result.reasoning, parsed.textReasoning].filter(Boolean).join("\n\n"),
        };
        if (parsed.calls.length === 0 && parsed.errors.length === 0) break;
        turnCalls = parsed;
        for (const call of parsed.calls) {
          const outcome = yield* this.#runCall(call, signal);
          results.push({ call, output: outcome.output, ok: outcome.ok });
          const stop = failures.record(call.function.name, outcome);
          if (stop) {
            closeTurn("Not run: the run was stopped.");
            yield { type: "error", code: "repeated_tool_failure", message: stop };
            reason = "error";
            break turns;
          }
        }
        for (const error of parsed.errors) {
          const stop = failures.record(error.name, { ok: false, output: error.message });
          if (stop) {
            closeTurn("Not run: the run was stopped.");
            yield { type: "error", code: "repeated_tool_failure", message: stop };
            reason = "error";
            break turns;
          }
        }
        closeTurn("Not run.");
      }
    } catch (error) {
      if (signal.aborted || error instanceof CancelledError) {
        reason = "cancelled";
        closeTurn("Cancelled by the user before it ran.");
      } else {
        reason = "error";
        closeTurn("Not run: the run failed.");
        const code = error instanceof ProviderError ? error.code : "engine_error";
        yield { type: "error", code, message: (error as Error).message ?? String(error) };
      }
    }
    yield { type: "done", reason, finalText };
  }

  /** Sends the history to the model, retrying once after a compaction if it overflowed. */
  async *#requestTurn(
    text: TextCalls,
    signal: AbortSignal,
  ): AsyncGenerator<AgentEvent, ChatResult> {
    const context = this.options.context;
    if (context) {
      const forced = this.#compactRequested;
      this.#compactRequested = false;
      yield* context.beforeRequest(this.history, this.#tools(text), { force: forced, signal });
    }
    let compacted = false;
    while (true) {
      try {
        const result = yield* this.#stream(text, signal);
        if (context) yield* context.afterResponse(this.history, this.#tools(text), result);
        return result;
      } catch (error) {
        if (this.#refusesNativeTools(error, text)) {
          this.#nativeToolsRefused = true;
          yield {
            type: "notice",
            level: "warning",
            message: `The server does not take native tool calls (${
              (error as Error).message
            }): asking for tool calls as text instead (set "toolCalling": "xml" to skip this)`,
          };
          continue;
        }
        const overflow = error instanceof ProviderError &&
          error.code === "context_length_exceeded";
        if (!overflow || !context || compacted) throw error;
        compacted = true;
        yield {
          type: "notice",
          level: "warning",
          message: "The server says the context is full: compacting the history and retrying",
        };
        yield* context.beforeRequest(this.history, this.#tools(text), {
          force: true,
          signal,
          afterOverflow: true,
        });
      }
    }
  }

  #tools(text: TextCalls): ToolSpec[] {
    return text.sendsNativeTools && !this.#nativeToolsRefused ? this.options.registry.specs() : [];
  }

  /**
   * Whether a failed request was refused for carrying `tools` (Ollama models without
   * tool support, llama.cpp without --jinja, vLLM without a tool parser): in auto mode
   * the turn is then asked again with tool calls as text.
   */
  #refusesNativeTools(error: unknown, text: TextCalls): boolean {
    const refused = error instanceof ProviderError && error.code === "tools_unsupported";
    if (!refused && (!(error instanceof ProviderError) || error.code !== "bad_request")) {
      return false;
    }
    if ((this.options.toolCalling ?? "auto") !== "auto" || this.#tools(text).length === 0) {
      return false;
    }
    return refused || TOOLS_REFUSED.test((error as Error).message);
  }

  #systemPrompt(): string {
    if (!this.#nativeToolsRefused) return this.options.systemPrompt;
    const format = textFormatInstructions("xml", this.options.registry);
    return format ? `${this.options.systemPrompt}\n\n${format}` : this.options.systemPrompt;
  }

  async *#stream(text: TextCalls, signal: AbortSignal): AsyncGenerator<AgentEvent, ChatResult> {
    const messages: ChatMessage[] = [
      { role: "system", content: this.#systemPrompt() },
      ...this.history,
    ];
    const tools = this.#tools(text);
    const display = text.display();
    return yield* pump<AgentEvent, ChatResult>((push) =>
      this.options.client.chat(
        {
          model: this.options.model,
          messages,
          tools: tools.length ? tools : undefined,
          contextWindow: this.options.context?.window,
        },
        {
          signal,
          onEvent: (event) => {
            switch (event.type) {
              case "text_delta": {
                const visible = display.push(event.text);
                if (visible) push({ type: "text_delta", text: visible });
                return;
              }
              case "reasoning_delta":
                push({ type: "reasoning_delta", text: event.text });
                return;
              case "tool_call_delta":
                return;
              case "retry":
                push(event);
                return;
              case "restart":
                display.reset();
                push({ type: "turn_restart", reason: event.reason });
                return;
              default:
                assertNever(event);
            }
          },
        },
      ).then((result) => {
        const rest = display.flush();
        if (rest) push({ type: "text_delta", text: rest });
        return result;
      })
    );
  }

  /** Validates, approves and runs one call; always returns what goes back to the model. */
  async *#runCall(call: ToolCall, signal: AbortSignal): AsyncGenerator<AgentEvent, ToolResult> {
    // A tool that finished despite a cancel (bash reports its kill as a result) must not
    // let the next call of the turn run after the user pressed Ctrl+C.
    signal.throwIfAborted();
    const callId = call.id || `call_${++this.#callCounter}`;
    const name = call.function.name;
    if (!this.options.registry.get(name) && this.options.waitForTool) {
      // An MCP server may take its whole connect timeout: Ctrl+C must not wait for it.
      await untilAborted(this.options.waitForTool(name), signal);
    }
    const resolved = resolveCall(this.options.registry, {
      name,
      arguments: call.function.arguments,
    });
    const kind: ToolKind = resolved.ok ? resolved.tool.kind : "read";
    yield { type: "tool_call_started", callId, name, kind, arguments: resolved.args };
    const end = (result: ToolResult): AgentEvent => ({
      type: "tool_call_ended",
      callId,
      name,
      ok: result.ok,
      result: result.output,
      summary: result.summary,
      diff: result.diff,
      filesChanged: result.filesChanged,
    });
    if (!resolved.ok) {
      const result = { ok: false, output: resolved.error };
      yield end(result);
      return result;
    }
    const ctx = this.#toolContext(signal);
    let preview: ToolPreview = {};
    try {
      preview = (await resolved.tool.preview?.(resolved.args, ctx)) ?? {};
    } catch (error) {
      preview = { warning: `Could not preview this call: ${(error as Error).message}` };
    }
    // A cancel during the preview: neither run the call nor wait for an approval that
    // nobody will give (the cancel resolved only the approvals already pending).
    signal.throwIfAborted();
    const decision = decideApproval({
      mode: this.mode,
      toolName: name,
      kind: resolved.tool.kind,
      preview,
      alwaysAllowed: (tool) =>
        this.#alwaysAllowed.has(tool) || this.options.alwaysAllowed?.(tool) === true,
    });
    if (decision.action === "deny") {
      const result = { ok: false, output: `Error: ${decision.reason}.` };
      yield end(result);
      return result;
    }
    if (decision.action === "allow" && decision.warning) {
      yield { type: "notice", level: "warning", message: `${name}: ${decision.warning}` };
    }
    if (decision.action === "ask") {
      const answer = new Promise<AgentOp>((resolve) => this.#approvals.set(callId, resolve));
      yield {
        type: "approval_request",
        callId,
        name,
        kind: resolved.tool.kind,
        arguments: resolved.args,
        diff: preview.diff,
        warning: decision.warning,
      };
      const op = await answer;
      if (op.type === "cancel" || signal.aborted) throw new CancelledError();
      if (op.type === "deny") {
        const why = op.reason ? `: ${op.reason}` : "";
        const result = {
          ok: false,
          // A person or a frontend's policy (run mode cannot ask) may deny: say neither.
          output: `This ${name} call was not approved${why}. Do not retry it unchanged.`,
        };
        yield end(result);
        return result;
      }
      if (op.type === "approve" && op.always) this.#alwaysAllowed.add(name);
    }
    const result = yield* pump<AgentEvent, ToolResult>((push) =>
      runTool(
        resolved.tool,
        resolved.args,
        { ...ctx, emitOutput: (chunk) => push({ type: "tool_output", callId, chunk }) },
        this.options.resultBudget,
      )
    );
    yield end(result);
    return result;
  }

  #toolContext(signal: AbortSignal): ToolContext {
    return {
      cwd: this.options.cwd,
      allowedDirs: this.options.allowedDirs ?? [],
      signal,
      knownFiles: this.#knownFiles,
    };
  }
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
