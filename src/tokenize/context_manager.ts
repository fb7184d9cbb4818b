/**
 * The agent's ContextManager (src/agent/context.ts) built from this module's parts: the
 * tracker reconciles counts with server usage, compaction runs before a request that would
 * not leave room for the answer, on `/compact`, and harder after a "context length exceeded".
 *
 * The agent's history excludes the system prompt, which it builds for each request from the
 * live state; the manager counts the one each request carries, through one message object
 * that is replaced only when the text changes, so its count stays cached.
 */

import type { ContextManager, RequestShape } from "../agent/context.ts";
import type { ChatClient, ChatMessage, ChatResult, ToolSpec, Usage } from "../ai/types.ts";
import type { AgentEventBody, UsageInfo } from "../protocol.ts";
import { ProviderError } from "../errors.ts";
import { compactMessages, needsCompaction } from "./compaction.ts";
import { loadTokenizer, tokenizerFor } from "./tokenizer.ts";
import { summaryRequestMessages } from "./summary_prompt.ts";
import { ContextTracker } from "./tracker.ts";
import { log } from "../log/mod.ts";

/** Options of {@link TokenContextManager}. */
export interface TokenContextOptions {
  model: string;
  /** ProviderConfig.tokenizer, if set. */
  tokenizer?: string;
  /** The model's window in tokens (resolveContextWindow). */
  contextWindow: number;
  /** Room kept for the answer; default 20% of the window, at most 8192. */
  reserveForAnswer?: number;
  /** Summarizes older messages; {@link summarizeWith} builds one from the chat client. */
  summarize: (older: ChatMessage[], signal?: AbortSignal) => Promise<string | Summary>;
  keepRecentTurns?: number;
  pinned?: (message: ChatMessage) => boolean;
  /**
   * Nanocoder's `autoCompact`: compact once a request fills `threshold` percent of the
   * window (down to half of it), or never before a request when not `enabled` (a server's
   * "context full" answer still compacts once). Without it: only when the answer would
   * not fit.
   */
  autoCompact?: { enabled: boolean; threshold: number };
}

/** A summary the model wrote, and what its request cost when the server said so. */
export interface Summary {
  text: string;
  usage?: Usage;
}

/** A summarizer that asks `model` through `client` (a non-streamed request, no tools). */
export function summarizeWith(
  client: ChatClient,
  model: string,
): (older: ChatMessage[], signal?: AbortSignal) => Promise<Summary> {
  return async (older, signal) => {
    const result = await client.chat(
      { model, messages: summaryRequestMessages(older), stream: false },
      { signal },
    );
    return { text: result.content, ...(result.usage ? { usage: result.usage } : {}) };
  };
}

/** Room a request needs beside the system prompt and tools: the prompt and a short answer. */
export const MIN_REQUEST_ROOM = 256;

/** Context fill (percent) from which the exact tokenizer is loaded. */
export const LOAD_EXACT_AT_PERCENT = 40;

/** Default room for the answer: 20% of the window, between 256 and 8192 tokens. */
export function defaultReserve(window: number): number {
  return Math.max(256, Math.min(8192, Math.floor(window * 0.2)));
}

/** Token counting, usage events and compaction for one agent. */
export class TokenContextManager implements ContextManager {
  readonly tracker: ContextTracker;
  readonly #opts: TokenContextOptions;
  #system: ChatMessage = { role: "system", content: "" };

  constructor(opts: TokenContextOptions) {
    this.#opts = opts;
    this.tracker = new ContextTracker(() => tokenizerFor(opts.model, opts.tokenizer));
  }

  get window(): number {
    return this.#opts.contextWindow;
  }

  get reserve(): number {
    return this.#opts.reserveForAnswer ?? defaultReserve(this.window);
  }

  /** The messages of the request: its system prompt and the history. */
  #request(history: readonly ChatMessage[], system: string): ChatMessage[] {
    if (this.#system.content !== system) this.#system = { role: "system", content: system };
    return [this.#system, ...history];
  }

  async *beforeRequest(
    history: ChatMessage[],
    { system, tools }: RequestShape,
    options: { force: boolean; signal: AbortSignal; afterOverflow?: boolean },
  ): AsyncGenerator<AgentEventBody, void> {
    this.#checkFits(system, tools);
    const used = this.tracker.used(this.#request(history, system), tools);
    if (!options.force && !this.#due(used)) return;
    const requested = options.force && !options.afterOverflow;
    yield {
      type: "compaction_started",
      reason: options.afterOverflow ? "overflow" : requested ? "requested" : "auto",
    };
    const count = (m: ChatMessage[]) =>
      this.tracker.calibratedEstimate(this.#request(m, system), tools);
    let budget = this.window - this.reserve;
    const auto = this.#opts.autoCompact;
    // Down to half the threshold, so the next turns do not compact again at once.
    if (auto) budget = Math.min(budget, Math.floor((this.window * auto.threshold) / 200));
    // The server counted more than we did: aim well under our own figure.
    if (options.afterOverflow) budget = Math.min(budget, Math.floor(count(history) * 0.7));
    let result;
    // What the summary request cost: the server's figures, else estimates.
    let summaryUsage: (Usage & { source: "server" | "estimate" }) | undefined;
    const summarize = async (older: ChatMessage[], signal?: AbortSignal) => {
      const summary = await this.#opts.summarize(older, signal);
      const text = typeof summary === "string" ? summary : summary.text;
      summaryUsage = typeof summary !== "string" && summary.usage
        ? { ...summary.usage, source: "server" }
        : {
          ...estimatedCall(this.tracker.estimate(older), this.tracker.estimate([reply(text)])),
          source: "estimate",
        };
      return text;
    };
    try {
      result = await compactMessages(history, {
        budget,
        count,
        summarize,
        // Asked for by the user: everything but the latest turn goes into the summary.
        keepRecentTurns: requested ? 1 : this.#opts.keepRecentTurns,
        pinned: this.#opts.pinned,
        force: requested,
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal.aborted) throw error;
      yield {
        type: "notice",
        level: "warning",
        message: `Could not compact the conversation: ${(error as Error).message ?? error}`,
      };
      const tokens = count(history);
      yield { type: "compacted", tokensBefore: tokens, tokensAfter: tokens };
      return;
    }
    if (result.stage !== "none") {
      history.splice(0, history.length, ...result.messages);
      this.tracker.reset();
    }
    log.info("compaction", {
      reason: options.afterOverflow ? "overflow" : requested ? "requested" : "auto",
      stage: result.stage,
      before: result.tokensBefore,
      after: result.tokensAfter,
    });
    yield {
      type: "compacted",
      tokensBefore: result.tokensBefore,
      tokensAfter: result.tokensAfter,
      ...(result.summary !== undefined ? { summary: result.summary } : {}),
      ...(summaryUsage ? { usage: summaryUsage } : {}),
    };
    if (result.overBudget) {
      yield {
        type: "notice",
        level: "warning",
        message: `The conversation still fills ${result.tokensAfter} of ${this.window} tokens ` +
          `after compaction: the model may refuse it (raise --context-max if the server allows)`,
      };
    }
  }

  /**
   * Refuses a request whose system prompt and tools alone leave no room in the window:
   * the server would reject it, and no compaction can help.
   */
  #checkFits(system: string, tools: ToolSpec[]): void {
    const fixed = this.tracker.calibratedEstimate([this.#request([], system)[0]], tools);
    if (fixed + MIN_REQUEST_ROOM <= this.window) return;
    const mcp = tools.filter((t) => t.function.name.startsWith("mcp__")).length;
    const what = tools.length
      ? `the system prompt and ${tools.length} tool definitions${
        mcp ? ` (${mcp} from MCP servers)` : ""
      }`
      : "the system prompt";
    throw new ProviderError(
      `The request cannot fit the model's context window: ${what} alone take about ` +
        `${fixed} of its ${this.window} tokens, leaving less than ${MIN_REQUEST_ROOM} for the ` +
        `prompt and the answer. Give the model's real window with --context-max (or ` +
        `"contextWindow"; a server started with a small one needs a larger one: llama.cpp -c, ` +
        `Ollama num_ctx), or offer fewer tools (fewer MCP servers, "disabledTools")`,
      { code: "context_length_exceeded" },
    );
  }

  /** Whether a request of `used` tokens calls for compaction before it is sent. */
  #due(used: number): boolean {
    const auto = this.#opts.autoCompact;
    if (!auto) return needsCompaction(used, this.window, this.reserve);
    if (!auto.enabled) return false;
    return used >= (this.window * auto.threshold) / 100 ||
      needsCompaction(used, this.window, this.reserve);
  }

  usage(history: readonly ChatMessage[], { system, tools }: RequestShape): UsageInfo {
    return this.tracker.usageInfo(this.#request(history, system), tools, this.window);
  }

  async *afterResponse(
    history: ChatMessage[],
    { system, tools }: RequestShape,
    result: ChatResult,
  ): AsyncGenerator<AgentEventBody, void> {
    const sent = this.#request(history, system);
    if (result.usage) this.tracker.recordUsage(sent.length, result.usage, sent, tools);
    // The reply joins the history right after this: count it in the context shown.
    const answer: ChatMessage = {
      ...reply(result.content),
      ...(result.toolCalls.length ? { tool_calls: result.toolCalls } : {}),
    };
    // The event reports this call: the server's figures, else estimates (never the
    // figures of an earlier call, which would count twice in a run's total).
    const call = result.usage ??
      estimatedCall(this.tracker.used(sent, tools), this.tracker.estimate([answer]));
    const usage = this.tracker.usageInfo([...sent, answer], tools, this.window, call);
    // Ranks cost 0.1–0.7 s of CPU to load: short runs live with the heuristic (and the
    // server's own figures); the exact count matters once the window starts to fill.
    if (usage.contextPercent >= LOAD_EXACT_AT_PERCENT) {
      loadTokenizer(this.#opts.model, this.#opts.tokenizer).catch(() => {});
    }
    yield { type: "usage", usage };
  }
}

function reply(content: string): ChatMessage {
  return { role: "assistant", content };
}

function estimatedCall(promptTokens: number, completionTokens: number): Usage {
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}
