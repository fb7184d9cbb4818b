/** Hosted families' request quirks: reasoning sent back where the API demands it, 404 advice. */

import assert from "node:assert/strict";
import { createChatClient } from "../../src/ai/client.ts";
import type { ChatMessage } from "../../src/ai/types.ts";
import type { ProviderConfig } from "../../src/config/types.ts";
import { startMockLlm } from "../_helpers/mock_llm.ts";

const HISTORY: ChatMessage[] = [
  { role: "user", content: "what is in a.ts?" },
  {
    role: "assistant",
    content: null,
    reasoning: "I should read it.",
    tool_calls: [{ id: "c1", type: "function", function: { name: "read_file", arguments: "{}" } }],
  },
  { role: "tool", tool_call_id: "c1", content: "data" },
  { role: "assistant", content: "It holds data.", reasoning: "Easy." },
  { role: "user", content: "thanks" },
];

/** Sends HISTORY to a mock standing in for `baseUrl`; returns the assistant messages sent. */
async function sentAssistants(baseUrl: string): Promise<unknown[]> {
  const mock = await startMockLlm({ turns: [{ text: "ok" }] });
  try {
    const redirect: typeof fetch = (input, init) =>
      fetch(String(input).replace(baseUrl, mock.url), init);
    const provider: ProviderConfig = { name: "hosted", baseUrl, models: [] };
    await createChatClient(provider, { fetch: redirect }).chat({
      model: "m",
      messages: HISTORY,
    });
    return mock.chatRequests()[0].body.messages.filter((m: ChatMessage) => m.role === "assistant");
  } finally {
    await mock.close();
  }
}

for (const baseUrl of ["https://api.deepseek.com/v1", "https://api.moonshot.ai/v1"]) {
  Deno.test(`chat() sends reasoning_content back on tool-calling turns to ${new URL(baseUrl).host}`, async () => {
    assert.deepEqual(await sentAssistants(baseUrl), [
      {
        role: "assistant",
        content: null,
        tool_calls: HISTORY[1].role === "assistant" ? HISTORY[1].tool_calls : [],
        reasoning_content: "I should read it.",
      },
      { role: "assistant", content: "It holds data." },
    ]);
  });
}

Deno.test("chat() keeps reasoning to itself with other servers", async () => {
  const sent = await sentAssistants("https://api.example.com/v1");
  assert.equal(JSON.stringify(sent).includes("reasoning"), false);
});

Deno.test("a 404 from Z.ai points at its own base URL, not /v1", async () => {
  const mock = await startMockLlm({
    turns: [{ fault: { status: 404, body: "404 page not found" } }],
    models: ["glm-4.7"],
  });
  try {
    const baseUrl = "https://api.z.ai/api/paas/v5";
    const redirect: typeof fetch = (input, init) =>
      fetch(String(input).replace(baseUrl, mock.url), init);
    const client = createChatClient({ name: "zai", baseUrl, models: ["glm-4.7"] }, {
      fetch: redirect,
    });
    await assert.rejects(client.chat({ model: "glm-4.7", messages: HISTORY.slice(0, 1) }), {
      code: "bad_request",
      message:
        `Check the base URL: Z.ai's is https://api.z.ai/api/paas/v4 (coding plan: https://api.z.ai/api/coding/paas/v4): provider "zai" (${baseUrl}) answered 404: 404 page not found`,
    });
  } finally {
    await mock.close();
  }
});

Deno.test("a base URL without /v1: the 404 leads with the advice to add it", async () => {
  const mock = await startMockLlm({ turns: [{ text: "never" }] });
  try {
    const client = createChatClient({ name: "ollama", baseUrl: mock.root, models: [] });
    await assert.rejects(client.chat({ model: "m", messages: HISTORY.slice(0, 1) }), {
      code: "bad_request",
      message:
        `Check that the base URL ends in /v1: provider "ollama" (${mock.root}) answered 404: No route for POST /chat/completions`,
    });
  } finally {
    await mock.close();
  }
});
