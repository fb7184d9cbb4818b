/**
 * Nanocoder's tool-parser.spec.ts (Nano-Collective/nanocoder v1.29,
 * source/tool-calling/tool-parser.spec.ts) as data: see nanocoder_cases.ts.
 */
import type { CompatCase } from "./nanocoder_cases.ts";

const T = "tool-parser.spec.ts";
const READ_XML = "<read_file>\n  <path>/path/to/file.txt</path>\n</read_file>";
const READ = { name: "read_file", arguments: { path: "/path/to/file.txt" } };

export const TOOL_PARSER_CASES: CompatCase[] = [
  {
    test: `${T}: successfully parses valid XML tool call`,
    input: `\n${READ_XML}\n  `,
    nanocoder: { calls: [READ] },
  },
  {
    test: `${T}: detects malformed mixed function/parameter syntax (non-JSON body)`,
    input:
      "\n<function=read_file>\n  <parameter=path>/path/to/file.txt</parameter>\n</function>\n\nI want to read the file at /path/to/file.txt\n  ",
    nanocoder: { calls: [], errors: ["malformed"] },
    ours: {
      calls: [READ],
      text: "I want to read the file at /path/to/file.txt",
      why: "<function=NAME><parameter=K>…</parameter></function> is Qwen3-Coder's own call " +
        "format (its chat template writes it): a well-formed call, so it runs",
    },
  },
  {
    test: `${T}: handles multiple valid XML tool calls`,
    input: `\n${
      READ_XML.replace("file.txt", "file1.txt")
    }\n\n<create_file>\n  <path>/path/to/file2.txt</path>\n  <content>Hello world</content>\n</create_file>\n  `,
    nanocoder: { calls: [{ name: "read_file" }, { name: "create_file" }] },
  },
  {
    test: `${T}: cleans XML tool calls from content`,
    input: `\nHere is some text before the tool call.\n\n${READ_XML}\n\nAnd some text after.\n  `,
    nanocoder: {
      count: 1,
      textHas: ["Here is some text before", "And some text after"],
      textLacks: ["<read_file>"],
    },
  },
  { test: `${T}: handles empty content`, input: "", nanocoder: { calls: [], text: "" } },
  {
    test: `${T}: handles content with no tool calls`,
    input: "Just some plain text without any tool calls.",
    nanocoder: { calls: [], text: "Just some plain text without any tool calls." },
  },
  { test: `${T}: handles empty JSON object`, input: "{}", nanocoder: { calls: [] } },
  {
    test: `${T}: preserves identical XML tool calls (no deduplication)`,
    input: `\n${READ_XML}\n\n${READ_XML}\n  `,
    nanocoder: { calls: [READ, READ] },
  },
  {
    test: `${T}: strips complete <think>...</think> tags`,
    input:
      "<think>\nLet me think about this...\nI should read the file first.\n</think>\n\nHere is my response to your question.",
    nanocoder: {
      calls: [],
      textLacks: ["<think>", "</think>"],
      textHas: ["Here is my response"],
    },
  },
  {
    test: `${T}: strips orphaned closing </think> tags`,
    input: "</think>\n\nHere is my response after some thinking.",
    nanocoder: { textLacks: ["</think>"], textHas: ["Here is my response"] },
  },
  {
    test: `${T}: strips incomplete opening <think> tags (streaming)`,
    input: "Here is my response.\n\n<think>\nI'm still thinking about this...",
    nanocoder: { textLacks: ["<think>", "still thinking"], textHas: ["Here is my response"] },
  },
  {
    test: `${T}: handles think tags with tool calls`,
    input:
      `<think>\nLet me analyze this request...\nI'll need to read the file first.\n</think>\n\n${READ_XML}`,
    nanocoder: { calls: [{ name: "read_file" }], textLacks: ["<think>", "</think>"] },
  },
  {
    test: `${T}: handles case-insensitive think tags`,
    input:
      "<THINK>\nSome thinking...\n</THINK>\n\n<Think>\nMore thinking...\n</Think>\n\nThe actual response.",
    nanocoder: {
      textLacks: ["<think>", "<THINK>", "<Think>", "</think>", "</THINK>"],
      textHas: ["The actual response"],
    },
  },
  {
    test: `${T}: parses Llama 3.x <function=name>{json}</function> tool call`,
    input: '<function=read_file>{"path": "/etc/hosts"}</function>',
    nanocoder: { calls: [{ name: "read_file", arguments: { path: "/etc/hosts" } }] },
  },
  {
    test: `${T}: cleans Llama function tags from surrounding prose`,
    input: 'Reading the file now.\n\n<function=read_file>{"path": "/x"}</function>\n\nDone.',
    nanocoder: {
      count: 1,
      textHas: ["Reading the file now", "Done."],
      textLacks: ["<function=", "</function>"],
    },
  },
  {
    test: `${T}: parses multiple Llama function tags`,
    input:
      '<function=read_file>{"path": "/a"}</function>\n<function=read_file>{"path": "/b"}</function>',
    nanocoder: { calls: [{ name: "read_file" }, { name: "read_file" }] },
  },
  {
    test: `${T}: skips Llama function tag with non-JSON body`,
    input: "<function=read_file>just some prose here</function>",
    nanocoder: { calls: [], errors: [] },
  },
  {
    test: `${T}: parses fenced \`\`\`json tool call`,
    input:
      'Here you go:\n\n```json\n{"name": "read_file", "arguments": {"path": "/etc/hosts"}}\n```\n',
    nanocoder: {
      calls: [{ name: "read_file", arguments: { path: "/etc/hosts" } }],
      textLacks: ["```"],
      textHas: ["Here you go"],
    },
  },
  {
    test: `${T}: parses fenced code block without language hint`,
    input: '```\n{"name": "create_file", "arguments": {"path": "/tmp/x", "content": "hi"}}\n```',
    nanocoder: { calls: [{ name: "create_file" }] },
  },
  {
    test: `${T}: parses bare inline JSON tool call`,
    input: '{"name": "read_file", "arguments": {"path": "/file.txt"}}',
    nanocoder: { calls: [{ name: "read_file", arguments: { path: "/file.txt" } }] },
  },
  {
    test: `${T}: parses multiple JSON tool calls`,
    input:
      '\n```json\n{"name": "read_file", "arguments": {"path": "/a.txt"}}\n```\n\n```json\n{"name": "read_file", "arguments": {"path": "/b.txt"}}\n```\n',
    nanocoder: { calls: [{ name: "read_file" }, { name: "read_file" }] },
  },
  {
    test: `${T}: detects malformed JSON with string arguments`,
    input: '{"name": "read_file", "arguments": "/file.txt"}',
    nanocoder: { calls: [], errors: ["malformed"] },
  },
  {
    test: `${T}: detects malformed JSON with missing arguments field`,
    input: '{"name": "read_file"}',
    nanocoder: { calls: [], errors: ["malformed"] },
  },
  {
    test: `${T}: detects malformed JSON with missing name field`,
    input: '{"arguments": {"path": "/file.txt"}}',
    nanocoder: { calls: [], errors: ["malformed"] },
  },
  {
    test: `${T}: prefers XML when XML is unambiguous and JSON is inline`,
    input:
      '<read_file>\n  <path>/from-xml.txt</path>\n</read_file>\n\nAlso tried: {"name": "read_file", "arguments": {"path": "/from-json.txt"}}',
    nanocoder: { calls: [{ name: "read_file", arguments: { path: "/from-xml.txt" } }] },
  },
  {
    test: `${T}: does not double-count fenced + inline overlap`,
    input: '```json\n{"name": "read_file", "arguments": {"path": "/x.txt"}}\n```',
    nanocoder: { count: 1 },
  },
  {
    test: `${T}: leaves plain prose alone when JSON-shaped text is just discussion`,
    input: 'The user asked about {"name": "read_file"} but I should not call it.',
    nanocoder: { calls: [], errors: [] },
  },
];
