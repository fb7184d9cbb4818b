/**
 * Runs every fixture in tests/fixtures/toolcalls/ through the batch parser and
 * through the streaming parser fed in random-size chunks.
 */
import assert from "node:assert/strict";
import {
  createToolCallStream,
  type ParseOptions,
  parseToolCalls,
  parseToolCallsDetailed,
} from "../../../src/ai/toolcalls/mod.ts";
import { prng, randomChunks } from "./_prng.ts";

interface Fixture {
  name: string;
  /** Where the output was seen (hard cases cite a public report). */
  source?: string;
  input: string;
  tools: string[];
  /** Parameter schemas, as the engine passes them. */
  schemas?: ParseOptions["schemas"];
  expected: {
    text: string;
    /** `format` is checked when given (the markup family the call was written in). */
    calls: { name: string; arguments: Record<string, unknown>; format?: string }[];
    errors?: string[];
    reasoning?: string;
  };
}

const dir = new URL("../../fixtures/toolcalls/", import.meta.url);

function loadCorpus(): { file: string; fixture: Fixture }[] {
  const out: { file: string; fixture: Fixture }[] = [];
  const files = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".json"));
  for (const file of files.sort()) {
    const list = JSON.parse(Deno.readTextFileSync(new URL(file, dir))) as Fixture[];
    for (const fixture of list) out.push({ file, fixture });
  }
  return out;
}

const corpus = loadCorpus();

Deno.test("corpus has cases for every format", () => {
  const files = new Set(corpus.map((c) => c.file));
  for (
    const f of [
      "nanocoder_xml.json",
      "json.json",
      "hermes_qwen.json",
      "qwen3_coder.json",
      "mistral.json",
      "llama.json",
      "deepseek.json",
      "glm.json",
      "harmony.json",
      "reasoning.json",
      "negatives.json",
    ]
  ) assert.ok(files.has(f), `missing fixture file ${f}`);
  assert.ok(corpus.length >= 80, `only ${corpus.length} cases`);
});

for (const { file, fixture } of corpus) {
  Deno.test(`parseToolCalls() ${file}: ${fixture.name}`, () => {
    const options = { schemas: fixture.schemas };
    const detailed = parseToolCallsDetailed(fixture.input, fixture.tools, options);
    const got = fixture.schemas ? detailed : parseToolCalls(fixture.input, fixture.tools);
    const calls = got.calls.map((c, i) =>
      fixture.expected.calls[i]?.format ? c : { name: c.name, arguments: c.arguments }
    );
    assert.deepEqual({ text: got.text, calls }, {
      text: fixture.expected.text,
      calls: fixture.expected.calls,
    });
    if (fixture.expected.errors) {
      assert.deepEqual(detailed.errors.map((e) => e.kind), fixture.expected.errors);
    }
    if (fixture.expected.reasoning !== undefined) {
      assert.equal(detailed.reasoning, fixture.expected.reasoning);
    }
    for (const e of detailed.errors) {
      assert.ok(e.message.length > 0 && e.raw.length > 0);
      if (e.kind === "unknown_tool") {
        for (const t of fixture.tools) assert.ok(e.message.includes(`"${t}"`), e.message);
      }
    }
  });
}

Deno.test("streaming in random chunks gives the batch result for every fixture", () => {
  const rand = prng(20261124);
  for (const { file, fixture } of corpus) {
    const options = { schemas: fixture.schemas };
    const batch = parseToolCallsDetailed(fixture.input, fixture.tools, options);
    for (let round = 0; round < 5; round++) {
      const stream = createToolCallStream(fixture.tools, options);
      let shown = "";
      for (const chunk of randomChunks(fixture.input, rand, round === 0 ? 1 : 16)) {
        shown += stream.push(chunk);
      }
      const end = stream.end();
      const { tail, displayedWasReasoning, ...result } = end;
      assert.deepEqual(result, batch, `${file}: ${fixture.name}`);
      if (!displayedWasReasoning) {
        assert.equal(shown + tail, batch.text, `${file}: ${fixture.name} (displayed text)`);
      }
    }
  }
});
