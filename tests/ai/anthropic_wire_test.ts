/**
 * The Anthropic Messages wire (`sdkProvider: "anthropic"`) against the mock's rendering of
 * Anthropic's documented stream (platform.claude.com/docs/build-with-claude/streaming):
 * the request it sends, the message it assembles, thinking replayed with its signature.
 */

import assert from "node:assert/strict";
import { createChatClient } from "../../src/ai/client.ts";
import type { ChatMessage, ChatResult, ToolSpec } from "../../src/ai/types.ts";
import { eventLog, providerFor, recordingSleep, withMock } from "./_client_setup.ts";

const TOOLS: ToolSpec[] = [{
  type: "function",
  function: {
    name: "read_file",
    description: "Read a file",
    parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
  },
}];

const claude = (url: string) =>
  providerFor(url, { name: "anthropic", sdkProvider: "anthropic", apiKey: "sk-ant-test" });

const CALL_TURN = {
  reasoning: "The user wants a.ts; read it.",
  text: "Reading it.",
  toolCalls: [{ id: "toolu_01", name: "read_file", arguments: { path: "a.ts" } }],
  usage: { prompt_tokens: 120, completion_tokens: 30 },
};

Deno.test("anthropic: a streamed tool call with thinking, and the request it came from", async () => {
  await withMock({ turns: [CALL_TURN] }, async (mock) => {
    const log = eventLog();
    const result = await createChatClient(claude(mock.url)).chat({
      model: "claude-sonnet-4-5",
      messages: [
        { role: "system", content: "You are a coding agent." },
        { role: "user", content: "show me a.ts" },
      ],
      tools: TOOLS,
    }, { onEvent: log.onEvent });

    assert.deepEqual(
      result,
      {
        content: "Reading it.",
        reasoning: "The user wants a.ts; read it.",
        toolCalls: [{
          id: "toolu_01",
          type: "function",
          function: { name: "read_file", arguments: '{"path":"a.ts"}' },
        }],
        finishReason: "tool_calls",
        usage: { promptTokens: 120, completionTokens: 30, totalTokens: 150 },
        replay: {
          wire: "anthropic",
          data: [{
            type: "thinking",
            thinking: "The user wants a.ts; read it.",
            signature: "sig-call_1",
          }],
        },
      } satisfies ChatResult,
    );
    assert.equal(log.text(), "Reading it.");
    assert.ok(log.ofType("tool_call_delta").length > 2, "the input streamed in pieces");

    const request = mock.chatRequests()[0];
    assert.equal(request.path, "/v1/messages");
    assert.equal(request.headers.get("x-api-key"), "sk-ant-test");
    assert.equal(request.headers.get("anthropic-version"), "2023-06-01");
    assert.equal(request.headers.get("authorization"), null);
    assert.deepEqual(request.body, {
      model: "claude-sonnet-4-5",
      max_tokens: 32_000,
      stream: true,
      system: [{
        type: "text",
        text: "You are a coding agent.",
        cache_control: { type: "ephemeral" },
      }],
      messages: [{
        role: "user",
        content: [{ type: "text", text: "show me a.ts", cache_control: { type: "ephemeral" } }],
      }],
      tools: [{
        name: "read_file",
        description: "Read a file",
        input_schema: TOOLS[0].function.parameters,
        cache_control: { type: "ephemeral" },
      }],
    });
  });
});

Deno.test("anthropic: the next request replays the signed thinking and answers the call", async () => {
  await withMock({ turns: [CALL_TURN, { text: "It exports hi." }] }, async (mock) => {
    const client = createChatClient(claude(mock.url));
    const history: ChatMessage[] = [{ role: "user", content: "show me a.ts" }];
    const first = await client.chat({
      model: "claude-sonnet-4-5",
      messages: history,
      tools: TOOLS,
    });
    history.push(
      {
        role: "assistant",
        content: first.content,
        tool_calls: first.toolCalls,
        reasoning: first.reasoning,
        replay: first.replay,
      },
      { role: "tool", tool_call_id: "toolu_01", content: "export const hi = 1;" },
      { role: "user", content: "and?" },
    );
    const second = await client.chat({
      model: "claude-sonnet-4-5",
      messages: history,
      tools: TOOLS,
    });
    assert.equal(second.content, "It exports hi.");
    assert.equal(second.finishReason, "stop");
    assert.deepEqual(mock.chatRequests()[1].body.messages, [
      { role: "user", content: [{ type: "text", text: "show me a.ts" }] },
      {
        role: "assistant",
        content: [
          { type: "thinking", thinking: "The user wants a.ts; read it.", signature: "sig-call_1" },
          { type: "text", text: "Reading it." },
          { type: "tool_use", id: "toolu_01", name: "read_file", input: { path: "a.ts" } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_01", content: "export const hi = 1;" },
          { type: "text", text: "and?", cache_control: { type: "ephemeral" } },
        ],
      },
    ]);
  });
});

Deno.test("anthropic: extended thinking on request, max_tokens above its budget, no temperature", async () => {
  await withMock({ turns: [{ text: "ok" }] }, async (mock) => {
    await createChatClient(claude(mock.url)).chat({
      model: "claude-3-5-haiku-latest",
      messages: [{ role: "user", content: "hi" }],
      reasoningEffort: "medium",
      temperature: 0.3,
    });
    const body = mock.chatRequests()[0].body;
    assert.deepEqual(body.thinking, { type: "enabled", budget_tokens: 8_192 });
    assert.equal(body.max_tokens, 12_288);
    assert.equal(body.temperature, undefined);
  });
});

Deno.test("anthropic: max_tokens stop reason becomes length; a whole answer reads the same", async () => {
  await withMock({
    turns: [{ text: "cut", finishReason: "length" }, { ...CALL_TURN }],
  }, async (mock) => {
    const client = createChatClient(claude(mock.url));
    const request = {
      model: "claude-sonnet-4-5",
      messages: [{ role: "user" as const, content: "hi" }],
    };
    assert.equal((await client.chat(request)).finishReason, "length");
    const whole = await client.chat({ ...request, stream: false });
    assert.equal(whole.content, "Reading it.");
    assert.equal(whole.toolCalls[0].function.arguments, '{"path":"a.ts"}');
    assert.equal(whole.replay?.wire, "anthropic");
  });
});

Deno.test("anthropic: an overloaded_error event mid-stream is asked once more", async () => {
  await withMock({
    turns: [
      { text: "partial", fault: { streamError: "Overloaded", code: "overloaded_error" } },
      { text: "complete" },
    ],
  }, async (mock) => {
    const { sleep } = recordingSleep();
    const log = eventLog();
    const result = await createChatClient(claude(mock.url), { sleep }).chat(
      { model: "claude-sonnet-4-5", messages: [{ role: "user", content: "hi" }] },
      { onEvent: log.onEvent },
    );
    assert.equal(result.content, "complete");
    assert.match(log.ofType("restart")[0].reason, /Overloaded$/);
  });
});

Deno.test("anthropic: listModels() reads GET /v1/models with the key header", async () => {
  await withMock({ models: ["claude-sonnet-4-5", "claude-opus-4-1"] }, async (mock) => {
    const models = await createChatClient(claude(mock.url)).listModels();
    assert.deepEqual(models, ["claude-sonnet-4-5", "claude-opus-4-1"]);
    assert.equal(mock.requests[0].headers.get("x-api-key"), "sk-ant-test");
  });
});
