import assert from "node:assert/strict";
import {
  boundedLines,
  requestIdOf,
  tooLongAnswer,
  type TooLongLine,
} from "../../src/bridge/wire.ts";

const encoder = new TextEncoder();

/** Runs `chunks` through boundedLines; what came out and what was reported. */
async function through(maxBytes: number, chunks: string[]) {
  const tooLong: { head: string; bytes: number }[] = [];
  const stream = ReadableStream.from(chunks.map((c) => encoder.encode(c)))
    .pipeThrough(boundedLines(maxBytes, (line: TooLongLine) => {
      tooLong.push({ head: new TextDecoder().decode(line.head), bytes: line.bytes });
    }));
  let out = "";
  for await (const chunk of stream) out += new TextDecoder().decode(chunk);
  return { out, tooLong };
}

Deno.test("boundedLines() passes lines within the limit whole, however they were split", async () => {
  assert.deepEqual(await through(10, ['{"a":', "1}\n{", "}\n\n", "tail"]), {
    out: '{"a":1}\n{}\n\ntail',
    tooLong: [],
  });
});

Deno.test("boundedLines() drops a line over the limit as it comes and reports its start and length", async () => {
  const long = `{"id":7,"params":"${"x".repeat(5000)}"}`;
  const { out, tooLong } = await through(100, [
    "ok\n",
    long.slice(0, 30),
    long.slice(30),
    "\nnext\n",
  ]);
  assert.equal(out, "ok\nnext\n");
  assert.equal(tooLong.length, 1);
  assert.equal(tooLong[0].bytes, long.length);
  assert.equal(tooLong[0].head, long.slice(0, 4096));
});

Deno.test("boundedLines() reports a line over the limit that the input ends in", async () => {
  const { out, tooLong } = await through(4, ["abcdefgh"]);
  assert.equal(out, "");
  assert.deepEqual(tooLong, [{ head: "abcdefgh", bytes: 8 }]);
});

Deno.test("requestIdOf() finds the top-level id before the line was cut", () => {
  assert.equal(requestIdOf('{"jsonrpc":"2.0","id":42,"method":"session/prompt","par'), 42);
  assert.equal(requestIdOf(' { "id" : "req-1" , "x"'), "req-1");
  assert.equal(requestIdOf('{"params":{"id":1,"s":"}\\""},"id":3,"m'), 3);
  assert.equal(requestIdOf('{"a":[1,{"id":2}],"id":-5}'), -5);
  assert.equal(requestIdOf('{"method":"x","params":{"text":"aaaa'), null, "cut before any id");
  assert.equal(requestIdOf('{"id":12'), null, "the number may be cut too");
  assert.equal(requestIdOf('{"id":null,"method"'), null);
  assert.equal(requestIdOf('{"id":{"x":1},"method"'), null);
  assert.equal(requestIdOf("\u0000\u00ff garbage"), null);
  assert.equal(requestIdOf("[1,2"), null);
});

Deno.test("tooLongAnswer() is an Invalid Request error for the line's id, saying what to do", () => {
  const answer = tooLongAnswer(
    { head: encoder.encode('{"jsonrpc":"2.0","id":"p1","method":"session/prompt"'), bytes: 40e6 },
    32 * 1024 * 1024,
  );
  assert.deepEqual(answer, {
    jsonrpc: "2.0",
    id: "p1",
    error: {
      code: -32600,
      message:
        "Invalid request: a message of 40000000 bytes is over the 32 MiB limit and was not read (attach large files as resource links, not embedded)",
    },
  });
});
