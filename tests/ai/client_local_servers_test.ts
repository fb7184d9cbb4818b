/**
 * createChatClient() against local servers as they really behave: tool refusals in each
 * server's words on any status, a 200 stream ended by an error event, a chunk that is not
 * JSON, an answer cut off by the output limit.
 */

import assert from "node:assert/strict";
import { createChatClient } from "../../src/ai/client.ts";
import { ProviderError } from "../../src/errors.ts";
import type { ToolSpec } from "../../src/ai/types.ts";
import type { MockFlavor } from "../_helpers/mock_llm.ts";
import { eventLog, HELLO, providerFor, recordingSleep, withMock } from "./_client_setup.ts";

const TOOLS: ToolSpec[] = [{
  type: "function",
  function: { name: "read_file", description: "Read a file", parameters: { type: "object" } },
}];
const WITH_TOOLS = { ...HELLO, tools: TOOLS };

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => assert.fail("expected a ProviderError"), (e) => e);
  assert.ok(error instanceof ProviderError, String(error));
  return error;
}

const refusals: [MockFlavor, number, RegExp][] = [
  ["llamacpp", 500, /tools param requires --jinja flag \(start llama-server with --jinja\)$/],
  ["ollama", 400, /mock-model:latest does not support tools \(the model's Ollama template/],
  ["vllm", 400, /--enable-auto-tool-choice and --tool-call-parser to be set \(start vLLM with/],
];
for (const [flavor, status, message] of refusals) {
  Deno.test(`chat() reports ${flavor}'s refusal of tools (HTTP ${status}) as tools_unsupported at once`, async () => {
    await withMock({ flavor, refuseTools: true }, async (mock) => {
      const { delays, sleep } = recordingSleep();
      const client = createChatClient(providerFor(mock.url, { name: flavor }), { sleep });
      const error = await rejection(client.chat(WITH_TOOLS));
      assert.equal(error.code, "tools_unsupported");
      assert.equal(error.status, status);
      assert.match(error.message, message);
      assert.deepEqual(delays, [], "no retry");
      assert.equal(mock.chatRequests().length, 1);
      // The same server answers a request without tools.
      assert.equal((await client.chat(HELLO)).content, "Mock: no turn queued.");
    });
  });
}

Deno.test("chat() recognises OpenRouter's 404 refusal of tools by its words", async () => {
  const body = { error: { message: "No endpoints found that support tool use", code: 404 } };
  await withMock({ turns: [{ fault: { status: 404, body } }] }, async (mock) => {
    const error = await rejection(createChatClient(providerFor(mock.url)).chat(WITH_TOOLS));
    assert.equal(error.code, "tools_unsupported");
  });
});

Deno.test("chat() asks once more when llama.cpp ends a 200 stream with an error event", async () => {
  const parseError = 'Failed to parse input at pos 34: <tool_call>\n{"name": "read';
  await withMock({
    flavor: "llamacpp",
    turns: [
      { text: "Let me read the file first.", fault: { streamError: parseError } },
      { text: "Here it is." },
    ],
  }, async (mock) => {
    const { sleep } = recordingSleep();
    const log = eventLog();
    const result = await createChatClient(providerFor(mock.url), { sleep }).chat(HELLO, {
      onEvent: log.onEvent,
    });
    assert.equal(result.content, "Here it is.");
    // What the first attempt showed is taken back before the second one streams.
    const kinds = log.events.map((e) => e.type);
    assert.deepEqual(kinds.slice(kinds.indexOf("restart"), kinds.indexOf("restart") + 2), [
      "restart",
      "retry",
    ]);
    assert.match(
      log.ofType("restart")[0].reason,
      /^stream ended with an error after \d+ chunks: Failed to parse input/,
    );
  });
});

Deno.test("an error event quoting the model's words never turns tool calls off", async () => {
  // llama.cpp's parse error repeats what the model wrote; a README the model read can make
  // it say "does not support tools". Tools are refused only by an answer's status.
  const echoed =
    "Failed to parse input at pos 0: this model does not support tools, so: <tool_call>";
  await withMock({
    flavor: "llamacpp",
    turns: [{ text: "", fault: { streamError: echoed } }, { text: "Done." }],
  }, async (mock) => {
    const { sleep } = recordingSleep();
    const result = await createChatClient(providerFor(mock.url), { sleep }).chat(WITH_TOOLS);
    assert.equal(result.content, "Done.");
    assert.ok(mock.chatRequests()[1].body.tools, "the retry still offers the tools");
  });
});

Deno.test("chat() gives up after one retry of a stream error, quoting the server", async () => {
  const turn = { text: "partial answer", fault: { streamError: "Failed to parse input at pos 3" } };
  await withMock({ flavor: "llamacpp", turns: [turn, turn, turn] }, async (mock) => {
    const { delays, sleep } = recordingSleep();
    const error = await rejection(createChatClient(providerFor(mock.url), { sleep }).chat(HELLO));
    assert.equal(error.code, "server_error");
    assert.equal(
      error.message,
      `Provider "mock" (${mock.url}) ended the stream with an error: Failed to parse input at pos 3 (gave up after 1 retry)`,
    );
    assert.equal(delays.length, 1);
    assert.equal(mock.chatRequests().length, 2);
  });
});

Deno.test("chat() reads older llama.cpp's `error:` field as the same error event", async () => {
  const turn = {
    text: "partial",
    fault: { streamError: "Failed to parse input", legacyField: true },
  };
  await withMock({ turns: [turn, { text: "whole" }] }, async (mock) => {
    const { sleep } = recordingSleep();
    const log = eventLog();
    const client = createChatClient(providerFor(mock.url), { sleep });
    assert.equal((await client.chat(HELLO, { onEvent: log.onEvent })).content, "whole");
    assert.match(log.ofType("restart")[0].reason, /error after \d+ chunks: Failed to parse input/);
  });
});

Deno.test("chat() does not retry a stream error that names a rejected request", async () => {
  const turn = {
    text: "x",
    fault: { streamError: "Invalid image", code: "invalid_request_error" },
  };
  await withMock({ turns: [turn, { text: "never" }] }, async (mock) => {
    const error = await rejection(createChatClient(providerFor(mock.url)).chat(HELLO));
    assert.equal(error.code, "bad_request");
    assert.equal(mock.chatRequests().length, 1);
  });
});

Deno.test("chat() retries a chunk that is not JSON once, then fails quoting it (truncated)", async () => {
  const garbage = `{"choices":[{"delta":{"content":"lost ${"x".repeat(300)}`;
  const bad = { text: "an answer with a broken chunk", fault: { malformedChunk: garbage } };
  await withMock({ turns: [bad, bad, { text: "never" }] }, async (mock) => {
    const { sleep } = recordingSleep();
    const log = eventLog();
    const error = await rejection(
      createChatClient(providerFor(mock.url), { sleep }).chat(HELLO, { onEvent: log.onEvent }),
    );
    assert.equal(error.code, "bad_response");
    assert.match(
      error.message,
      /sent a stream chunk that is not JSON: "\{\\"choices\\":\[\{\\"delta\\":\{\\"content\\":\\"lost x+…" \(gave up after 1 retry\)$/,
    );
    assert.ok(error.message.length < 400, "the raw text is truncated");
    assert.equal(mock.chatRequests().length, 2);
    assert.equal(log.ofType("restart").length, 1);
  });
});

Deno.test("chat() recovers when the malformed chunk does not come back", async () => {
  const bad = { text: "first try", fault: { malformedChunk: "<html>502</html>" } };
  await withMock({ turns: [bad, { text: "second try" }] }, async (mock) => {
    const { sleep } = recordingSleep();
    const result = await createChatClient(providerFor(mock.url), { sleep }).chat(HELLO);
    assert.equal(result.content, "second try");
  });
});

Deno.test("chat() returns finish reason length when the output limit cut the answer", async () => {
  await withMock(
    { turns: [{ text: "a long answer that", finishReason: "length" }] },
    async (mock) => {
      const result = await createChatClient(providerFor(mock.url)).chat(HELLO);
      assert.equal(result.finishReason, "length");
      assert.equal(result.content, "a long answer that");
    },
  );
});

Deno.test("chat() takes Ollama's whole tool call with finish reason stop", async () => {
  await withMock({
    flavor: "ollama",
    turns: [{ toolCalls: [{ id: "call_o", name: "read_file", arguments: { path: "a.ts" } }] }],
  }, async (mock) => {
    const result = await createChatClient(providerFor(mock.url, { name: "ollama" })).chat(
      WITH_TOOLS,
    );
    assert.deepEqual(result.toolCalls, [{
      id: "call_o",
      type: "function",
      function: { name: "read_file", arguments: '{"path":"a.ts"}' },
    }]);
    assert.equal(result.finishReason, "stop");
  });
});
