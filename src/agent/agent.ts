/**
 * The turn loop: prompt → model → tool calls → results → model … until the model
 * answers without calling a tool, the turn limit is hit, or the run is cancelled.
 *
 * `run()` is an async generator of events (src/protocol.ts); ops (approve, deny, cancel,
 * compact, set_mode) come in through `send()`. The live settings (client, model, mode,
 * tool calling, context manager, system prompt) are read at every request, so the engine
 * can change them between requests with `configure()`. Tools run only from a complete
 * assistant message, one after another, so a stream that dropped and was re-requested
 * never executes anything twice, and two edits to one file stay ordered.
 */
import type { AgentEventBody, AgentMode, AgentOp, DoneReason, StopReason } from "../protocol.ts";
import type { ChatMessage, ChatResult, ToolSpec, UserContentPart } from "../ai/types.ts";
import { assertNever, CancelledError, ProviderError } from "../errors.ts";
import type { ToolContext } from "../tools/tool.ts";
import { withUnansweredNotes } from "./unanswered.ts";
import { Allowances } from "./approval.ts";
import type { RequestShape } from "./context.ts";
import { createCallFailureTracker } from "./failures.ts";
import { checkTurnCalls, endedNormally } from "./limits.ts";
import { refusesNativeTools, stopReasonOf, streamTurn } from "./request.ts";
import {
  type CallOutcome,
  type ParsedTurn,
  type TextCalls,
  textCallsFor,
  textFormatInstructions,
} from "./text_calls.ts";
import { type CallHost, runToolCall } from "./tool_call.ts";
import type { AgentOptions, AgentSettings } from "./options.ts";

export type { AgentOptions, AgentSettings, PromptView } from "./options.ts";

/** The agent: history plus the loop. One `run()` at a time. */
export class Agent {
  readonly options: AgentOptions;
  /** The conversation without the system prompt. */
  readonly history: ChatMessage[] = [];
  #settings: AgentSettings;
  #abort = new AbortController();
  #approvals = new Map<string, (op: AgentOp) => void>();
  #allowances = new Allowances();
  #knownFiles = new Map<string, string>();
  #compactRequested = false;
  #callCounter = 0;
  /** The server refused `tools` (auto mode): tools travel as text until the model changes. */
  #nativeToolsRefused = false;

  constructor(options: AgentOptions) {
    this.options = options;
    this.#settings = { ...options };
  }

  get mode(): AgentMode {
    return this.#settings.mode;
  }

  get settings(): Readonly<AgentSettings> {
    return this.#settings;
  }

  /** Changes live settings; a new client or model may take native tools again. */
  configure(changes: Partial<AgentSettings>): void {
    if (changes.client || changes.model !== undefined) this.#nativeToolsRefused = false;
    this.#settings = { ...this.#settings, ...changes };
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
        this.configure({ mode: op.mode });
        return;
      case "prompt":
      case "set_model":
      case "list_models":
      case "shell":
      case "clear":
      case "list_checkpoints":
      case "rewind":
      case "list_mcp_resources":
      case "mcp_login":
      case "elicitation_response":
        throw new Error(`The engine handles "${op.type}", not the agent`);
      default:
        assertNever(op);
    }
  }

  /** Forgets the conversation (a frontend's /clear): history, files seen, a pending compaction. */
  clear(): void {
    this.history.length = 0;
    this.#knownFiles.clear();
    this.#compactRequested = false;
  }

  /** Whether an approval request with this call id is waiting for an answer. */
  isWaitingFor(callId: string): boolean {
    return this.#approvals.has(callId);
  }

  /**
   * Runs one prompt to the end, yielding events; the last event is always `done`. A
   * cancel sent before it starts (while the engine prepares the prompt) cancels it.
   */
  async *run(prompt: string | UserContentPart[]): AsyncGenerator<AgentEventBody> {
    const signal = this.#abort.signal;
    try {
      if (signal.aborted) yield { type: "done", reason: "cancelled", finalText: "" };
      else yield* this.#run(prompt, signal);
    } finally {
      this.#renewAbort();
    }
  }

  async *#run(
    prompt: string | UserContentPart[],
    signal: AbortSignal,
  ): AsyncGenerator<AgentEventBody> {
    const maxTurns = this.options.maxTurns ?? 100;
    const text = textCallsFor(
      this.#settings.toolCalling ?? "auto",
      this.options.registry,
      () => `text_call_${++this.#callCounter}`,
    );
    const failures = createCallFailureTracker();
    this.history.push({ role: "user", content: prompt });
    let finalText = "";
    let reason: DoneReason = "completed";
    let stopReason: StopReason | undefined;
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
    const stopFor = function* (message: string) {
      closeTurn("Not run: the run was stopped.");
      yield { type: "error" as const, code: "repeated_tool_failure" as const, message };
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
        stopReason = stopReasonOf(result.finishReason);
        this.history.push(parsed.assistantMessage);
        yield {
          type: "assistant_message",
          text: parsed.visibleText,
          reasoning: [result.reasoning, parsed.textReasoning].filter(Boolean).join("\n\n"),
          ...(stopReason !== "end_turn" ? { stopReason } : {}),
        };
        if (parsed.calls.length === 0 && parsed.errors.length === 0) break;
        turnCalls = parsed;
        const check = checkTurnCalls(parsed.calls, result.finishReason);
        for (const message of check.notices) yield { type: "notice", level: "warning", message };
        const writtenAsText = parsed.callsWrittenAsText && this.#offersNativeTools(text);
        const complete = endedNormally(result.finishReason);
        for (const call of parsed.calls) {
          const callId = call.id || `call_${++this.#callCounter}`;
          const refusal = check.refused.get(call);
          const outcome = yield* runToolCall(
            this.#callHost(),
            { call, callId, writtenAsText, refusal, complete },
            signal,
          );
          results.push({ call, output: outcome.output, ok: outcome.ok });
          const stop = failures.record(call.function.name, call.function.arguments, outcome);
          if (stop) {
            yield* stopFor(stop);
            reason = "error";
            break turns;
          }
        }
        for (const error of parsed.errors) {
          // The markup was unusable: its message stands for the arguments.
          const stop = failures.record(error.name, "", { ok: false, output: error.message });
          if (stop) {
            yield* stopFor(stop);
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
    const stopped = reason === "completed" && stopReason && stopReason !== "end_turn";
    yield { type: "done", reason, finalText, ...(stopped ? { stopReason } : {}) };
  }

  /**
   * Compacts the history now (the `compact` op while no prompt runs): yields
   * `compaction_started`, `compacted` and a fresh `usage`.
   */
  async *compactNow(): AsyncGenerator<AgentEventBody> {
    const context = this.#settings.context;
    if (!context) {
      yield { type: "notice", level: "info", message: "This session does not manage context" };
      return;
    }
    const signal = this.#abort.signal;
    const request = this.requestShape();
    try {
      yield* context.beforeRequest(this.history, request, { force: true, signal });
    } catch (error) {
      if (!signal.aborted) throw error;
      yield { type: "notice", level: "info", message: "Compaction cancelled" };
    } finally {
      this.#renewAbort();
    }
    this.#compactRequested = false;
    // The context figure only: the summary call's cost is in `compacted`.
    const usage = { ...context.usage(this.history, request), promptTokens: 0, completionTokens: 0 };
    yield { type: "usage", usage: { ...usage, totalTokens: 0 } };
  }

  /** Sends the history to the model, retrying once after a compaction if it overflowed. */
  async *#requestTurn(
    text: TextCalls,
    signal: AbortSignal,
  ): AsyncGenerator<AgentEventBody, ChatResult> {
    const context = this.#settings.context;
    if (context) {
      const force = this.#compactRequested;
      this.#compactRequested = false;
      yield* context.beforeRequest(this.history, this.requestShape(text), { force, signal });
    }
    let compacted = false;
    while (true) {
      // Built from the live state for each request: mode, tools, text format.
      const request = this.requestShape(text);
      const { client, model } = this.#settings;
      try {
        const result = yield* streamTurn(
          client,
          {
            model,
            messages: [
              { role: "system", content: request.system },
              ...withUnansweredNotes(this.history),
            ],
            tools: request.tools.length ? request.tools : undefined,
            // The client derives a local server's output limit from the window.
            contextWindow: context?.window,
          },
          text.display(),
          signal,
        );
        if (context) yield* context.afterResponse(this.history, request, result);
        return result;
      } catch (error) {
        const toolCalling = this.#settings.toolCalling ?? "auto";
        if (refusesNativeTools(error, toolCalling, request.tools.length > 0)) {
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
        yield* context.beforeRequest(this.history, request, {
          force: true,
          signal,
          afterOverflow: true,
        });
      }
    }
  }

  /** After a cancelled run, the next one starts with a live signal. */
  #renewAbort(): void {
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
  }

  #offersNativeTools(text: TextCalls): boolean {
    return text.sendsNativeTools && !this.#nativeToolsRefused;
  }

  /** The system prompt and tools of the next request, from the live state. */
  requestShape(
    text = textCallsFor(this.#settings.toolCalling ?? "auto", this.options.registry),
  ): RequestShape {
    const tools: ToolSpec[] = this.#offersNativeTools(text) ? this.options.registry.specs() : [];
    const mode = this.#settings.toolCalling ?? "auto";
    const format = mode === "xml" || mode === "json"
      ? mode
      : this.#nativeToolsRefused
      ? "xml"
      : undefined;
    const textToolFormat = format && textFormatInstructions(format, this.options.registry);
    const prompt = this.#settings.systemPrompt;
    const system = typeof prompt === "function"
      ? prompt({ mode: this.#settings.mode, textToolFormat })
      : textToolFormat
      ? `${prompt}\n\n${textToolFormat}`
      : prompt;
    return { system, tools };
  }

  #callHost(): CallHost {
    const {
      registry,
      cwd,
      allowedDirs = [],
      resultBudget,
      waitForTool,
      alwaysAllowed,
      beforeToolRuns,
      instructionsFor,
      files,
      terminal,
    } = this.options;
    return {
      registry,
      cwd,
      allowedDirs,
      resultBudget,
      waitForTool,
      beforeToolRuns,
      instructionsFor,
      mode: () => this.#settings.mode,
      isAllowed: (key) => this.#allowances.isAllowed(key) || alwaysAllowed?.(key) === true,
      isDenied: (key) => this.#allowances.isDenied(key),
      remember: (answer, scope) =>
        answer === "allow" ? this.#allowances.allow(scope) : this.#allowances.deny(scope),
      answer: (callId) => new Promise<AgentOp>((resolve) => this.#approvals.set(callId, resolve)),
      toolContext: (signal): ToolContext => ({
        cwd,
        allowedDirs,
        signal,
        knownFiles: this.#knownFiles,
        allowGitWrites: this.options.allowGitWrites,
        ...(files ? { files } : {}),
        ...(terminal ? { terminal } : {}),
      }),
    };
  }
}
