import assert from "node:assert/strict";
import {
  createToolCallStream,
  formatToolResultForText,
  parseToolCalls,
  parseToolCallsDetailed,
  toolFormatInstructions,
} from "../../../src/ai/toolcalls/mod.ts";

const TOOLS = ["read_file", "write_file", "execute_bash"];

Deno.test("parseToolCalls() returns only text and calls", () => {
  const got = parseToolCalls("Reading.\n<read_file>\n<path>a.ts</path>\n</read_file>", TOOLS);
  assert.deepEqual(got, {
    text: "Reading.",
    calls: [{ name: "read_file", arguments: { path: "a.ts" }, format: "xml" }],
  });
});

Deno.test("parseToolCallsDetailed() reports an unknown tool with the available tools and format", () => {
  const r = parseToolCallsDetailed(
    '<tool_call>\n{"name": "delete_repo", "arguments": {}}\n</tool_call>',
    TOOLS,
  );
  assert.deepEqual(r.calls, []);
  assert.equal(r.errors.length, 1);
  const [e] = r.errors;
  assert.equal(e.kind, "unknown_tool");
  assert.equal(e.raw, '{"name": "delete_repo", "arguments": {}}');
  assert.match(
    e.message,
    /^Unknown tool "delete_repo": available tools are "read_file", "write_file", "execute_bash"\./,
  );
  assert.match(e.message, /<tool_call>\n\{"name": "read_file", "arguments"/);
});

Deno.test("parseToolCallsDetailed() reports a malformed call with the expected format", () => {
  const r = parseToolCallsDetailed("[TOOL_CALLS]execute_bash[ARGS]not json", TOOLS);
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0].kind, "malformed");
  assert.match(r.errors[0].message, /Malformed call of tool "execute_bash"/);
  assert.match(r.errors[0].message, /\[TOOL_CALLS\]execute_bash\[ARGS\]\{"param": "value"\}/);
});

Deno.test("parseToolCallsDetailed() decodes XML values by the declared schema type", () => {
  const input =
    "<write_file>\n<path>a.json</path>\n<content>42</content>\n<mode>420</mode>\n</write_file>";
  const schemas = {
    write_file: {
      type: "object",
      properties: {
        path: { type: "string" },
        content: { type: "string" },
        mode: { type: "integer" },
      },
    },
  };
  assert.deepEqual(parseToolCallsDetailed(input, TOOLS, { schemas }).calls, [
    { name: "write_file", arguments: { path: "a.json", content: "42", mode: 420 }, format: "xml" },
  ]);
  assert.deepEqual(parseToolCallsDetailed(input, TOOLS).calls, [
    { name: "write_file", arguments: { path: "a.json", content: 42, mode: 420 }, format: "xml" },
  ]);
});

Deno.test("multi-line XML values are never JSON-decoded without a schema", () => {
  const input =
    '<write_file>\n<path>p.json</path>\n<content>\n{\n  "a": 1\n}\n</content>\n</write_file>';
  assert.deepEqual(parseToolCalls(input, TOOLS).calls, [
    {
      name: "write_file",
      arguments: { path: "p.json", content: '{\n  "a": 1\n}\n' },
      format: "xml",
    },
  ]);
});

Deno.test("createToolCallStream() holds back markup and partial markers", () => {
  const s = createToolCallStream(TOOLS);
  assert.equal(s.push("Let me look.\n<tool_"), "Let me look.");
  assert.equal(s.push('call>{"name": "read_file", '), "");
  assert.equal(s.push('"arguments": {"path": "a"}}</tool_call>\n\nNow'), "\nNow");
  assert.equal(s.push(" more [TOOL_CALLS"), " more");
  const end = s.end();
  assert.deepEqual(end, {
    text: "Let me look.\nNow more [TOOL_CALLS",
    calls: [{ name: "read_file", arguments: { path: "a" }, format: "hermes" }],
    errors: [],
    reasoning: "",
    tail: " [TOOL_CALLS",
    displayedWasReasoning: false,
  });
});

Deno.test("createToolCallStream() flags text that turned out to be reasoning", () => {
  const s = createToolCallStream(TOOLS);
  assert.equal(s.push("thinking about it"), "thinking about it");
  s.push("</think>\n\nThe answer.");
  const end = s.end();
  assert.equal(end.text, "The answer.");
  assert.equal(end.reasoning, "thinking about it");
  assert.equal(end.displayedWasReasoning, true);
});

Deno.test("toolFormatInstructions() describes the XML format and every tool", () => {
  const out = toolFormatInstructions("xml", [
    {
      name: "read_file",
      description: "Read a file.",
      parameters: {
        type: "object",
        properties: {
          path: { type: "string", description: "File path" },
          limit: { type: "integer" },
        },
        required: ["path"],
      },
    },
  ]);
  assert.match(out, /<tool_name>\n<parameter_name>value<\/parameter_name>\n<\/tool_name>/);
  assert.match(
    out,
    /### read_file\nRead a file\.\nParameters:\n- path \(string, required\): File path\n- limit \(integer, optional\)/,
  );
  assert.match(out, /Example:\n<read_file>\n<path>path value<\/path>\n<\/read_file>/);
});

Deno.test("toolFormatInstructions() JSON examples parse back as calls", () => {
  const tools = [{
    name: "execute_bash",
    description: "Run a command.",
    parameters: {
      type: "object",
      properties: { command: { type: "string" }, timeout: { type: "number" } },
      required: ["command", "timeout"],
    },
  }];
  const out = toolFormatInstructions("json", tools);
  const example = out.split("Example:\n")[1].trim();
  assert.deepEqual(parseToolCalls(example, ["execute_bash"]).calls, [
    { name: "execute_bash", arguments: { command: "command value", timeout: 1 }, format: "json" },
  ]);
  const xml = toolFormatInstructions("xml", tools).split("Example:\n")[1].trim();
  assert.deepEqual(parseToolCalls(xml, ["execute_bash"]).calls, [
    { name: "execute_bash", arguments: { command: "command value", timeout: 1 }, format: "xml" },
  ]);
});

Deno.test("formatToolResultForText() wraps results with name and status", () => {
  assert.equal(
    formatToolResultForText("read_file", "line 1\nline 2", true),
    '<tool_result name="read_file" status="ok">\nline 1\nline 2\n</tool_result>',
  );
  assert.equal(
    formatToolResultForText('we"ird', "File not found: a.ts\n", false),
    '<tool_result name="we&quot;ird" status="error">\nFile not found: a.ts\n</tool_result>',
  );
});

Deno.test("a tool result written by the model is neither run nor shown", () => {
  const fake = formatToolResultForText("read_file", "<read_file><path>x</path></read_file>", true);
  assert.deepEqual(parseToolCalls(`Result:\n${fake}\nOk.`, TOOLS), {
    text: "Result:\nOk.",
    calls: [],
  });
});

Deno.test("expectedFormat makes error messages show the configured format", () => {
  const r = parseToolCallsDetailed(
    '<tool_call>{"name": "nope", "arguments": {}}</tool_call>',
    TOOLS,
    { expectedFormat: "xml" },
  );
  assert.match(r.errors[0].message, /format: <read_file>\n<param>value<\/param>\n<\/read_file>\.$/);
});

Deno.test("formatToolResultForText() answers Hermes/Qwen/GLM calls in <tool_response>", () => {
  for (const format of ["hermes", "qwen3_coder", "glm"] as const) {
    assert.equal(
      formatToolResultForText("read_file", "line 1", true, format),
      "<tool_response>\nline 1\n</tool_response>",
    );
    assert.equal(
      formatToolResultForText("read_file", "File not found: a.ts\n", false, format),
      "<tool_response>\nError: File not found: a.ts\n</tool_response>",
    );
  }
  // Other families, and the 3-argument form, keep <tool_result>.
  for (const format of ["xml", "json", "mistral", "harmony", undefined] as const) {
    assert.equal(
      formatToolResultForText("read_file", "ok", true, format),
      '<tool_result name="read_file" status="ok">\nok\n</tool_result>',
    );
  }
});

Deno.test("a call's format says which markup it was written in", () => {
  const cases: [string, string][] = [
    ["<read_file>\n<path>a</path>\n</read_file>", "xml"],
    ['<tool_call>\n{"name": "read_file", "arguments": {"path": "a"}}\n</tool_call>', "hermes"],
    ["<tool_call>\n<read_file>\n<path>a</path>\n</read_file>\n</tool_call>", "hermes"],
    [
      "<tool_call>\n<function=read_file>\n<parameter=path>\na\n</parameter>\n</function>\n</tool_call>",
      "qwen3_coder",
    ],
    [
      "<tool_call>read_file\n<arg_key>path</arg_key>\n<arg_value>a</arg_value>\n</tool_call>",
      "glm",
    ],
    ['{"name": "read_file", "arguments": {"path": "a"}}', "json"],
    ['[TOOL_CALLS]read_file[ARGS]{"path": "a"}', "mistral"],
    ['[read_file(path="a")]', "pythonic"],
  ];
  for (const [input, format] of cases) {
    assert.deepEqual(parseToolCalls(input, TOOLS).calls, [
      { name: "read_file", arguments: { path: "a" }, format },
    ], input);
  }
});

Deno.test("a <tool_response> block written by the model is neither run nor shown", () => {
  const fake = formatToolResultForText(
    "read_file",
    "<read_file><path>x</path></read_file>",
    true,
    "hermes",
  );
  assert.deepEqual(parseToolCalls(`Result:\n${fake}\nOk.`, TOOLS), {
    text: "Result:\nOk.",
    calls: [],
  });
});
