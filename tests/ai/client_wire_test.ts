/** createChatClient() against hand-made responses: SSE framing quirks and servers that bend the protocol. */

import assert from "node:assert/strict";
import { createChatClient } from "../../src/ai/client.ts";
import { chatChunk, SSE_DONE_EVENT, sseEvent } from "../_helpers/sse.ts";
import { eventLog, HELLO, providerFor, recordingSleep } from "./_client_setup.ts";

/** A fetch that answers each call with the next response built by `responses`. */
function scriptedFetch(responses: (() => Response)[]): typeof fetch {
  let i = 0;
  return (_input, init) => {
    init?.body; // the request is built; the answer comes from the script
    const next = responses[i++];
    if (!next) return Promise.reject(new Error("No scripted response left"));
    return Promise.resolve(next());
  };
}

/** An SSE response whose body is sent in the given byte pieces. */
function sse(pieces: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}

Deno.test("chat() decodes CRLF events, comments and events split at any byte", async () => {
  const wire = [
    ": keep-alive comment\r\n\r\n",
    sseEvent(chatChunk({ content: "héllo " })).replaceAll("\n", "\r\n"),
    sseEvent(chatChunk({ content: "wörld" })),
    sseEvent(chatChunk({}, { finishReason: "stop" })),
    SSE_DONE_EVENT,
  ].join("");
  // Cut the stream every 3 characters, splitting lines, events and multi-byte characters' neighbours.
  const pieces = wire.match(/[\s\S]{1,3}/g)!;
  const client = createChatClient(providerFor("http://mock.invalid/v1"), {
    fetch: scriptedFetch([() => sse(pieces)]),
  });
  const result = await client.chat(HELLO);
  assert.equal(result.content, "héllo wörld");
  assert.equal(result.finishReason, "stop");
});

Deno.test("chat() accepts a JSON answer to a streaming request", async () => {
  const completion = {
    choices: [{ message: { role: "assistant", content: "whole" }, finish_reason: "stop" }],
  };
  const client = createChatClient(providerFor("http://mock.invalid/v1"), {
    fetch: scriptedFetch([() => Response.json(completion)]),
  });
  const log = eventLog();
  const result = await client.chat(HELLO, { onEvent: log.onEvent });
  assert.equal(result.content, "whole");
  assert.equal(log.text(), "whole");
});

Deno.test("chat() restarts a stream that carries an error event mid-way", async () => {
  const broken = [
    sseEvent(chatChunk({ content: "part" })),
    sseEvent({ error: { message: "upstream overloaded", code: 502 } }),
  ];
  const good = [
    sseEvent(chatChunk({ content: "full" })),
    sseEvent(chatChunk({}, { finishReason: "stop" })),
    SSE_DONE_EVENT,
  ];
  const { sleep } = recordingSleep();
  const client = createChatClient(providerFor("http://mock.invalid/v1"), {
    sleep,
    fetch: scriptedFetch([() => sse(broken), () => sse(good)]),
  });
  const log = eventLog();
  const result = await client.chat(HELLO, { onEvent: log.onEvent });
  assert.equal(result.content, "full");
  assert.deepEqual(log.ofType("restart"), [{
    type: "restart",
    reason: "stream ended with an error after 1 chunks: upstream overloaded",
  }]);
});

Deno.test("chat() restarts a stream that ends before its finish chunk", async () => {
  const cut = [sseEvent(chatChunk({ content: "half" }))];
  const good = [sseEvent(chatChunk({ content: "all" }, { finishReason: "stop" }))];
  const { sleep } = recordingSleep();
  const client = createChatClient(providerFor("http://mock.invalid/v1"), {
    sleep,
    fetch: scriptedFetch([() => sse(cut), () => sse(good)]),
  });
  const log = eventLog();
  assert.equal((await client.chat(HELLO, { onEvent: log.onEvent })).content, "all");
  assert.equal(log.ofType("restart").length, 1);
});

Deno.test("chat() reports a mid-stream context error without retrying", async () => {
  const body = [sseEvent({ error: { message: "prompt is too long: 9000 tokens > 8192 maximum" } })];
  const client = createChatClient(providerFor("http://mock.invalid/v1"), {
    fetch: scriptedFetch([() => sse(body)]),
  });
  await assert.rejects(client.chat(HELLO), { code: "context_length_exceeded" });
});

Deno.test("chat() reports a non-JSON answer as a bad response", async () => {
  const client = createChatClient(providerFor("http://mock.invalid/v1"), {
    fetch: scriptedFetch([() => new Response("<html>proxy</html>", { status: 200 })]),
  });
  await assert.rejects(client.chat({ ...HELLO, stream: false }), {
    code: "bad_response",
    message: 'Provider "http://mock.invalid/v1" answered with something other than JSON: ' +
      "<html>proxy</html> (a proxy or a web page answered, not the API: check that the base " +
      "URL ends in /v1 and points at the API itself)",
  });
});

Deno.test("listModels() reports a web page instead of a model list with the same hint", async () => {
  const client = createChatClient(providerFor("http://mock.invalid"), {
    fetch: scriptedFetch([() => new Response("<!doctype html><title>Sign in</title>")]),
  });
  await assert.rejects(client.listModels(), {
    code: "bad_response",
    message: 'Provider "http://mock.invalid" answered with something other than JSON: ' +
      "<!doctype html><title>Sign in</title> (a proxy or a web page answered, not the API: " +
      "check that the base URL ends in /v1 and points at the API itself)",
  });
});
