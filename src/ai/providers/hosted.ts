/**
 * Hosted services whose quirks the client must know: OpenAI-compatible ones by host, and
 * the native APIs chosen by `sdkProvider`. A service without quirks needs no profile: the
 * generic one serves it.
 */

import type { ProviderProfile } from "./profile.ts";

const hosted = { isLocal: () => false, wireFor: () => "openai" as const };

/** OpenAI's reasoning models (o1, o3, o4-mini, gpt-5…): no max_tokens, no temperature. */
const OPENAI_REASONING = /^(o\d|gpt-5)/;

/** api.openai.com. */
export const openai: ProviderProfile = {
  ...hosted,
  id: "openai",
  label: "OpenAI",
  matches: (_provider, url) => onDomain(hostOf(url), "openai.com"),
  // "Unsupported parameter: 'max_tokens' is not supported with this model. Use
  // 'max_completion_tokens' instead." It is the current name for every chat model.
  limitField: () => "max_completion_tokens",
  adaptBody(body, { request }) {
    // Reasoning models accept only the default temperature.
    if (OPENAI_REASONING.test(request.model)) delete body.temperature;
  },
};

/** openrouter.ai: refuses tools with 404 "No endpoints found that support tool use". */
export const openrouter: ProviderProfile = {
  ...hosted,
  id: "openrouter",
  label: "OpenRouter",
  matches: (provider, url) =>
    onDomain(hostOf(url), "openrouter.ai") || /^openrouter$/i.test(provider.name),
  toolsHint: "pick a model whose OpenRouter providers support tool use",
  adaptBody(body) {
    // OpenRouter's spelling of the effort: `reasoning.effort`; an explicit one (the
    // provider's `openrouter.reasoning`) wins, as in Nanocoder.
    const effort = body.reasoning_effort;
    if (effort === undefined) return;
    delete body.reasoning_effort;
    const reasoning = body.reasoning;
    const explicit = reasoning && typeof reasoning === "object" ? reasoning : {};
    body.reasoning = { effort, ...explicit };
  },
};

/**
 * api.deepseek.com: "For turns that do perform tool calls, the reasoning_content must be
 * fully passed back to the API in all subsequent requests" (api-docs.deepseek.com,
 * guides/thinking_mode), or the API answers 400.
 */
export const deepseek: ProviderProfile = {
  ...hosted,
  id: "deepseek",
  label: "DeepSeek",
  matches: (_provider, url) => onDomain(hostOf(url), "deepseek.com"),
  reasoningReplay: "reasoning_content",
};

/**
 * Moonshot's Kimi API (api.moonshot.ai / .cn): "400 thinking is enabled but
 * reasoning_content is missing in assistant tool call message" without it
 * (continuedev/continue#11600). Kimi Code's Anthropic-compatible endpoint uses the
 * anthropic profile (sdkProvider "anthropic").
 */
export const moonshot: ProviderProfile = {
  ...hosted,
  id: "moonshot",
  label: "Moonshot (Kimi)",
  matches: (_provider, url) =>
    onDomain(hostOf(url), "moonshot.ai") || onDomain(hostOf(url), "moonshot.cn"),
  reasoningReplay: "reasoning_content",
};

/**
 * Z.ai / Zhipu GLM (the API lives under `/api/paas/v4`, not `/v1`): "When using
 * interleaved thinking with tools, thinking blocks should be explicitly preserved and
 * returned together with the tool results" (docs.z.ai/guides/capabilities/thinking-mode).
 */
export const zai: ProviderProfile = {
  ...hosted,
  id: "zai",
  label: "Z.ai",
  matches: (_provider, url) =>
    onDomain(hostOf(url), "z.ai") || onDomain(hostOf(url), "bigmodel.cn"),
  reasoningReplay: "reasoning_content",
  notFoundHint: "check the base URL: Z.ai's is https://api.z.ai/api/paas/v4 " +
    "(coding plan: https://api.z.ai/api/coding/paas/v4)",
};

/** The host of a base URL, lower-case; "" when it does not parse. */
function hostOf(url: URL | undefined): string {
  return url?.hostname.toLowerCase() ?? "";
}

/** Whether `host` is `domain` or one of its subdomains. */
function onDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/**
 * `sdkProvider: "anthropic"`: Anthropic's Messages API, also spoken by Kimi Code's and
 * MiniMax's Anthropic-compatible endpoints.
 */
export const anthropic: ProviderProfile = {
  id: "anthropic",
  label: "Anthropic",
  matches: (provider) => provider.sdkProvider === "anthropic",
  isLocal: () => false,
  wireFor: () => "anthropic",
  notFoundHint: "check the base URL: Anthropic's is https://api.anthropic.com/v1",
};

/** `sdkProvider: "google"`: Google's Gemini API. */
export const google: ProviderProfile = {
  id: "google",
  label: "Google Gemini",
  matches: (provider) => provider.sdkProvider === "google",
  isLocal: () => false,
  wireFor: () => "google",
  notFoundHint: "check the base URL: Gemini's is https://generativelanguage.googleapis.com/v1beta",
};
