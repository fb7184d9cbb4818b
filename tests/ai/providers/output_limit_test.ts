/** The output limit: derived from the window for local servers, configured for hosted APIs, sent in each family's field. */

import assert from "node:assert/strict";
import { createChatClient } from "../../../src/ai/client.ts";
import {
  configuredLimit,
  outputLimit,
  windowLimit,
} from "../../../src/ai/providers/output_limit.ts";
import { profileFor } from "../../../src/ai/providers/mod.ts";
import type { ProviderConfig } from "../../../src/config/types.ts";
import { startMockLlm } from "../../_helpers/mock_llm.ts";
import { HELLO, providerFor, withMock } from "../_client_setup.ts";

Deno.test("windowLimit() takes a quarter of the window, bounded, and never more than the room left", () => {
  assert.deepEqual(
    [2_048, 8_192, 32_768, 131_072, 1_000_000].map((w) => windowLimit(w, 0)),
    [1_024, 2_048, 8_192, 32_768, 32_768],
  );
  // A 7 000-character prompt (2 000 tokens at 3.5 characters) in an 8k window leaves 6 192.
  assert.equal(windowLimit(8_192, 7_000), 2_048);
  assert.equal(windowLimit(8_192, 24_500), 1_192);
  // A prompt that fills the window still gets a small answer rather than none.
  assert.equal(windowLimit(8_192, 100_000), 256);
});

Deno.test("configuredLimit() reads one number or a per-model map", () => {
  const p = (maxTokens: ProviderConfig["maxTokens"]): ProviderConfig => ({
    name: "p",
    baseUrl: "http://x/v1",
    models: [],
    maxTokens,
  });
  assert.equal(configuredLimit(p(4096), "any"), 4096);
  assert.equal(configuredLimit(p({ "qwen3-coder": 16_384 }), "qwen3-coder"), 16_384);
  assert.equal(configuredLimit(p({ "qwen3-coder": 16_384 }), "other"), undefined);
  assert.equal(configuredLimit(p(undefined), "any"), undefined);
});

Deno.test("outputLimit() leaves hosted APIs alone unless configured; Anthropic always gets one", () => {
  const request = { ...HELLO, contextWindow: 128_000 };
  const hosted: ProviderConfig = {
    name: "openai",
    baseUrl: "https://api.openai.com/v1",
    models: [],
  };
  assert.equal(outputLimit(request, hosted, profileFor(hosted), "openai"), undefined);
  assert.equal(
    outputLimit(request, { ...hosted, maxTokens: 900 }, profileFor(hosted), "openai"),
    900,
  );
  const claude = {
    ...hosted,
    baseUrl: "https://api.anthropic.com/v1",
    sdkProvider: "anthropic" as const,
  };
  const limit = (model: string) =>
    outputLimit({ ...request, model }, claude, profileFor(claude), "anthropic");
  assert.deepEqual(
    ["claude-3-haiku-20240307", "claude-3-5-sonnet-latest", "claude-sonnet-4-5", "kimi-k2"].map(
      limit,
    ),
    [4_096, 8_192, 32_000, 8_192],
  );
});

Deno.test("a local server gets max_tokens derived from the window the engine passes", async () => {
  await withMock({ flavor: "llamacpp", turns: [{ text: "a" }, { text: "b" }] }, async (mock) => {
    const client = createChatClient(providerFor(mock.url, { name: "llama.cpp" }));
    await client.chat({ ...HELLO, contextWindow: 16_384 });
    await client.chat(HELLO);
    const [withWindow, without] = mock.chatRequests().map((r) => r.body.max_tokens);
    assert.equal(withWindow, 4_096);
    assert.equal(without, undefined, "no window, no guess");
  });
});

Deno.test("the derived limit keeps vLLM from rejecting a prompt that nearly fills the window", async () => {
  const long = "word ".repeat(5_000); // ~25 000 characters: most of an 8k window
  await withMock(
    { flavor: "vllm", contextLength: 8_192, turns: [{ text: "fits" }] },
    async (mock) => {
      const client = createChatClient(providerFor(mock.url, { name: "vllm" }));
      const result = await client.chat({
        model: "mock-model",
        messages: [{ role: "user", content: long }],
        contextWindow: 8_192,
      });
      assert.equal(result.content, "fits");
      const sent = mock.chatRequests()[0].body.max_tokens;
      assert.ok(sent < 2_048 && sent >= 256, `max_tokens ${sent}`);
    },
  );
});

Deno.test("vLLM's own 400 for a prompt plus max_tokens over the window is a context error", async () => {
  await withMock({ flavor: "vllm", contextLength: 4_096 }, async (mock) => {
    const client = createChatClient(providerFor(mock.url, { name: "vllm", maxTokens: 4_095 }));
    await assert.rejects(client.chat(HELLO), { code: "context_length_exceeded" });
  });
});

Deno.test("OpenAI gets max_completion_tokens, and its reasoning models no temperature", async () => {
  const mock = await startMockLlm({ turns: [{ text: "a" }, { text: "b" }] });
  try {
    // The mock plays api.openai.com: the request goes to it, the profile comes from the URL.
    const redirect: typeof fetch = (input, init) =>
      fetch(String(input).replace("https://api.openai.com/v1", mock.url), init);
    const client = createChatClient(
      { name: "openai", baseUrl: "https://api.openai.com/v1", models: [], maxTokens: 2_000 },
      { fetch: redirect },
    );
    await client.chat({ ...HELLO, model: "gpt-4.1", temperature: 0.2 });
    await client.chat({ ...HELLO, model: "o4-mini", temperature: 0.2 });
    const [gpt, o4] = mock.chatRequests().map((r) => r.body);
    assert.deepEqual([gpt.max_completion_tokens, gpt.max_tokens, gpt.temperature], [
      2_000,
      undefined,
      0.2,
    ]);
    assert.deepEqual([o4.max_completion_tokens, o4.temperature], [2_000, undefined]);
  } finally {
    await mock.close();
  }
});
