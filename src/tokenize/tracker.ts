/**
 * How full the context is, reconciled with what the server reports.
 *
 * Estimates drift from the server's real count (chat templates, hidden tool prompts, other
 * vocabularies), so once the server reports `prompt_tokens` for a request, that figure becomes
 * the anchor: the context in use is the server's count for the messages it saw, plus the
 * estimate of the messages added since (the reply, tool results, the next prompt), plus the
 * change in tool schemas. If the history was rewritten (compaction, a cleared conversation),
 * the anchor no longer applies and the figure falls back to the estimate until the next usage.
 */

import type { ChatMessage, ToolSpec, Usage } from "../ai/types.ts";
import type { UsageInfo } from "../protocol.ts";
import { countMessage, countRequest, countTools } from "./count.ts";
import type { Tokenizer } from "./tokenizer.ts";

interface Anchor {
  /** The messages the server counted, by identity. */
  sent: ChatMessage[];
  promptTokens: number;
  toolTokens: number;
  usage: Usage;
}

/** Where a context figure came from. */
export type ContextSource = "server" | "estimate";

/** Tracks the context in use for one conversation. */
export class ContextTracker {
  readonly #tokenizer: () => Tokenizer;
  #anchor?: Anchor;
  /** Server count / our estimate for the same request (1 until known); survives reset(). */
  #ratio = 1;

  /**
   * @param tokenizer the tokenizer, or a function returning it (so counts switch from the
   *   heuristic to the exact tokenizer once it is loaded, e.g. `() => tokenizerFor(model)`).
   */
  constructor(tokenizer: Tokenizer | (() => Tokenizer)) {
    this.#tokenizer = typeof tokenizer === "function" ? tokenizer : () => tokenizer;
  }

  /** The estimate of a request with these messages and tools, ignoring server usage. */
  estimate(messages: readonly ChatMessage[], tools?: readonly ToolSpec[]): number {
    return countRequest(messages, tools, this.#tokenizer());
  }

  /**
   * Records the server's usage for a request that sent the first `messagesSentCount` messages
   * of `messages` (pass the history array; without it the prefix cannot be checked later).
   */
  recordUsage(
    messagesSentCount: number,
    usage: Usage,
    messages?: readonly ChatMessage[],
    tools?: readonly ToolSpec[],
  ): void {
    if (!(usage.promptTokens > 0)) return;
    const sent = messages ? messages.slice(0, messagesSentCount) : undefined;
    const estimated = sent ? this.estimate(sent, tools) : 0;
    const ratio = estimated > 0 ? usage.promptTokens / estimated : 1;
    this.#anchor = {
      sent: sent ?? new Array(messagesSentCount),
      promptTokens: usage.promptTokens,
      toolTokens: countTools(tools, this.#tokenizer()),
      usage,
    };
    // Clamped: a wildly different figure means something else changed, not the vocabulary.
    if (sent) this.#ratio = Math.min(2, Math.max(0.5, ratio));
  }

  /**
   * The estimate scaled by how far the last server count was from our estimate of the same
   * request: what a compaction budget should be checked with when the model's tokenizer is
   * only approximated (a Qwen model counted with Llama 3's vocabulary, say).
   */
  calibratedEstimate(messages: readonly ChatMessage[], tools?: readonly ToolSpec[]): number {
    return Math.round(this.estimate(messages, tools) * this.#ratio);
  }

  /**
   * Forgets the server's figure (after compaction or clearing the conversation); the
   * calibration ratio is kept, since the vocabulary did not change.
   */
  reset(): void {
    this.#anchor = undefined;
  }

  /** The last usage the server reported, if any. */
  get lastUsage(): Usage | undefined {
    return this.#anchor?.usage;
  }

  /** Context in use by a request with these messages and tools, and where the figure came from. */
  measure(
    messages: readonly ChatMessage[],
    tools?: readonly ToolSpec[],
  ): { tokens: number; source: ContextSource } {
    const a = this.#anchor;
    if (!a || !this.#prefixHolds(a, messages)) {
      // After a compaction too: the same scale as the compaction's own figures.
      return { tokens: this.calibratedEstimate(messages, tools), source: "estimate" };
    }
    const tokenizer = this.#tokenizer();
    let tokens = a.promptTokens + countTools(tools, tokenizer) - a.toolTokens;
    for (let i = a.sent.length; i < messages.length; i++) {
      tokens += countMessage(messages[i], tokenizer);
    }
    return { tokens: Math.max(0, tokens), source: "server" };
  }

  /** Context in use: the server's figure plus estimates of what came after it. */
  used(messages: readonly ChatMessage[], tools?: readonly ToolSpec[]): number {
    return this.measure(messages, tools).tokens;
  }

  /**
   * The `UsageInfo` of the usage event, for a model window of `contextMax` tokens. `call`:
   * the figures of the model call this event reports (else the server's last ones).
   */
  usageInfo(
    messages: readonly ChatMessage[],
    tools: readonly ToolSpec[] | undefined,
    contextMax: number,
    call?: Usage,
  ): UsageInfo {
    const { tokens, source } = this.measure(messages, tools);
    const u = call ?? this.#anchor?.usage;
    // Without server usage, the request's estimate stands in for the prompt.
    return {
      promptTokens: u?.promptTokens ?? tokens,
      completionTokens: u?.completionTokens ?? 0,
      totalTokens: u?.totalTokens ?? tokens,
      contextUsed: tokens,
      contextMax,
      contextPercent: contextMax > 0 ? Math.round((tokens / contextMax) * 1000) / 10 : 0,
      source,
    };
  }

  #prefixHolds(a: Anchor, messages: readonly ChatMessage[]): boolean {
    if (messages.length < a.sent.length) return false;
    for (let i = 0; i < a.sent.length; i++) {
      // Holes mean recordUsage had no messages to compare: trust the count.
      if (a.sent[i] !== undefined && a.sent[i] !== messages[i]) return false;
    }
    return true;
  }
}
