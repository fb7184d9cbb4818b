/**
 * Issue #11 item 1, text side: a call whose markup never closed is never run, in any
 * format. The message ending inside it is a cut-off (`truncated`: retry with smaller
 * pieces); other text after it, a `malformed` call. Repair stays for slips inside
 * markup that did close.
 */
import assert from "node:assert/strict";
import {
  createToolCallStream,
  type ParseOptions,
  parseToolCallsDetailed,
} from "../../../src/ai/toolcalls/mod.ts";

const TOOLS = ["read_file", "write_file", "execute_bash"];

/** Each format's complete call of write_file; the cut drops everything from `cut` on. */
const CALLS: { format: string; full: string; cut: string }[] = [
  {
    format: "Nanocoder XML",
    full: "<write_file>\n<path>a.txt</path>\n<content>line 1\nline 2\n</content>\n</write_file>",
    cut: "</write_file>",
  },
  {
    format: "Nanocoder XML, inside a value",
    full: "<write_file>\n<path>a.txt</path>\n<content>line 1\nline 2\n</content>\n</write_file>",
    cut: "line 2",
  },
  {
    format: "Hermes <tool_call> with complete JSON",
    full:
      '<tool_call>\n{"name": "write_file", "arguments": {"path": "a.txt", "content": "x"}}\n</tool_call>',
    cut: "</tool_call>",
  },
  {
    format: "Hermes <tool_call> inside the JSON",
    full:
      '<tool_call>\n{"name": "write_file", "arguments": {"path": "a.txt", "content": "x"}}\n</tool_call>',
    cut: '"}}',
  },
  {
    format: "Qwen3-Coder without </tool_call>",
    full:
      "<tool_call>\n<function=write_file>\n<parameter=path>\na.txt\n</parameter>\n<parameter=content>\nx\n</parameter>\n</function>\n</tool_call>",
    cut: "</tool_call>",
  },
  {
    format: "Qwen3-Coder without </function>",
    full:
      "<function=write_file>\n<parameter=path>\na.txt\n</parameter>\n<parameter=content>\nx\n</parameter>\n</function>",
    cut: "</function>",
  },
  {
    format: "Llama <function=…>{json}",
    full: '<function=write_file>{"path": "a.txt", "content": "x"}</function>',
    cut: "</function>",
  },
  {
    format: "invoke",
    full:
      '<invoke name="write_file">\n<parameter name="path">a.txt</parameter>\n<parameter name="content">x</parameter>\n</invoke>',
    cut: "</invoke>",
  },
  {
    format: "MiniMax wrapper",
    full:
      '<minimax:tool_call>\n<invoke name="write_file">\n<parameter name="path">a.txt</parameter>\n<parameter name="content">x</parameter>\n</invoke>\n</minimax:tool_call>',
    cut: "</minimax:tool_call>",
  },
  {
    format: "GLM",
    full:
      "<tool_call>write_file\n<arg_key>path</arg_key>\n<arg_value>a.txt</arg_value>\n<arg_key>content</arg_key>\n<arg_value>x</arg_value>\n</tool_call>",
    cut: "</tool_call>",
  },
  {
    format: "fenced JSON, fence never closed",
    full: '```json\n{"name": "write_file", "arguments": {"path": "a.txt", "content": "x"}}\n```',
    cut: "```\u0000", // the closing fence: see below
  },
  {
    format: "bare JSON",
    full: '{"name": "write_file", "arguments": {"path": "a.txt", "content": "x"}}',
    cut: '"}}',
  },
  {
    format: "Mistral [ARGS]",
    full: '[TOOL_CALLS]write_file[ARGS]{"path": "a.txt", "content": "x"}',
    cut: '"}',
  },
  {
    format: "Mistral list",
    full: '[TOOL_CALLS][{"name": "write_file", "arguments": {"path": "a.txt", "content": "x"}}]',
    cut: "}]",
  },
  {
    format: "Llama python_tag",
    full: '<|python_tag|>{"name": "write_file", "parameters": {"path": "a.txt", "content": "x"}}',
    cut: '"}}',
  },
  {
    format: "DeepSeek without its end tokens",
    full:
      '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>write_file<｜tool▁sep｜>{"path": "a.txt", "content": "x"}<｜tool▁call▁end｜><｜tool▁calls▁end｜>',
    cut: "<｜tool▁call▁end｜>",
  },
  {
    format: "DeepSeek without the section end",
    full:
      '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>write_file<｜tool▁sep｜>{"path": "a.txt", "content": "x"}<｜tool▁call▁end｜><｜tool▁calls▁end｜>',
    cut: "<｜tool▁calls▁end｜>",
  },
  {
    format: "Kimi K2",
    full:
      '<|tool_calls_section_begin|><|tool_call_begin|>functions.write_file:0<|tool_call_argument_begin|>{"path": "a.txt", "content": "x"}<|tool_call_end|><|tool_calls_section_end|>',
    cut: "<|tool_call_end|>",
  },
  {
    format: "gpt-oss harmony inside the JSON",
    full:
      '<|start|>assistant<|channel|>commentary to=functions.write_file <|constrain|>json<|message|>{"path": "a.txt", "content": "x"}<|call|>',
    cut: '"}',
  },
  {
    format: "Llama 3.2 pythonic list",
    full: '[write_file(path="a.txt", content="x")]',
    cut: "]",
  },
  {
    format: "LFM2",
    full: '<|tool_call_start|>[write_file(path="a.txt", content="x")]<|tool_call_end|>',
    cut: "<|tool_call_end|>",
  },
];

function cutText(c: (typeof CALLS)[number]): string {
  if (c.cut.startsWith("```")) return c.full.slice(0, c.full.lastIndexOf("```"));
  return c.full.slice(0, c.full.lastIndexOf(c.cut));
}

for (const c of CALLS) {
  Deno.test(`a call cut off before its end is never run: ${c.format}`, () => {
    const input = `I'll write it now.\n${cutText(c)}`;
    const r = parseToolCallsDetailed(input, TOOLS);
    assert.deepEqual(r.calls, [], input);
    assert.deepEqual(r.errors.map((e) => e.kind), ["truncated"], input);
    assert.match(r.errors[0].message, /was cut off: the message ended before .*so it was not run/);
    assert.match(r.errors[0].message, /make the call again with smaller pieces/);
    assert.equal(r.text, "I'll write it now.");
    // The whole call runs, with all of its arguments.
    const whole = parseToolCallsDetailed(`I'll write it now.\n${c.full}`, TOOLS);
    assert.deepEqual(whole.calls.map((x) => [x.name, x.arguments]), [
      ["write_file", {
        path: "a.txt",
        content: c.format.startsWith("Nanocoder") ? "line 1\nline 2\n" : "x",
      }],
    ], c.full);
  });
}

Deno.test("an XML call cut off before its closing tag names what never came", () => {
  const r = parseToolCallsDetailed("<execute_bash>\n<command>rm -rf build</command>\n", TOOLS);
  assert.deepEqual(r.calls, []);
  assert.equal(r.errors[0].kind, "truncated");
  assert.match(
    r.errors[0].message,
    /^The call of tool "execute_bash" was cut off: the message ended before its <\/execute_bash> tag/,
  );
});

Deno.test("a bare JSON call missing its closing }} says the object is unterminated and how to end it", () => {
  const r = parseToolCallsDetailed('{"name": "read_file", "arguments": {"path": "a.ts"', TOOLS);
  assert.equal(r.errors[0].kind, "truncated");
  assert.match(r.errors[0].message, /it stops inside an object; the missing end is `}}`/);
  assert.match(
    r.errors[0].message,
    /otherwise finish the call: \{"name": "read_file", "arguments"/,
  );
});

Deno.test("a call missing its closing tag before more text is malformed, not run", () => {
  const input = "<read_file>\n<path>README.md</path>\n\nI will summarise it next.";
  const r = parseToolCallsDetailed(input, TOOLS);
  assert.deepEqual(r.calls, []);
  assert.deepEqual(r.errors.map((e) => e.kind), ["malformed"]);
  assert.match(r.errors[0].message, /its <\/read_file> tag is missing, so the call was not run/);
  assert.equal(r.text, "I will summarise it next.");
});

Deno.test("an earlier complete call inside an unclosed wrapper does not run either", () => {
  const input = '<tool_call>\n{"name": "read_file", "arguments": {"path": "a"}}\n' +
    '{"name": "write_file", "arguments": {"path": "b", "content": "x"}}\n';
  const r = parseToolCallsDetailed(input, TOOLS);
  assert.deepEqual(r.calls, []);
  assert.deepEqual(r.errors.map((e) => e.kind), ["truncated"]);
});

Deno.test("a stop-token format ends with the message when its JSON is complete", () => {
  const harmony =
    '<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>{"path": "a"}';
  const mistral = '[TOOL_CALLS]read_file[ARGS]{"path": "a"}';
  const granite = '<|tool_call|>[{"name": "read_file", "arguments": {"path": "a"}}]';
  for (const input of [harmony, mistral, granite]) {
    assert.deepEqual(parseToolCallsDetailed(input, TOOLS).calls.map((c) => c.arguments), [{
      path: "a",
    }], input);
  }
});

Deno.test("repair still mends a slip inside markup that closed", () => {
  const cases = [
    // A missing closing brace before </tool_call> (Hermes/Qwen2.5).
    '<tool_call>\n{"name": "read_file", "arguments": {"path": "a"}\n</tool_call>',
    // An extra closing brace (QwenLM/Qwen-Agent#558).
    '<tool_call>\n{"name": "read_file", "arguments": {"path": "a"}}}\n</tool_call>',
    // Single quotes and a trailing comma.
    "<tool_call>\n{'name': 'read_file', 'arguments': {'path': 'a',}}\n</tool_call>",
    // A missing brace before gpt-oss's <|call|> (lmstudio-ai/lmstudio-bug-tracker#942).
    '<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>{"path": "a"<|call|>',
  ];
  for (const input of cases) {
    const r = parseToolCallsDetailed(input, TOOLS);
    assert.deepEqual(
      r.calls.map((c) => [c.name, c.arguments]),
      [["read_file", { path: "a" }]],
      input,
    );
    assert.deepEqual(r.errors, [], input);
  }
});

Deno.test("strict tools refuse a repair that may have changed a value; other tools keep it", () => {
  const input =
    '<tool_call>\n{"name": "write_file", "arguments": {"path": "a.txt", "content": "He said "hi" to me"}}\n</tool_call>';
  const strict: ParseOptions = {
    strict: (tool) => tool === "write_file" || tool === "execute_bash",
  };
  const refused = parseToolCallsDetailed(input, TOOLS, strict);
  assert.deepEqual(refused.calls, []);
  assert.deepEqual(refused.errors.map((e) => e.kind), ["malformed"]);
  assert.match(refused.errors[0].message, /repairing them could change a value/);
  assert.deepEqual(parseToolCallsDetailed(input, TOOLS).calls[0].arguments, {
    path: "a.txt",
    content: 'He said "hi" to me',
  });
  // A repair that only fixed syntax runs for strict tools too.
  const slip =
    "<tool_call>\n{'name': 'write_file', 'arguments': {'path': 'a.txt', 'content': 'x',}}\n</tool_call>";
  assert.deepEqual(parseToolCallsDetailed(slip, TOOLS, strict).calls[0].arguments, {
    path: "a.txt",
    content: "x",
  });
});

Deno.test("streaming never shows or runs a cut-off call and ends like the batch parser", () => {
  for (const c of CALLS) {
    const input = `Writing.\n${cutText(c)}`;
    const s = createToolCallStream(TOOLS);
    let shown = "";
    for (let i = 0; i < input.length; i += 3) shown += s.push(input.slice(i, i + 3));
    const { tail, displayedWasReasoning: _, ...result } = s.end();
    assert.deepEqual(result, parseToolCallsDetailed(input, TOOLS), c.format);
    assert.equal(shown + tail, "Writing.", c.format);
  }
});
