/**
 * The output limit sent with a request. Without one, llama.cpp and Ollama generate until
 * the window is full (a looping model ran for minutes), and vLLM rejects a request whose
 * prompt plus limit exceeds the window. Hosted APIs have their own per-model caps, which a
 * guess could exceed (OpenAI answers 400 above a model's maximum), so they get a limit only
 * when the user configures one; Anthropic requires one.
 */

import type { ProviderConfig } from "../../config/types.ts";
import type { ChatRequest, ToolSpec } from "../types.ts";
import type { ProviderProfile } from "./profile.ts";

/** The limit a local server gets: a quarter of the window, within these bounds. */
export const WINDOW_SHARE = 4;
export const MIN_DERIVED_LIMIT = 1024;
export const MAX_DERIVED_LIMIT = 32_768;
/** Never below this, even when the prompt nearly fills the window. */
export const FLOOR_LIMIT = 256;
/** Characters per token when estimating the prompt's share of the window (errs high). */
const CHARS_PER_TOKEN = 3.5;

/** The user's `maxTokens` for `model` (a number, or a per-model map). */
export function configuredLimit(provider: ProviderConfig, model: string): number | undefined {
  const value = provider.maxTokens;
  if (typeof value === "number") return value > 0 ? value : undefined;
  const perModel = value?.[model];
  return typeof perModel === "number" && perModel > 0 ? perModel : undefined;
}

/**
 * The limit for `window` when the prompt takes `promptChars` characters: a quarter of
 * the window (1 024 to 32 768), and never more than the room the prompt leaves.
 */
export function windowLimit(window: number, promptChars: number): number {
  const share = Math.floor(window / WINDOW_SHARE);
  const base = Math.min(MAX_DERIVED_LIMIT, Math.max(MIN_DERIVED_LIMIT, share));
  const room = window - Math.ceil(promptChars / CHARS_PER_TOKEN);
  return Math.max(Math.min(base, room), Math.min(FLOOR_LIMIT, base));
}

/** Anthropic's output maxima by model, capped at 32 000 (Claude Code's own default). */
const ANTHROPIC_LIMITS: readonly [RegExp, number][] = [
  [/claude-3-(haiku|opus|sonnet)-/, 4_096],
  [/claude-3-5-/, 8_192],
  [/claude-/, 32_000],
];
/** For models the table does not know (Kimi, MiniMax behind the Anthropic wire). */
const ANTHROPIC_FALLBACK = 8_192;

/**
 * The limit to send, or undefined to send none: the request's own, then the user's
 * `maxTokens`, then Anthropic's required default or one derived from the window for a
 * local server.
 */
export function outputLimit(
  request: ChatRequest,
  provider: ProviderConfig,
  profile: ProviderProfile,
  wire: string,
): number | undefined {
  if (request.maxTokens !== undefined) return request.maxTokens;
  const configured = configuredLimit(provider, request.model);
  if (configured !== undefined) return configured;
  const window = request.contextWindow;
  if (wire === "anthropic") {
    const known = ANTHROPIC_LIMITS.find(([re]) => re.test(request.model))?.[1];
    const limit = known ?? ANTHROPIC_FALLBACK;
    return window ? Math.min(limit, windowLimit(window, promptChars(request))) : limit;
  }
  if (!window || !profile.isLocal(provider)) return undefined;
  return windowLimit(window, promptChars(request));
}

const toolChars = new WeakMap<ToolSpec[], number>();

/** The characters of what the request sends (messages, calls, tools), without serialising it. */
export function promptChars(request: ChatRequest): number {
  let chars = 0;
  for (const message of request.messages) {
    chars += message.content?.length ?? 0;
    if (message.role === "assistant") {
      for (const call of message.tool_calls ?? []) chars += call.function.arguments.length + 32;
    }
  }
  const tools = request.tools;
  if (tools && tools.length > 0) {
    let size = toolChars.get(tools);
    if (size === undefined) toolChars.set(tools, size = JSON.stringify(tools).length);
    chars += size;
  }
  return chars;
}
