/**
 * llama.cpp's `llama-server` (https://github.com/ggml-org/llama.cpp/tree/master/tools/server).
 * Without `--jinja` it refuses `tools` with HTTP 500 "tools param requires --jinja flag"
 * (older builds: "Unsupported param: tools"); a stream it cannot finish ends with
 * `data: {"error":{"code":500,"message":"Failed to parse input at pos …"}}` (older builds
 * send the same object in an `error:` field). `/props` reports the slot context.
 */

import { field, positive } from "./local.ts";
import type { ProviderProfile } from "./profile.ts";

/** llama.cpp's llama-server (llamafile too). */
export const llamacpp: ProviderProfile = {
  id: "llamacpp",
  label: "llama.cpp",
  defaultPort: 8080,
  matches: (provider) => /llama[.-]?cpp|llama-server|llamafile/i.test(provider.name),
  isLocal: () => true,
  wireFor: () => "openai",
  toolsHint: "start llama-server with --jinja",
  async probeWindow(get) {
    const data = await get("/props");
    const tokens = positive(field(field(data, "default_generation_settings"), "n_ctx")) ??
      positive(field(data, "n_ctx"));
    return tokens ? { tokens, source: "llama.cpp /props n_ctx" } : undefined;
  },
  identify: async (get) => field(await get("/props"), "default_generation_settings") !== undefined,
};
