/**
 * What a server family does differently, in one object per family. The client, the
 * context-window probe and the error wording ask the profile instead of testing names.
 */

import type { ProviderConfig } from "../../config/types.ts";
import type { ChatRequest } from "../types.ts";

/** Which wire protocol a provider speaks. */
export type WireName = "openai" | "anthropic" | "google" | "ollama";

/** A context window a server reported, and where it came from. */
export interface ProbedWindow {
  tokens: number;
  source: string;
}

/**
 * GET (or POST with a JSON body) a path of the server root; undefined on any failure:
 * refused, a non-2xx status, a timeout or a body that is not JSON.
 */
export type JsonProbe = (path: string, body?: unknown) => Promise<unknown>;

/** What adaptBody() may look at. */
export interface BodyContext {
  request: ChatRequest;
  provider: ProviderConfig;
}

/** One server family. */
export interface ProviderProfile {
  /** Stable id, used in tests and `detectProfile`'s answer. */
  readonly id: string;
  /** The name users know ("llama.cpp"), for messages. */
  readonly label: string;
  /**
   * Whether this family is the provider, by what the config says for certain:
   * `sdkProvider`, the host, the name. The default port is weaker evidence, tried after
   * every profile's `matches` (a "llama.cpp" on port 1234 is not LM Studio).
   */
  matches(provider: ProviderConfig, url: URL | undefined): boolean;
  /**
   * A server on the user's machine or LAN that owns the model's window: its window is
   * probed, and an output limit is derived from it when none is configured.
   */
  isLocal(provider: ProviderConfig): boolean;
  /** The wire this provider speaks; most speak OpenAI's. */
  wireFor(provider: ProviderConfig, model: string): WireName;
  /** The OpenAI body field of the output limit (OpenAI's reasoning models refuse max_tokens). */
  limitField?(model: string): "max_tokens" | "max_completion_tokens";
  /**
   * Field in which an assistant message that called tools carries its reasoning back
   * (DeepSeek and Kimi answer 400 without it once thinking is on).
   */
  readonly reasoningReplay?: "reasoning_content";
  /** Last edits to an OpenAI request body (drop a parameter a model refuses…). */
  adaptBody?(body: Record<string, unknown>, ctx: BodyContext): void;
  /** The window the server reports for `model`. */
  probeWindow?(get: JsonProbe, model: string): Promise<ProbedWindow | undefined>;
  /** Whether a server answering these probes is of this family (for detectProfile). */
  identify?(get: JsonProbe): Promise<boolean>;
  /** How to turn native tool calls on, added to a tools refusal. */
  readonly toolsHint?: string;
  /** What a 404 that is not about the model leads with; default: the `/v1` advice. */
  readonly notFoundHint?: string;
  /** The port the family listens on by default: a weak match, and "is X running?" hints. */
  readonly defaultPort?: number;
}
