/**
 * Fuzz: the stream framing (SSE, NDJSON) and the stream assembler, alone and under the
 * chat client of every wire. Streams split at random places give the same result as
 * whole; garbage, cut-off streams and huge lines never crash anything: the client
 * answers a well-formed result or a ProviderError with a message. Seeded (_prng.ts).
 */
import assert from "node:assert/strict";
import { NdjsonDecoder, SseDecoder, type SseEvent } from "../../src/ai/sse.ts";
import { StreamAssembler } from "../../src/ai/stream_assembler.ts";
import { createChatClient } from "../../src/ai/client.ts";
import type { ChatResult } from "../../src/ai/types.ts";
import type { ProviderConfig } from "../../src/config/types.ts";
import { ProviderError } from "../../src/errors.ts";
import type { MockTurn, RenderContext } from "../_helpers/mock_turns.ts";
import { openaiRenderer } from "../_helpers/mock_turns.ts";
import {
  anthropicRenderer,
  geminiRenderer,
  ollamaNativeRenderer,
  type WireRenderer,
} from "../_helpers/mock_wires.ts";
import { forSeeds, type Prng } from "./_prng.ts";

const encoder = new TextEncoder();

function decodeAll(decoder: SseDecoder | NdjsonDecoder, pieces: Uint8Array[]): SseEvent[] {
  return [...pieces.flatMap((piece) => decoder.feed(piece)), ...decoder.end()];
}

/** A stream of SSE events with comments, names, ids, multi-line data and mixed line ends. */
function sseDocument(rng: Prng): string {
  let doc = "";
  for (let i = rng.int(0, 8); i > 0; i--) {
    const eol = rng.pick(["\n", "\r\n", "\r"]);
    if (rng.chance(0.2)) doc += `: keep-alive${eol}`;
    if (rng.chance(0.3)) doc += `event: ${rng.pick(["message", "error", "ping"])}${eol}`;
    if (rng.chance(0.1)) doc += `id: ${rng.int(0, 99)}${eol}`;
    for (let j = rng.int(1, 3); j > 0; j--) {
      const data = rng.chance(0.5) ? JSON.stringify(rng.json(3)) : rng.text(40);
      doc += `data:${rng.chance(0.8) ? " " : ""}${data.replace(/[\r\n]/g, " ")}${eol}`;
    }
    doc += eol;
  }
  return doc;
}

Deno.test("fuzz: SSE events are the same whatever the chunk boundaries", async () => {
  await forSeeds(400, (rng) => {
    const bytes = encoder.encode(sseDocument(rng));
    const whole = decodeAll(new SseDecoder(), [bytes]);
    assert.deepEqual(decodeAll(new SseDecoder(), rng.split(bytes)), whole);
  });
});

Deno.test("fuzz: random bytes never break the SSE and NDJSON decoders, split or whole", async () => {
  await forSeeds(400, (rng) => {
    const bytes = rng.chance(0.5) ? rng.bytes(2000) : encoder.encode(rng.text(2000));
    for (const make of [() => new SseDecoder(), () => new NdjsonDecoder()]) {
      const whole = decodeAll(make(), [bytes]);
      assert.deepEqual(decodeAll(make(), rng.split(bytes)), whole);
      for (const event of whole) assert.equal(typeof event.data, "string");
    }
  });
});

Deno.test("fuzz: a huge data line arrives whole, in any chunking", async () => {
  await forSeeds(5, (rng) => {
    const data = "x".repeat(rng.int(1, 4) * 1024 * 1024);
    const bytes = encoder.encode(`data: ${data}\n\ndata: [DONE]\n\n`);
    const events = decodeAll(new SseDecoder(), rng.split(bytes));
    assert.deepEqual(events.map((e) => e.data.length), [data.length, 6]);
  });
});

const CHUNK_KEYS = [
  "choices",
  "delta",
  "message",
  "content",
  "reasoning",
  "reasoning_content",
  "tool_calls",
  "index",
  "id",
  "type",
  "function",
  "name",
  "arguments",
  "finish_reason",
  "usage",
  "prompt_tokens",
  "completion_tokens",
  "total_tokens",
];

function assertWellFormed(result: ChatResult): void {
  assert.equal(typeof result.content, "string");
  assert.equal(typeof result.reasoning, "string");
  assert.ok(result.finishReason === null || typeof result.finishReason === "string");
  assert.ok(Array.isArray(result.toolCalls));
  for (const call of result.toolCalls) {
    assert.equal(typeof call.id, "string");
    assert.equal(typeof call.function.name, "string");
    assert.equal(typeof call.function.arguments, "string");
  }
  if (result.usage) {
    for (const n of Object.values(result.usage)) assert.ok(typeof n === "number", String(n));
  }
}

Deno.test("fuzz: the stream assembler takes any JSON chunk and stays well-formed", async () => {
  await forSeeds(500, (rng) => {
    const assembler = new StreamAssembler(() => {});
    for (let i = rng.int(1, 12); i > 0; i--) {
      const chunk = rng.json(5, CHUNK_KEYS);
      if (rng.chance(0.2)) assembler.pushCompletion(chunk);
      else assembler.push(chunk);
    }
    assertWellFormed(assembler.result());
  });
});

/** The four wires, each with a provider that speaks it and the mock's renderer. */
const WIRES: { name: string; provider: ProviderConfig; renderer: WireRenderer }[] = [
  {
    name: "openai",
    provider: { name: "fuzz", baseUrl: "http://fuzz.test/v1", models: ["m"] },
    renderer: openaiRenderer,
  },
  {
    name: "anthropic",
    provider: {
      name: "fuzz",
      sdkProvider: "anthropic",
      baseUrl: "http://fuzz.test/v1",
      apiKey: "k",
      models: ["m"],
    },
    renderer: anthropicRenderer,
  },
  {
    name: "google",
    provider: {
      name: "fuzz",
      sdkProvider: "google",
      baseUrl: "http://fuzz.test/v1beta",
      apiKey: "k",
      models: ["m"],
    },
    renderer: geminiRenderer,
  },
  {
    name: "ollama",
    provider: {
      name: "ollama",
      baseUrl: "http://127.0.0.1:11434/v1",
      models: ["m"],
      contextWindow: 8192,
    },
    renderer: ollamaNativeRenderer,
  },
];

function randomTurn(rng: Prng): MockTurn {
  return {
    text: rng.chance(0.8) ? rng.text(200) : undefined,
    reasoning: rng.chance(0.3) ? rng.text(100) : undefined,
    toolCalls: rng.chance(0.4)
      ? Array.from({ length: rng.int(1, 3) }, (_, i) => ({
        id: `call_${i}`,
        name: rng.pick(["read_file", "execute_bash", "mcp__fs__list"]),
        arguments: { path: rng.text(30), n: rng.int(0, 9) },
      }))
      : undefined,
    chunkSize: rng.int(1, 40),
  };
}

/** A chat client whose every request is answered with `body` (as one wire sends it). */
function clientAnswering(
  wire: (typeof WIRES)[number],
  contentType: string,
  pieces: () => Uint8Array[],
) {
  const fakeFetch: typeof fetch = () => {
    const chunks = pieces();
    return Promise.resolve(
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            const next = chunks.shift();
            if (next) controller.enqueue(next);
            else controller.close();
          },
        }),
        { status: 200, headers: { "content-type": contentType } },
      ),
    );
  };
  return createChatClient({ ...wire.provider, maxRetries: 1 }, {
    fetch: fakeFetch,
    sleep: () => Promise.resolve(),
    random: () => 0,
  });
}

const REQUEST = { model: "m", messages: [{ role: "user" as const, content: "hi" }] };
const CONTEXT: RenderContext = {
  model: "m",
  promptChars: 100,
  includeUsage: true,
  idPrefix: "call",
};

/**
 * What a chat call gave: its result without the provider's replay data, or its error.
 * Gemini and Ollama send no call ids: the client makes random ones, left out here.
 */
async function outcome(
  client: ReturnType<typeof createChatClient>,
): Promise<{ result?: ChatResult; error?: unknown }> {
  try {
    const { replay: _, ...result } = await client.chat(REQUEST);
    const ids = result.toolCalls.some((c) => /^call_[0-9a-f]{24}$/.test(c.id));
    if (ids) result.toolCalls = result.toolCalls.map((c) => ({ ...c, id: "" }));
    return { result };
  } catch (error) {
    return { error };
  }
}

for (const wire of WIRES) {
  Deno.test(`fuzz: a ${wire.name} stream split anywhere gives the same message`, async () => {
    await forSeeds(60, async (rng) => {
      const turn = randomTurn(rng);
      const rendering = wire.renderer.stream(turn, CONTEXT);
      const bytes = encoder.encode([...rendering.body, ...rendering.tail].join(""));
      const whole = await outcome(clientAnswering(wire, rendering.contentType, () => [bytes]));
      assert.ok(whole.result, String(whole.error));
      assert.equal(whole.result.content, turn.text ?? "");
      assert.deepEqual(
        whole.result.toolCalls.map((c) => [c.function.name, JSON.parse(c.function.arguments)]),
        (turn.toolCalls ?? []).map((c) => [c.name, c.arguments]),
      );
      const split = await outcome(
        clientAnswering(wire, rendering.contentType, () => rng.split(bytes)),
      );
      assert.deepEqual(split, whole);
    });
  });

  Deno.test(`fuzz: a broken ${wire.name} stream gives a message or a ProviderError, never a crash`, async () => {
    await forSeeds(40, async (rng) => {
      const rendering = wire.renderer.stream(randomTurn(rng), CONTEXT);
      const text = [...rendering.body, ...rendering.tail].join("");
      const broken = mutate(rng, encoder.encode(text), wire.renderer);
      const { result, error } = await outcome(
        clientAnswering(wire, rendering.contentType, () => rng.split(broken)),
      );
      if (result) assertWellFormed(result);
      else {
        assert.ok(error instanceof ProviderError, `not a ProviderError: ${error}`);
        assert.ok(error.message.length > 10, error.message);
      }
    });
  });
}

/** One kind of damage a real stream suffers. */
function mutate(rng: Prng, bytes: Uint8Array, renderer: WireRenderer): Uint8Array {
  const at = rng.int(0, bytes.length);
  const insert = (extra: Uint8Array) =>
    new Uint8Array([...bytes.subarray(0, at), ...extra, ...bytes.subarray(at)]);
  switch (rng.int(0, 6)) {
    case 0: // cut off
      return bytes.subarray(0, at);
    case 1: // garbage text
      return insert(encoder.encode(rng.text(200)));
    case 2: // garbage bytes over a range
      return new Uint8Array([
        ...bytes.subarray(0, at),
        ...rng.bytes(100),
        ...bytes.subarray(at + 50),
      ]);
    case 3: // a random JSON event
      return insert(encoder.encode(renderer.raw(JSON.stringify(rng.json(4, CHUNK_KEYS)))));
    case 4: // a huge line
      return insert(encoder.encode(`data: ${"y".repeat(1024 * 1024)}\n\n`));
    case 5: // an error event from the server
      return insert(encoder.encode(renderer.errorEvent(rng.text(40), rng.int(400, 599))));
    default: // a slice sent twice
      return insert(bytes.subarray(rng.int(0, at), at));
  }
}
