/**
 * Ollama with a configured window: its OpenAI endpoint ignores any context size, so the
 * client speaks Ollama's own /api/chat, whose options.num_ctx loads the model with it.
 */

import assert from "node:assert/strict";
import { createChatClient } from "../../src/ai/client.ts";
import type { ChatMessage, ToolSpec } from "../../src/ai/types.ts";
import { eventLog, HELLO, providerFor, recordingSleep, withMock } from "./_client_setup.ts";

const TOOLS: ToolSpec[] = [{
  type: "function",
  function: { name: "read_file", description: "Read a file", parameters: { type: "object" } },
}];

const ollama = (url: string, contextWindow?: number) =>
  providerFor(url, { name: "ollama", contextWindow });

Deno.test("ollama: without a configured window the OpenAI endpoint is used", async () => {
  await withMock({ flavor: "ollama", turns: [{ text: "hi" }] }, async (mock) => {
    await createChatClient(ollama(mock.url)).chat(HELLO);
    assert.equal(mock.chatRequests()[0].path, "/v1/chat/completions");
  });
});

Deno.test("ollama: a configured window goes to /api/chat as num_ctx, the limit as num_predict", async () => {
  await withMock({
    flavor: "ollama",
    turns: [{
      reasoning: "Look first.",
      text: "Reading.",
      toolCalls: [{ name: "read_file", arguments: { path: "a.ts" } }],
      usage: { prompt_tokens: 40, completion_tokens: 12 },
    }],
  }, async (mock) => {
    const log = eventLog();
    const result = await createChatClient(ollama(mock.url, 32_768)).chat({
      ...HELLO,
      tools: TOOLS,
      contextWindow: 32_768,
    }, { onEvent: log.onEvent });
    assert.equal(result.content, "Reading.");
    assert.equal(result.reasoning, "Look first.");
    assert.equal(result.finishReason, "tool_calls");
    assert.deepEqual(result.usage, { promptTokens: 40, completionTokens: 12, totalTokens: 52 });
    assert.deepEqual(result.toolCalls.map((c) => c.function), [
      { name: "read_file", arguments: '{"path":"a.ts"}' },
    ]);
    assert.equal(log.text(), "Reading.");
    const request = mock.chatRequests()[0];
    assert.equal(request.path, "/api/chat");
    assert.deepEqual(request.body, {
      model: "mock-model",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
      options: { num_ctx: 32_768, num_predict: 8_192 },
      tools: TOOLS,
    });
  });
});

Deno.test("ollama: tool results go back with the tool's name, calls with object arguments", async () => {
  await withMock(
    { flavor: "ollama", turns: [{ text: "done", finishReason: "length" }] },
    async (mock) => {
      const messages: ChatMessage[] = [
        { role: "user", content: "read a.ts" },
        {
          role: "assistant",
          content: null,
          reasoning: "Look first.",
          tool_calls: [{
            id: "c1",
            type: "function",
            function: { name: "read_file", arguments: '{"path":"a.ts"}' },
          }],
        },
        { role: "tool", tool_call_id: "c1", content: "data" },
      ];
      const result = await createChatClient(ollama(mock.url, 8_192)).chat({
        model: "mock-model",
        messages,
      });
      assert.equal(result.finishReason, "length");
      assert.deepEqual(mock.chatRequests()[0].body.messages, [
        { role: "user", content: "read a.ts" },
        {
          role: "assistant",
          content: "",
          thinking: "Look first.",
          tool_calls: [{ function: { name: "read_file", arguments: { path: "a.ts" } } }],
        },
        { role: "tool", content: "data", tool_name: "read_file" },
      ]);
    },
  );
});

Deno.test("ollama: an error line mid-stream is asked once more, a cut stream restarts", async () => {
  await withMock({
    flavor: "ollama",
    turns: [
      {
        text: "half an answer",
        fault: { streamError: "an error was encountered while running the model" },
      },
      { text: "half again", fault: "drop_mid_stream" },
      { text: "whole answer" },
    ],
  }, async (mock) => {
    const { sleep } = recordingSleep();
    const log = eventLog();
    const result = await createChatClient(ollama(mock.url, 8_192), { sleep }).chat(HELLO, {
      onEvent: log.onEvent,
    });
    assert.equal(result.content, "whole answer");
    assert.equal(log.ofType("restart").length, 2);
  });
});

Deno.test("ollama: listModels() reads /api/tags when the native wire is in use", async () => {
  await withMock({ flavor: "ollama", models: ["qwen3-coder:30b"] }, async (mock) => {
    const models = await createChatClient(ollama(mock.url, 8_192)).listModels();
    assert.deepEqual(models, ["qwen3-coder:30b"]);
  });
});
