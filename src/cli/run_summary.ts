/**
 * Collects what a headless run did from its events, for the final JSON object
 * (fields as Nanocoder's run mode: kind, exitCode, finalText, reasoning, toolCalls,
 * filesChanged, usage).
 */
import type { AgentEventBody, DoneReason, StopReason } from "../protocol.ts";
import { assertNever } from "../errors.ts";

/** One tool call in the summary. */
export interface SummaryToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  ok?: boolean;
  summary?: string;
}

/**
 * Why the run ended: the `done` event's reason, or, for a run that completed on a cut-off
 * answer, why the model stopped (`max_tokens`: the output limit; `refusal`).
 */
export type RunEndReason = DoneReason | Exclude<StopReason, "end_turn">;

/**
 * Tokens of the whole run: the sum over every model call (answers and compaction
 * summaries). `contextUsed`, `contextMax` and `contextPercent` are the last context fill,
 * as in `context` (kept here for scripts that read them from `usage`).
 */
export interface RunUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Model calls counted. */
  calls: number;
  /** "server" when the server reported every call's figures, else "estimate". */
  source: "server" | "estimate";
  contextUsed: number;
  contextMax: number;
  contextPercent: number;
}

/** How full the context was after the last model call. */
export interface ContextFill {
  used: number;
  max: number;
  percent: number;
  source: "server" | "estimate";
}

/** The final object of `--output-format json` and `stream-json`. */
export interface RunResult {
  kind: "result";
  exitCode: number;
  reason: RunEndReason;
  finalText: string;
  reasoning: string;
  toolCalls: SummaryToolCall[];
  filesChanged: string[];
  /** Null when the run made no model call. */
  usage: RunUsage | null;
  context: ContextFill | null;
  provider: string;
  model: string;
  errors: string[];
}

/** Accumulates events into a RunResult. */
export class RunSummary {
  #reasoning = "";
  #calls: SummaryToolCall[] = [];
  /** The latest call of each id: servers that send no ids get `call_0` every turn. */
  #byId = new Map<string, SummaryToolCall>();
  #files = new Set<string>();
  /** The run's model calls, summed. */
  #modelCalls: Omit<RunUsage, "contextUsed" | "contextMax" | "contextPercent"> | null = null;
  #context: ContextFill | null = null;
  #errors: string[] = [];
  #finalText = "";
  #reason: RunEndReason = "error";

  constructor(public provider: string, public model: string) {}

  add(event: AgentEventBody): void {
    switch (event.type) {
      case "session_configured":
        this.provider = event.provider;
        this.model = event.model;
        break;
      case "assistant_message":
        // The complete message, not the deltas: a dropped and re-requested stream's
        // reasoning is void, and reasoning written as `<think>` in the text counts too.
        if (event.reasoning) {
          this.#reasoning += (this.#reasoning ? "\n\n" : "") + event.reasoning;
        }
        break;
      case "tool_call_started": {
        const call = { id: event.callId, name: event.name, arguments: event.arguments };
        this.#calls.push(call);
        this.#byId.set(event.callId, call);
        break;
      }
      case "tool_call_ended": {
        const call = this.#byId.get(event.callId);
        if (call) Object.assign(call, { ok: event.ok, summary: event.summary });
        for (const file of event.filesChanged ?? []) this.#files.add(file);
        break;
      }
      case "usage": {
        // One event per model answer, with that call's figures; one with none (a resumed
        // session's start) moves only the context.
        const { contextUsed: used, contextMax: max, contextPercent: percent, source } = event.usage;
        this.#context = { used, max, percent, source };
        if (event.usage.promptTokens || event.usage.totalTokens) this.#addCall(event.usage, source);
        break;
      }
      case "compacted":
        if (event.usage) this.#addCall(event.usage, event.usage.source);
        break;
      case "error":
        this.#errors.push(event.message);
        break;
      case "done":
        this.#finalText = event.finalText;
        this.#reason = event.reason === "completed" && event.stopReason &&
            event.stopReason !== "end_turn"
          ? event.stopReason
          : event.reason;
        break;
      case "run_started":
      case "turn_start":
      case "text_delta":
      case "reasoning_delta":
      case "turn_restart":
      case "retry":
      case "approval_request":
      case "approval_resolved":
      case "tool_output":
      case "compaction_started":
      case "mode_changed":
      case "mcp_status":
      case "models":
      case "conversation_cleared":
      case "mcp_resources":
      case "mcp_login_url":
      case "elicitation_request":
      case "elicitation_resolved":
      case "notice":
      case "tasks_updated":
      case "checkpoints":
      case "rewound":
        break;
      default:
        assertNever(event);
    }
  }

  #addCall(
    call: { promptTokens: number; completionTokens: number; totalTokens: number },
    source: "server" | "estimate",
  ): void {
    const sum = this.#modelCalls ??= {
      promptTokens: 0,
      completionTokens: 0,
      totalTokens: 0,
      calls: 0,
      source: "server",
    };
    sum.promptTokens += call.promptTokens;
    sum.completionTokens += call.completionTokens;
    sum.totalTokens += call.totalTokens || call.promptTokens + call.completionTokens;
    sum.calls++;
    if (source === "estimate") sum.source = "estimate";
  }

  result(exitCode: number): RunResult {
    return {
      kind: "result",
      exitCode,
      reason: this.#reason,
      finalText: this.#finalText,
      reasoning: this.#reasoning,
      toolCalls: [...this.#calls],
      filesChanged: [...this.#files].sort(),
      usage: this.#modelCalls && {
        ...this.#modelCalls,
        contextUsed: this.#context?.used ?? 0,
        contextMax: this.#context?.max ?? 0,
        contextPercent: this.#context?.percent ?? 0,
      },
      context: this.#context,
      provider: this.provider,
      model: this.model,
      errors: this.#errors,
    };
  }
}
