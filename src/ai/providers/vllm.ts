/**
 * vLLM (https://docs.vllm.ai). Without `--enable-auto-tool-choice --tool-call-parser …` it
 * refuses tools with 400 "\"auto\" tool choice requires --enable-auto-tool-choice and
 * --tool-call-parser to be set". It rejects a request whose prompt plus `max_tokens`
 * exceeds `--max-model-len`, which `/v1/models` reports as `max_model_len`.
 */

import { field, positive } from "./local.ts";
import type { ProviderProfile } from "./profile.ts";

/** vLLM's OpenAI-compatible server. */
export const vllm: ProviderProfile = {
  id: "vllm",
  label: "vLLM",
  defaultPort: 8000,
  matches: (provider) => /vllm/i.test(provider.name),
  isLocal: () => true,
  wireFor: () => "openai",
  toolsHint: "start vLLM with --enable-auto-tool-choice --tool-call-parser <parser>",
  async probeWindow(get, model) {
    const data = field(await get("/v1/models"), "data");
    if (!Array.isArray(data)) return undefined;
    const entry = data.find((m) => field(m, "id") === model) ?? (data.length === 1 ? data[0] : 0);
    const tokens = positive(field(entry, "max_model_len"));
    return tokens ? { tokens, source: "vllm /v1/models max_model_len" } : undefined;
  },
  // GET /version answers {"version": "0.x"}; Ollama's is under /api.
  identify: async (get) => typeof field(await get("/version"), "version") === "string",
};
