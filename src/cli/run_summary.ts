/**
 * Collects what a headless run did from its events, for the final JSON object
 * (fields as Nanocoder's run mode: kind, exitCode, finalText, reasoning, toolCalls,
 * filesChanged, usage).
 */
import type { AgentEventBody, DoneReason, UsageInfo } from "../protocol.ts";
import { assertNever } from "../errors.ts";

/** One tool call in the summary. */
export interface SummaryToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  ok?: boolean;
  summary?: string;
}

/** The final object of `--output-format json` and `stream-json`. */
export interface RunResult {
  kind: "result";
  exitCode: number;
  reason: DoneReason;
  finalText: string;
  reasoning: string;
  toolCalls: SummaryToolCall[];
  filesChanged: string[];
  usage: UsageInfo | null;
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
  #usage: UsageInfo | null = null;
  #errors: string[] = [];
  #finalText = "";
  #reason: DoneReason = "error";

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
      case "usage":
        this.#usage = event.usage;
        break;
      case "error":
        this.#errors.push(event.message);
        break;
      case "done":
        this.#finalText = event.finalText;
        this.#reason = event.reason;
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
      case "compacted":
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

  result(exitCode: number): RunResult {
    return {
      kind: "result",
      exitCode,
      reason: this.#reason,
      finalText: this.#finalText,
      reasoning: this.#reasoning,
      toolCalls: [...this.#calls],
      filesChanged: [...this.#files].sort(),
      usage: this.#usage,
      provider: this.provider,
      model: this.model,
      errors: this.#errors,
    };
  }
}
