/**
 * The Gemini wire (`sdkProvider: "google"`) against the mock's rendering of
 * streamGenerateContent?alt=sse as recorded from the real API: whole function calls with
 * a thoughtSignature, "STOP" as the finish reason of a call, usageMetadata last.
 */

import assert from "node:assert/strict";
import { createChatClient } from "../../src/ai/client.ts";
import type { ChatMessage, ToolSpec } from "../../src/ai/types.ts";
import { eventLog, providerFor, withMock } from "./_client_setup.ts";

const TOOLS: ToolSpec[] = [{
  type: "function",
  function: {
    name: "read_file",
    description: "Read a file",
    parameters: {
      type: "object",
      properties: { path: { type: "string" } },
      required: ["path"],
      additionalProperties: false,
    },
  },
}];

const gemini = (root: string) =>
  providerFor(`${root}/v1beta`, { name: "gemini", sdkProvider: "google", apiKey: "g-key" });

const CALL_TURN = {
  reasoning: "Need the file.",
  toolCalls: [{ name: "read_file", arguments: { path: "a.ts" } }],
  usage: { prompt_tokens: 54, completion_tokens: 15 },
};

Deno.test("google: a streamed function call, its signature kept, and the request it came from", async () => {
  await withMock({ turns: [CALL_TURN] }, async (mock) => {
    const log = eventLog();
    const result = await createChatClient(gemini(mock.root)).chat({
      model: "gemini-2.5-flash",
      messages: [
        { role: "system", content: "You are a coding agent." },
        { role: "user", content: "show me a.ts" },
      ],
      tools: TOOLS,
      temperature: 0.2,
    }, { onEvent: log.onEvent });

    assert.equal(result.content, "");
    assert.equal(result.reasoning, "Need the file.");
    assert.equal(result.finishReason, "tool_calls");
    assert.deepEqual(result.usage, { promptTokens: 54, completionTokens: 15, totalTokens: 69 });
    assert.equal(result.toolCalls.length, 1);
    const [call] = result.toolCalls;
    assert.match(call.id, /^call_[0-9a-f]{24}$/);
    assert.deepEqual(call.function, { name: "read_file", arguments: '{"path":"a.ts"}' });
    assert.deepEqual(result.replay, {
      wire: "google",
      data: { calls: { [call.id]: "sig-call_1" } },
    });

    const request = mock.chatRequests()[0];
    assert.equal(
      request.path,
      "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    );
    assert.equal(request.headers.get("x-goog-api-key"), "g-key");
    assert.deepEqual(request.body, {
      contents: [{ role: "user", parts: [{ text: "show me a.ts" }] }],
      systemInstruction: { parts: [{ text: "You are a coding agent." }] },
      tools: [{
        functionDeclarations: [{
          name: "read_file",
          description: "Read a file",
          parametersJsonSchema: TOOLS[0].function.parameters,
        }],
      }],
      generationConfig: { temperature: 0.2 },
    });
  });
});

Deno.test("google: the answer goes back as a functionResponse, the call with its signature", async () => {
  await withMock({ turns: [CALL_TURN, { text: "It exports hi." }] }, async (mock) => {
    const client = createChatClient(gemini(mock.root));
    const history: ChatMessage[] = [{ role: "user", content: "show me a.ts" }];
    const first = await client.chat({ model: "gemini-2.5-flash", messages: history, tools: TOOLS });
    const id = first.toolCalls[0].id;
    history.push(
      { role: "assistant", content: null, tool_calls: first.toolCalls, replay: first.replay },
      { role: "tool", tool_call_id: id, content: "export const hi = 1;" },
    );
    const second = await client.chat({
      model: "gemini-2.5-flash",
      messages: history,
      tools: TOOLS,
    });
    assert.equal(second.content, "It exports hi.");
    assert.equal(second.finishReason, "stop");
    assert.deepEqual(mock.chatRequests()[1].body.contents, [
      { role: "user", parts: [{ text: "show me a.ts" }] },
      {
        role: "model",
        parts: [{
          functionCall: { name: "read_file", args: { path: "a.ts" } },
          thoughtSignature: "sig-call_1",
        }],
      },
      {
        role: "user",
        parts: [{
          functionResponse: { name: "read_file", response: { content: "export const hi = 1;" } },
        }],
      },
    ]);
  });
});

Deno.test("google: MAX_TOKENS is length, the output limit goes in maxOutputTokens", async () => {
  await withMock({ turns: [{ text: "cut off", finishReason: "length" }] }, async (mock) => {
    const result = await createChatClient(gemini(mock.root)).chat({
      model: "gemini-2.5-pro",
      messages: [{ role: "user", content: "hi" }],
      maxTokens: 300,
    });
    assert.equal(result.finishReason, "length");
    assert.equal(result.content, "cut off");
    assert.deepEqual(mock.chatRequests()[0].body.generationConfig, { maxOutputTokens: 300 });
  });
});

Deno.test("google: a whole answer (generateContent) and the model list", async () => {
  await withMock({ turns: [{ text: "whole" }], models: ["gemini-2.5-flash"] }, async (mock) => {
    const client = createChatClient(gemini(mock.root));
    const result = await client.chat({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: "hi" }],
      stream: false,
    });
    assert.equal(result.content, "whole");
    assert.equal(mock.chatRequests()[0].path, "/v1beta/models/gemini-2.5-flash:generateContent");
    assert.deepEqual(await client.listModels(), ["gemini-2.5-flash"]);
  });
});
