/**
 * Ollama (https://ollama.com). Its OpenAI-compatible endpoint ignores any context size a
 * request asks for ("The OpenAI API does not have a way of setting the context size",
 * docs.ollama.com/api/openai-compatibility; `ChatCompletionRequest` in ollama's
 * openai/openai.go has no such field), so a provider with a configured window talks to
 * Ollama's own `/api/chat`, whose `options.num_ctx` loads the model with that window.
 */

import type { ProviderConfig } from "../../config/types.ts";
import { field, positive } from "./local.ts";
import type { ProviderProfile } from "./profile.ts";

/** The window the user configured for `model` (contextWindows first), if any. */
export function configuredWindow(provider: ProviderConfig, model: string): number | undefined {
  return provider.contextWindows?.[model] ?? provider.contextWindow;
}

/** Ollama. */
export const ollama: ProviderProfile = {
  id: "ollama",
  label: "Ollama",
  defaultPort: 11434,
  matches: (provider) => /ollama/i.test(provider.name),
  isLocal: () => true,
  wireFor: (provider, model) => configuredWindow(provider, model) ? "ollama" : "openai",
  // Ollama answers 400 "<model> does not support tools" when the model's template has none.
  toolsHint: 'the model\'s Ollama template has no tool support: pick a model tagged "tools"',
  async probeWindow(get, model) {
    // POST /api/show: num_ctx from the Modelfile parameters, else the trained length.
    const data = await get("/api/show", { model, name: model });
    const parameters = field(data, "parameters");
    const numCtx = typeof parameters === "string"
      ? /(?:^|\n)\s*num_ctx\s+(\d+)/.exec(parameters)
      : null;
    if (numCtx) return { tokens: Number(numCtx[1]), source: "ollama /api/show num_ctx" };
    const info = field(data, "model_info");
    for (const [key, value] of Object.entries(info && typeof info === "object" ? info : {})) {
      const tokens = key.endsWith(".context_length") ? positive(value) : undefined;
      if (tokens) return { tokens, source: `ollama /api/show ${key}` };
    }
    return undefined;
  },
  // GET /api/version is Ollama's own.
  identify: async (get) => typeof field(await get("/api/version"), "version") === "string",
};
