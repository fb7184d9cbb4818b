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
