/** probeContextWindow(): each family's own endpoint, never another's, and clean URLs. */

import assert from "node:assert/strict";
import type { ProviderConfig } from "../../../src/config/types.ts";
import { probeContextWindow } from "../../../src/ai/providers/context_probe.ts";
import { type MockFlavor, startMockLlm } from "../../_helpers/mock_llm.ts";

const provider = (baseUrl: string, name = "local"): ProviderConfig => ({
  name,
  baseUrl,
  models: [],
});

const expected: Record<Exclude<MockFlavor, "openai">, string> = {
  ollama: "ollama /api/show num_ctx",
  llamacpp: "llama.cpp /props n_ctx",
  lmstudio: "lm studio loaded_context_length",
  vllm: "vllm /v1/models max_model_len",
};

for (const [flavor, source] of Object.entries(expected)) {
  Deno.test(`probeContextWindow() reads ${flavor}'s window`, async () => {
    const mock = await startMockLlm({
      flavor: flavor as MockFlavor,
      contextLength: 12_288,
      models: ["qwen/qwen3-coder-30b"],
    });
    try {
      assert.deepEqual(await probeContextWindow(provider(mock.url), "qwen/qwen3-coder-30b"), {
        tokens: 12_288,
        source,
      });
    } finally {
      await mock.close();
    }
  });
}

Deno.test("probeContextWindow() asks a known llama.cpp only /props, with no double slash", async () => {
  // llama-server names its model by the path given to -m; LM Studio's probe once put that
  // path after `/api/v0/models/` and sent `//models/…` to llama.cpp.
  const model = "/models/Qwen3-Coder-30B-Q4_K_M.gguf";
  const mock = await startMockLlm({ flavor: "llamacpp", contextLength: 32_768, models: [model] });
  try {
    const window = await probeContextWindow(provider(`${mock.url}/`, "llama.cpp"), model);
    assert.deepEqual(window, { tokens: 32_768, source: "llama.cpp /props n_ctx" });
    assert.deepEqual(mock.requests.map((r) => `${r.method} ${r.path}`), ["GET /props"]);
  } finally {
    await mock.close();
  }
});

Deno.test("probeContextWindow() of an unknown local server asks every family, each path clean", async () => {
  const model = "/models/x.gguf";
  const mock = await startMockLlm({ flavor: "llamacpp", contextLength: 4_096, models: [model] });
  try {
    const window = await probeContextWindow(provider(`${mock.root}/v1//`), model);
    assert.deepEqual(window, { tokens: 4_096, source: "llama.cpp /props n_ctx" });
    const paths = mock.requests.map((r) => r.path).sort();
    assert.deepEqual(paths, ["/api/show", "/api/v0/models/models/x.gguf", "/props", "/v1/models"]);
  } finally {
    await mock.close();
  }
});

Deno.test("probeContextWindow() sends nothing to a hosted API", async () => {
  let calls = 0;
  const counting: typeof fetch = () => {
    calls++;
    return Promise.reject(new Error("no network"));
  };
  const window = await probeContextWindow(
    provider("https://openrouter.ai/api/v1", "openrouter"),
    "x",
    { fetch: counting },
  );
  assert.equal(window, undefined);
  assert.equal(calls, 0);
});
