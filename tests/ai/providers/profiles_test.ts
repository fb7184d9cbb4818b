/** Provider profiles: which family a provider is, asked of the server when its config cannot say. */

import assert from "node:assert/strict";
import type { ProviderConfig } from "../../../src/config/types.ts";
import { detectProfile, profileFor } from "../../../src/ai/providers/mod.ts";
import { startMockLlm } from "../../_helpers/mock_llm.ts";

const provider = (baseUrl: string, extra: Partial<ProviderConfig> = {}): ProviderConfig => ({
  name: "custom",
  baseUrl,
  models: [],
  ...extra,
});

Deno.test("profileFor() reads sdkProvider, then the host, the name, and last the default port", () => {
  const cases: [ProviderConfig, string][] = [
    [provider("https://api.anthropic.com/v1", { sdkProvider: "anthropic" }), "anthropic"],
    [provider("https://api.minimax.io/anthropic/v1", { sdkProvider: "anthropic" }), "anthropic"],
    [
      provider("https://generativelanguage.googleapis.com/v1beta", { sdkProvider: "google" }),
      "google",
    ],
    [provider("https://api.openai.com/v1"), "openai"],
    [provider("https://openrouter.ai/api/v1"), "openrouter"],
    [provider("https://api.deepseek.com/v1"), "deepseek"],
    [provider("https://api.moonshot.ai/v1"), "moonshot"],
    [provider("https://api.z.ai/api/paas/v4/"), "zai"],
    [provider("http://localhost:11434/v1"), "ollama"],
    [provider("http://gpu-box:8000/v1"), "vllm"],
    [provider("http://127.0.0.1:1234/v1"), "lmstudio"],
    [provider("http://localhost:8080/v1"), "llamacpp"],
    // The name says llama.cpp: its port being LM Studio's does not make it LM Studio.
    [provider("http://localhost:1234/v1", { name: "llama.cpp" }), "llamacpp"],
    [provider("http://box.lan:9999/v1", { name: "My Ollama" }), "ollama"],
    [provider("http://localhost:9999/v1"), "generic"],
    [provider("https://api.groq.com/openai/v1"), "generic"],
  ];
  assert.deepEqual(
    cases.map(([p]) => profileFor(p).id),
    cases.map(([, id]) => id),
  );
});

for (const flavor of ["ollama", "llamacpp", "lmstudio", "vllm"] as const) {
  Deno.test(`detectProfile() asks a local server on an unusual port and finds ${flavor}`, async () => {
    const mock = await startMockLlm({ flavor });
    try {
      const profile = await detectProfile(provider(mock.url));
      assert.equal(profile.id, flavor);
      assert.equal(mock.chatRequests().length, 0);
    } finally {
      await mock.close();
    }
  });
}

Deno.test("detectProfile() keeps the generic profile for a server that answers no probe", async () => {
  const mock = await startMockLlm({});
  try {
    assert.equal((await detectProfile(provider(mock.url))).id, "generic");
  } finally {
    await mock.close();
  }
});

Deno.test("detectProfile() sends nothing to a hosted provider or one its config names", async () => {
  let calls = 0;
  const counting: typeof fetch = () => {
    calls++;
    return Promise.reject(new Error("no network"));
  };
  assert.equal(
    (await detectProfile(provider("https://api.openai.com/v1"), { fetch: counting })).id,
    "openai",
  );
  assert.equal(
    (await detectProfile(provider("http://localhost:11434/v1"), { fetch: counting })).id,
    "ollama",
  );
  assert.equal(calls, 0);
});
