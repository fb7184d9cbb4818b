import assert from "node:assert/strict";
import { parseToolArguments, unclosedAtEnd } from "../../../src/ai/toolcalls/arguments.ts";

Deno.test("parseToolArguments() takes strict JSON as it is", () => {
  assert.deepEqual(parseToolArguments('{"path": "a.txt"}'), {
    ok: true,
    value: { path: "a.txt" },
    repaired: false,
  });
  assert.deepEqual(parseToolArguments("  "), { ok: true, value: {}, repaired: false });
});

Deno.test("parseToolArguments() mends syntax slips that leave nothing open", () => {
  assert.deepEqual(parseToolArguments("{'path': 'a.txt', 'force': True,}"), {
    ok: true,
    value: { path: "a.txt", force: true },
    repaired: "syntax",
  });
});

Deno.test("parseToolArguments() refuses arguments cut off inside a string, object or array", () => {
  const cut = '{"path": "important.txt", "content": "line 1\\nline 2\\nli';
  const result = parseToolArguments(cut);
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.reason, "truncated");
  assert.equal(parseToolArguments('{"path": "a", "lines": [1, 2').ok, false);
  assert.equal(parseToolArguments('{"path": "a"').ok, false);
});

Deno.test("unclosedAtEnd() ignores brackets and quotes inside strings", () => {
  assert.equal(unclosedAtEnd('{"a": "}{[\\"", "b": \'it"s\'}'), undefined);
  assert.equal(unclosedAtEnd('{"a": "x\\'), "a string");
  assert.equal(unclosedAtEnd('[{"a": 1}'), "an array");
});

Deno.test("parseToolArguments() keeps the 2-argument form lenient: a guessed repair still parses", () => {
  const r = parseToolArguments('{"content": "He said "hi" to me"}');
  assert.deepEqual(r, { ok: true, value: { content: 'He said "hi" to me' }, repaired: "syntax" });
});

Deno.test("parseToolArguments({strict}) accepts repairs that only fixed syntax", () => {
  const cases: [string, unknown][] = [
    ["{'path': 'a.txt', 'force': True, 'mode': None,}", { path: "a.txt", force: true, mode: null }],
    ['{path: "a.txt", lines: [1, 2,]}', { path: "a.txt", lines: [1, 2] }],
    ['{"command": "echo \'it\\"s\'"} // done', { command: "echo 'it\"s'" }],
    ['{"content": "line 1\nline 2"}', { content: "line 1\nline 2" }], // a raw newline is content
    ['{"path": "a" "content": "b"}', { path: "a", content: "b" }], // a missing comma
    ['{"path": "a"}}', { path: "a" }], // a stray closing brace
  ];
  for (const [text, value] of cases) {
    assert.deepEqual(parseToolArguments(text, { strict: true }), {
      ok: true,
      value,
      repaired: "syntax",
    }, text);
  }
});

Deno.test("parseToolArguments({strict}) refuses repairs that could change or invent a value", () => {
  for (
    const text of [
      '{"content": "He said "hi" to me"}', // unescaped quotes: one string or three?
      '{"command": "grep \\d+ log.txt"}', // an invalid escape: the repair drops the backslash
      '{"path": }', // a missing value becomes null
      '{"path": a.txt}', // a bare word becomes a string
      '{"content": "a" + "b"}', // concatenation
      '{"lines": [1, 2, ...]}',
      '{"n": NaN}',
    ]
  ) {
    const r = parseToolArguments(text, { strict: true });
    assert.equal(r.ok, false, text);
    assert.equal(!r.ok && r.reason, "ambiguous", text);
    assert.match(!r.ok ? r.message : "", /write valid JSON, escaping quotes/);
  }
});

Deno.test("parseToolArguments({strict}) still calls an unterminated value truncated", () => {
  const r = parseToolArguments('{"path": "a.txt", "content": "partial', { strict: true });
  assert.equal(!r.ok && r.reason, "truncated");
  assert.match(!r.ok ? r.message : "", /cut off \(retry with smaller pieces\)/);
});

Deno.test("parseToolArguments({complete}) calls JSON left open at the end malformed, and says how to fix it", () => {
  const quote = parseToolArguments('{"path":"q.txt","content":"a"b"}', { complete: true });
  assert.equal(!quote.ok && quote.reason, "invalid");
  assert.match(
    !quote.ok ? quote.message : "",
    /^a string is still open at the end of the arguments \(.+\): a quote inside a string value was most likely not escaped; write it as \\" \(and a backslash as \\\\\)$/,
  );
  const brace = parseToolArguments('{"path": "a"', { complete: true, strict: true });
  assert.equal(!brace.ok && brace.reason, "invalid");
  assert.match(!brace.ok ? brace.message : "", /^an object is not closed .*: add the missing }$/);
  const bracket = parseToolArguments('{"lines": [1, 2', { complete: true });
  assert.match(
    !bracket.ok ? bracket.message : "",
    /^an array is not closed .*: add the missing ]$/,
  );
  // Without knowing the message was whole, the same text may have been cut off.
  const unknown = parseToolArguments('{"path":"q.txt","content":"a"b"}');
  assert.equal(!unknown.ok && unknown.reason, "truncated");
});
