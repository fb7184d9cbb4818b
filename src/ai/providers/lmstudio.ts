/**
 * LM Studio (https://lmstudio.ai). It takes `tools` for every model ("all models support
 * at least some degree of tool use": native, or a default tool prompt,
 * lmstudio.ai/docs/advanced/tool-use), so it has no refusal wording of its own. Its REST
 * API `/api/v0/models/{id}` reports the loaded and the maximum context length.
 */

import { field, positive } from "./local.ts";
import type { ProviderProfile } from "./profile.ts";

/** LM Studio. */
export const lmstudio: ProviderProfile = {
  id: "lmstudio",
  label: "LM Studio",
  defaultPort: 1234,
  matches: (provider) => /lm ?studio/i.test(provider.name),
  isLocal: () => true,
  wireFor: () => "openai",
  async probeWindow(get, model) {
    // Model ids hold slashes ("qwen/qwen3-coder-30b"); the path keeps them, as LM Studio expects.
    const data = await get(`/api/v0/models/${encodeURI(model.replace(/^\/+/, ""))}`);
    const loaded = positive(field(data, "loaded_context_length"));
    if (loaded) return { tokens: loaded, source: "lm studio loaded_context_length" };
    const max = positive(field(data, "max_context_length"));
    return max ? { tokens: max, source: "lm studio max_context_length" } : undefined;
  },
  identify: async (get) => Array.isArray(field(await get("/api/v0/models"), "data")),
};
