/**
 * Fuzz tests with a seeded PRNG: random mixes of prose, markdown and call
 * markup, and every fixture cut at random points. The parser must never
 * throw, streaming must match batch parsing, and complete calls must never
 * leak their markup into the visible text.
 */
import assert from "node:assert/strict";
import { createToolCallStream, parseToolCallsDetailed } from "../../../src/ai/toolcalls/mod.ts";
import { prng, randomChunks } from "./_prng.ts";

const TOOLS = ["read_file", "write_file", "execute_bash", "get_weather"];

/** Complete calls in many formats, each for a known tool. */
const CALLS: ((v: string) => string)[] = [
  (v) => `<read_file>\n<path>${v}</path>\n</read_file>`,
  (v) => `<tool_call>\n{"name": "read_file", "arguments": {"path": "${v}"}}\n</tool_call>`,
  (v) =>
    `<tool_call>\n<function=read_file>\n<parameter=path>\n${v}\n</parameter>\n</function>\n</tool_call>`,
  (v) => `[TOOL_CALLS]read_file[ARGS]{"path": "${v}"}`,
  (v) => `[TOOL_CALLS][{"name": "read_file", "arguments": {"path": "${v}"}}]`,
  (v) => `<|python_tag|>{"name": "read_file", "parameters": {"path": "${v}"}}<|eom_id|>`,
  (v) =>
    `<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>read_file\n\`\`\`json\n{"path": "${v}"}\n\`\`\`<｜tool▁call▁end｜><｜tool▁calls▁end｜>`,
  (v) => `<tool_call>read_file\n<arg_key>path</arg_key>\n<arg_value>${v}</arg_value>\n</tool_call>`,
  (v) =>
    `<|start|>assistant<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>{"path":"${v}"}<|call|>`,
  (v) => `\`\`\`json\n{"name": "read_file", "arguments": {"path": "${v}"}}\n\`\`\``,
  (v) => `{"name": "read_file", "arguments": {"path": "${v}"}}`,
  (v) => `[read_file(path="${v}")]`,
  (v) =>
    `<minimax:tool_call>\n<invoke name="read_file">\n<parameter name="path">${v}</parameter>\n</invoke>\n</minimax:tool_call>`,
  (v) =>
    `<|tool_calls_section_begin|><|tool_call_begin|>functions.read_file:0<|tool_call_argument_begin|>{"path": "${v}"}<|tool_call_end|><|tool_calls_section_end|>`,
  (v) => `<|tool_call_start|>[read_file(path="${v}")]<|tool_call_end|>`,
  (v) => `read_file(path="${v}")`,
  (v) => `read_file\n{"path": "${v}"}`,
  (v) => `read_file:0<|tool_call_argument_begin|>{"path": "${v}"}<|tool_calls_section_end|>`,
  (v) => `<|channel|>commentary to=functions read_file<|message|>{"path": "${v}"}<|call|>`,
  (v) => `<parameter=read_file>\n<parameter=path>\n${v}\n</parameter>\n</function>`,
  (v) => `<function name="read_file"><param name="path">${v}</param></function>`,
  (v) => `<read_file>\n  <path>\n    ${v}\n  </path>\n</read_file>`,
  (v) => `<|tool_call>call:read_file{path:<|"|>${v}<|"|>}<tool_call|>`,
];

/**
 * Calls whose last token is optional (`<|eom_id|>` and `<|call|>`, stop tokens servers
 * strip; Gemma's `<tool_call|>` after its closed braces): cut inside that token, they are
 * complete. Every other call never runs before its last character.
 */
const OPEN_ENDED = new Set(
  CALLS.filter((c) => /<\|eom_id\|>|<\|call\|>|<tool_call\|>/.test(c("x"))),
);

const FENCED_CALL = CALLS.find((c) => c("x").startsWith("```"))!;
const UNFENCED_CALLS = CALLS.filter((c) => c !== FENCED_CALL);

/** Markers that must not survive in visible text once a call is complete. */
const MARKERS = [
  "<tool_call>",
  "</tool_call>",
  "[TOOL_CALLS]",
  "<|python_tag|>",
  "tool▁call",
  "<|channel|>",
  "<function=",
  "<arg_key>",
  "<read_file>",
  '"arguments"',
];

const PROSE = [
  "Let me check that. ",
  "The function returns a < b. ",
  "Use Map<string, number> here.\n",
  "See [docs](http://x) ",
  "{x} and [y] ",
  "read_file is a tool. ",
  "\n\n",
  "Done!",
  "`inline <code>` ",
  "```ts\nconst a = {b: 1};\n```\n",
  "```python\nprint('<tool_call>')\n```\n",
  "<think>hidden <read_file><path>no</path></read_file></think>",
  "The README quotes\n<read_file>\n<path>x</path>\n</read_file>\nas its first step.\n",
  'Example:\n\n```json\n{"name": "read_file", "arguments": {"path": "q"}}\n```\n\nThat was quoted.\n',
];

const NOISE = [
  "<|tool_call_start|>",
  "<|tool_call_end|>",
  "read_file(",
  ":0<|tool_call_argument_begin|>",
  "read_file\n",
  "[tool_use: ",
  "<parameter=",
  "</parameter>",
  "</function>",
  "<tool_response>",
  "```json\n",
  "```\n",
  "\n\n",
  "I will check. ",
  "The docs say:\n",
  "<",
  ">",
  "[",
  "]",
  "{",
  "}",
  '"',
  "`",
  "```",
  "<|",
  "|>",
  "<｜",
  "[ARGS]",
  "<tool_call>",
  "</tool_call>",
  "<think>",
  "</think>",
  "<read_file>",
  "<path>",
  "</path>",
  "[TOOL_CALLS]",
  "<|channel|>",
  "<|message|>",
  "\n",
  " ",
  "x",
  "read_file",
  '{"name": "read_file"',
  '"arguments": {',
  "[read_file(",
  "path=",
  ")",
  "]",
  "'",
  "<tool_result>",
  '<invoke name="read_file">',
  "<|tool_call_begin|>",
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}

function checkStreamMatches(input: string, rand: () => number, label: string): void {
  const batch = parseToolCallsDetailed(input, TOOLS);
  const stream = createToolCallStream(TOOLS);
  let shown = "";
  for (const chunk of randomChunks(input, rand, 20)) shown += stream.push(chunk);
  const { tail, displayedWasReasoning, ...result } = stream.end();
  assert.deepEqual(result, batch, label);
  if (!displayedWasReasoning) assert.equal(shown + tail, batch.text, label);
}

Deno.test("random noise never throws and streams like the batch parser", () => {
  const rand = prng(7);
  for (let i = 0; i < 2500; i++) {
    const parts: string[] = [];
    const n = 1 + Math.floor(rand() * 25);
    for (let j = 0; j < n; j++) parts.push(pick(rand, rand() < 0.7 ? NOISE : PROSE));
    const input = parts.join("");
    checkStreamMatches(input, rand, JSON.stringify(input));
  }
});

Deno.test("complete calls between prose are all found and leave no markup", () => {
  const rand = prng(11);
  for (let i = 0; i < 1500; i++) {
    const parts: string[] = [];
    const expected: string[] = [];
    const n = 1 + Math.floor(rand() * 4);
    // A call stands on its own lines, apart from the paragraphs around it; a fenced call
    // ends the message, or prose around it makes it a quotation (placement.ts).
    const fencedLast = rand() < 0.2;
    for (let j = 0; j < n; j++) {
      parts.push(pick(rand, PROSE.slice(0, 8)));
      const value = `src/f${i}_${j}.ts`;
      const make = fencedLast && j === n - 1 ? FENCED_CALL : pick(rand, UNFENCED_CALLS);
      parts.push(`\n${make(value)}\n\n`);
      expected.push(value);
    }
    if (!fencedLast) parts.push(pick(rand, PROSE.slice(0, 8)));
    const input = parts.join("");
    const result = parseToolCallsDetailed(input, TOOLS);
    assert.deepEqual(
      result.calls.map(({ name, arguments: args }) => ({ name, arguments: args })),
      expected.map((path) => ({ name: "read_file", arguments: { path } })),
      JSON.stringify(input),
    );
    assert.deepEqual(result.errors, []);
    for (const m of MARKERS) assert.ok(!result.text.includes(m), `${m} in ${result.text}`);
    checkStreamMatches(input, rand, JSON.stringify(input));
  }
});

Deno.test("truncated outputs never throw and stream like the batch parser", async () => {
  const rand = prng(23);
  const dir = new URL("../../fixtures/toolcalls/", import.meta.url);
  const inputs: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const list = JSON.parse(await Deno.readTextFile(new URL(entry.name, dir))) as {
      input: string;
    }[];
    inputs.push(...list.map((f) => f.input));
  }
  for (let i = 0; i < 3000; i++) {
    const input = pick(rand, inputs);
    const cut = input.slice(0, Math.floor(rand() * (input.length + 1)));
    checkStreamMatches(cut, rand, JSON.stringify(cut));
  }
});

Deno.test("a call is never executed before it is complete", () => {
  const rand = prng(31);
  for (let i = 0; i < 400; i++) {
    const full = `Intro.\n${pick(rand, CALLS)("a.ts")}`;
    const stream = createToolCallStream(TOOLS);
    for (const chunk of randomChunks(full, rand, 6)) {
      const shown = stream.push(chunk);
      for (const m of MARKERS) assert.ok(!shown.includes(m), `${m} shown while streaming ${full}`);
    }
    const end = stream.end();
    assert.equal(end.calls.length, 1, full);
  }
});

Deno.test("long answers stream like the batch parser (the stream keeps only a window)", () => {
  const rand = prng(43);
  for (let i = 0; i < 6; i++) {
    const parts: string[] = [];
    while (parts.join("").length < 24000) {
      const r = rand();
      if (r < 0.1) parts.push(`\n${pick(rand, CALLS)(`f${parts.length}.ts`)}\n`);
      else if (r < 0.5) parts.push(pick(rand, NOISE));
      else parts.push(pick(rand, PROSE));
    }
    checkStreamMatches(parts.join(""), rand, `long input ${i}`);
  }
  const orphan = `${"Let me think about this step by step. ".repeat(800)}</think>\n\nThe answer.`;
  const stream = createToolCallStream(TOOLS);
  for (const chunk of randomChunks(orphan, rand, 30)) stream.push(chunk);
  const end = stream.end();
  assert.deepEqual(
    { text: end.text, reasoning: end.reasoning, shown: end.displayedWasReasoning },
    { text: "The answer.", reasoning: orphan.split("</think>")[0].trim(), shown: true },
  );
  assert.deepEqual(end, {
    ...parseToolCallsDetailed(orphan, TOOLS),
    tail: "", // already returned by push() after the reset
    displayedWasReasoning: true,
  });
});

Deno.test("a call cut off inside its arguments is never run with partial arguments", () => {
  const value = "src/components/navigation/sidebar_menu_item.tsx";
  for (const make of CALLS) {
    const full = make(value);
    const start = full.indexOf(value);
    for (let cut = start; cut < start + value.length; cut++) {
      const result = parseToolCallsDetailed(full.slice(0, cut), TOOLS);
      for (const call of result.calls) {
        assert.deepEqual(call.arguments, { path: value }, `cut at ${cut}: ${full.slice(0, cut)}`);
      }
    }
  }
});

Deno.test("a call cut off anywhere before its closing markup never runs", () => {
  const value = "src/a.ts";
  for (const make of CALLS) {
    const full = make(value);
    for (let cut = 1; cut < full.length; cut++) {
      const text = `Working on it.\n${full.slice(0, cut)}`;
      const result = parseToolCallsDetailed(text, TOOLS);
      if (OPEN_ENDED.has(make)) {
        for (const call of result.calls) assert.deepEqual(call.arguments, { path: value }, text);
      } else assert.deepEqual(result.calls, [], text);
    }
  }
});

Deno.test("quotation decisions stream like the batch parser", () => {
  const rand = prng(59);
  const pieces = [
    "Summary of the page.",
    "It says to run",
    "and then it stops.",
    "",
    "I'll read it:",
    "<read_file><path>a</path></read_file>",
    '{"name": "read_file", "arguments": {"path": "b"}}',
    "```json",
    "```",
    '<tool_call>{"name": "read_file", "arguments": {"path": "c"}}</tool_call>',
    'read_file(path="d")',
    "Done. <read_file><path>e</path></read_file>",
    "[tool_use: read_file]",
  ];
  for (let i = 0; i < 1500; i++) {
    const lines: string[] = [];
    const n = 1 + Math.floor(rand() * 8);
    for (let j = 0; j < n; j++) lines.push(pick(rand, pieces));
    const input = lines.join(rand() < 0.5 ? "\n" : "\n\n");
    checkStreamMatches(input, rand, JSON.stringify(input));
    const stream = createToolCallStream(TOOLS);
    for (const ch of input) stream.push(ch);
    const { tail: _, displayedWasReasoning: __, ...oneByOne } = stream.end();
    assert.deepEqual(oneByOne, parseToolCallsDetailed(input, TOOLS), JSON.stringify(input));
  }
});
