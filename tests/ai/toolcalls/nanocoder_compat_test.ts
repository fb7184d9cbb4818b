/**
 * Equivalence with Nanocoder's parser (issue #17): its 90 parser tests, ported as data,
 * run against `parseToolCallsDetailed` and the streaming parser. A case either agrees
 * with Nanocoder's expectation, or documents the rule of ours that differs and why; a
 * documented difference must really differ (Nanocoder's expectation fails here).
 */
import assert from "node:assert/strict";
import {
  createToolCallStream,
  type DetailedParseResult,
  parseToolCallsDetailed,
} from "../../../src/ai/toolcalls/mod.ts";
import {
  COMPAT_TOOLS,
  type CompatCase,
  type Outcome,
  XML_PARSER_CASES,
} from "./nanocoder_cases.ts";
import { TOOL_PARSER_CASES } from "./nanocoder_tool_parser_cases.ts";

const CASES: CompatCase[] = [...XML_PARSER_CASES, ...TOOL_PARSER_CASES];

function check(r: DetailedParseResult, want: Outcome): void {
  if (want.calls) {
    assert.equal(r.calls.length, want.calls.length, "number of calls");
    want.calls.forEach((c, i) => {
      assert.equal(r.calls[i].name, c.name);
      if (c.arguments) assert.deepEqual(r.calls[i].arguments, c.arguments);
    });
  }
  if (want.count !== undefined) assert.equal(r.calls.length, want.count, "number of calls");
  const errors = want.errors ?? (want.calls || want.count !== undefined ? [] : undefined);
  if (errors) assert.deepEqual(r.errors.map((e) => e.kind), errors, "errors told to the model");
  if (want.text !== undefined) assert.equal(r.text, want.text);
  for (const s of want.textHas ?? []) {
    assert.ok(r.text.includes(s), `text has ${JSON.stringify(s)}`);
  }
  for (const s of want.textLacks ?? []) {
    assert.ok(!r.text.includes(s), `text lacks ${JSON.stringify(s)}`);
  }
}

for (const c of CASES) {
  const label = c.ours ? `differs by design: ${c.test}` : `agrees: ${c.test}`;
  Deno.test(`Nanocoder ${label}`, () => {
    const r = parseToolCallsDetailed(c.input, COMPAT_TOOLS);
    check(r, c.ours ?? c.nanocoder);
    if (c.ours) assert.throws(() => check(r, c.nanocoder), "a documented difference must differ");
    const stream = createToolCallStream(COMPAT_TOOLS);
    for (let i = 0; i < c.input.length; i += 7) stream.push(c.input.slice(i, i + 7));
    const { tail: _, displayedWasReasoning: __, ...streamed } = stream.end();
    assert.deepEqual(streamed, r);
  });
}

Deno.test("the Nanocoder port has all 90 tests, and says why each difference is better", () => {
  assert.equal(XML_PARSER_CASES.length, 63);
  assert.equal(TOOL_PARSER_CASES.length, 27);
  const differ = CASES.filter((c) => c.ours);
  for (const c of differ) assert.ok(c.ours!.why.length > 40, c.test);
  assert.equal(differ.length, 8);
});
