/**
 * Providers with their own wire, chosen by Nanocoder's `sdkProvider` field: Anthropic's
 * Messages API (also Kimi Code's and MiniMax's Anthropic-compatible endpoints) and
 * Google's Gemini API.
 */

import type { ProviderProfile } from "./profile.ts";

/** `sdkProvider: "anthropic"`. */
export const anthropic: ProviderProfile = {
  id: "anthropic",
  label: "Anthropic",
  matches: (provider) => provider.sdkProvider === "anthropic",
  isLocal: () => false,
  wireFor: () => "anthropic",
  notFoundHint: "check the base URL: Anthropic's is https://api.anthropic.com/v1",
};

/** `sdkProvider: "google"`. */
export const google: ProviderProfile = {
  id: "google",
  label: "Google Gemini",
  matches: (provider) => provider.sdkProvider === "google",
  isLocal: () => false,
  wireFor: () => "google",
  notFoundHint: "check the base URL: Gemini's is https://generativelanguage.googleapis.com/v1beta",
};
