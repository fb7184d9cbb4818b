/**
 * Nanocoder's own parser tests as data (issue #17, compatibility): each case is the input
 * of one test in Nano-Collective/nanocoder (v1.29, source/tool-calling/xml-parser.spec.ts
 * and tool-parser.spec.ts) and what that test expects, as an outcome of
 * `parseToolCallsDetailed`. Test data only (inputs and expected outcomes), no code.
 *
 * Nanocoder's parser takes no tool list; ours does, so every case gets the names its
 * test uses. Where a test checks an error, the outcome is "the model is told" (an error),
 * not Nanocoder's wording: our messages show the expected format and the tools.
 * `ours` marks a documented rule of ours that differs, with the reason.
 */
import type { ToolCallParseError } from "../../../src/ai/toolcalls/mod.ts";

/** What a parse must give. */
export interface Outcome {
  /** The calls, in order (arguments checked when given). */
  calls?: { name: string; arguments?: Record<string, unknown> }[];
  /** How many calls, when only the count matters. */
  count?: number;
  /** The kinds of the errors told to the model (none when omitted and `calls` is given). */
  errors?: ToolCallParseError["kind"][];
  text?: string;
  textHas?: string[];
  textLacks?: string[];
}

/** One ported test. */
export interface CompatCase {
  /** The Nanocoder test: spec file and title. */
  test: string;
  input: string;
  /** What Nanocoder's test expects. */
  nanocoder: Outcome;
  /** Where our documented rule differs: our outcome, and why ours is the better rule. */
  ours?: Outcome & { why: string };
  /** What the port leaves out of the original test, and why. */
  note?: string;
}

/** Every tool name the ported tests use. */
export const COMPAT_TOOLS = [
  "read_file",
  "create_file",
  "list_files",
  "search",
  "batch_read",
  "configure",
  "set_flag",
  "calculate",
  "test",
  "execute_bash",
  "tool_name_123",
  "ReadFile",
  "tool1",
  "tool2",
  "tool3",
];

const X = "xml-parser.spec.ts";
const READ = "<read_file><path>/test/file.txt</path></read_file>";
const READ_CALL = { name: "read_file", arguments: { path: "/test/file.txt" } };
const MIXED = "<read_file><parameter=path>/test.txt</parameter></read_file>";

/** Why quotations differ (placement.ts): Nanocoder runs calls that prose surrounds. */
const QUOTED = "a call with prose right above and right below sits inside a paragraph: " +
  "a quotation, shown and never run (issue #11 item 5); a blank line around it keeps it a call";
const FENCE_QUOTED = "a fenced block between two pieces of prose is a quotation, never run " +
  "(issue #11 item 5: a README or web page the model summarises must not run code)";

export const XML_PARSER_CASES: CompatCase[] = [
  { test: `${X}: parses simple tool call`, input: READ, nanocoder: { calls: [READ_CALL] } },
  {
    test: `${X}: parses multiple parameters`,
    input:
      "<create_file><path>/test/new.txt</path><content>Hello World</content><mode>0644</mode></create_file>",
    nanocoder: {
      calls: [{
        name: "create_file",
        arguments: { path: "/test/new.txt", content: "Hello World", mode: "0644" },
      }],
    },
  },
  {
    test: `${X}: parses multiple tool calls`,
    input:
      "<read_file><path>/test/file1.txt</path></read_file>\n<read_file><path>/test/file2.txt</path></read_file>",
    nanocoder: {
      calls: [
        { name: "read_file", arguments: { path: "/test/file1.txt" } },
        { name: "read_file", arguments: { path: "/test/file2.txt" } },
      ],
    },
  },
  {
    test: `${X}: handles empty parameters`,
    input: "<list_files></list_files>",
    nanocoder: { calls: [{ name: "list_files", arguments: {} }] },
  },
  {
    test: `${X}: handles empty parameter values`,
    input: "<search><query></query><path>/test</path></search>",
    nanocoder: { calls: [{ name: "search", arguments: { query: "", path: "/test" } }] },
  },
  {
    test: `${X}: parses JSON array parameters`,
    input: '<batch_read><files>["file1.txt", "file2.txt", "file3.txt"]</files></batch_read>',
    nanocoder: {
      calls: [{
        name: "batch_read",
        arguments: { files: ["file1.txt", "file2.txt", "file3.txt"] },
      }],
    },
  },
  {
    test: `${X}: parses JSON object parameters`,
    input: '<configure><options>{"timeout": 5000, "retries": 3}</options></configure>',
    nanocoder: {
      calls: [{ name: "configure", arguments: { options: { timeout: 5000, retries: 3 } } }],
    },
  },
  {
    test: `${X}: parses JSON boolean parameters`,
    input: "<set_flag><enabled>true</enabled><verbose>false</verbose></set_flag>",
    nanocoder: { calls: [{ name: "set_flag", arguments: { enabled: true, verbose: false } }] },
  },
  {
    test: `${X}: parses JSON number parameters`,
    input: "<calculate><x>42</x><y>3.14</y><z>-10</z></calculate>",
    nanocoder: { calls: [{ name: "calculate", arguments: { x: 42, y: 3.14, z: -10 } }] },
  },
  {
    test: `${X}: treats invalid JSON as string`,
    input: "<test><invalid>{not valid json}</invalid></test>",
    nanocoder: { calls: [{ name: "test", arguments: { invalid: "{not valid json}" } }] },
  },
  {
    test: `${X}: extracts tool calls from markdown code blocks`,
    input: "```xml\n" + READ + "\n```",
    nanocoder: { calls: [READ_CALL] },
  },
  {
    test: `${X}: handles code blocks without language identifier`,
    input: "```\n" + READ + "\n```",
    nanocoder: { calls: [READ_CALL] },
  },
  {
    test: `${X}: handles code blocks with various languages`,
    input: "```typescript\n" + READ + "\n```",
    nanocoder: { calls: [READ_CALL] },
  },
  {
    test: `${X}: removes tool_call wrapper tags`,
    input: `<tool_call>${READ}</tool_call>`,
    nanocoder: { calls: [READ_CALL] },
  },
  {
    test: `${X}: skips tool_call tags when found as top-level match`,
    input: `<tool_call>${READ}</tool_call>`,
    nanocoder: { calls: [{ name: "read_file" }] },
  },
  {
    test: `${X}: handles multiline content`,
    input:
      "<create_file>\n\t\t<path>/test/file.txt</path>\n\t\t<content>Line 1\nLine 2\nLine 3</content>\n\t</create_file>",
    nanocoder: {
      calls: [{
        name: "create_file",
        arguments: { path: "/test/file.txt", content: "Line 1\nLine 2\nLine 3" },
      }],
    },
  },
  {
    test: `${X}: handles special characters in content`,
    input:
      '<execute_bash><command>echo "Hello & goodbye" | grep -v "test"</command></execute_bash>',
    nanocoder: {
      calls: [{
        name: "execute_bash",
        arguments: { command: 'echo "Hello & goodbye" | grep -v "test"' },
      }],
    },
  },
  {
    test: `${X}: handles XML-like content in parameters`,
    input: "<create_file><content><div>HTML content</div></content></create_file>",
    nanocoder: {
      calls: [{ name: "create_file", arguments: { content: "<div>HTML content</div>" } }],
    },
  },
  {
    test: `${X}: handles escaped characters`,
    input: "<test><value>&lt;tag&gt;</value></test>",
    nanocoder: { calls: [{ name: "test", arguments: { value: "&lt;tag&gt;" } }] },
  },
  {
    test: `${X}: returns empty array for no tool calls`,
    input: "Just some regular text without any tool calls",
    nanocoder: { calls: [] },
  },
  { test: `${X}: handles empty string`, input: "", nanocoder: { calls: [] } },
  {
    test: `${X}: handles whitespace-only content`,
    input: "   \n\t\n   ",
    nanocoder: { calls: [] },
  },
  {
    test: `${X}: handles unclosed tags gracefully`,
    input: "<read_file><path>/test/file.txt</path>",
    // Nanocoder runs nothing and says nothing; we run nothing and tell the model it was cut off.
    nanocoder: { calls: [], errors: ["truncated"] },
  },
  {
    test: `${X}: handles mismatched tags gracefully`,
    input: "<read_file><path>/test/file.txt</wrong_close></read_file>",
    nanocoder: { count: 1 },
    ours: {
      calls: [],
      errors: ["malformed"],
      why: "its parameter never closed, so its value is unknown: the model is told instead " +
        "of a call running with a garbled or missing path",
    },
  },
  {
    test: `${X}: handles nested tool names`,
    input: "<read_file><read_file>nested_value</read_file></read_file>",
    nanocoder: { count: 1 },
  },
  {
    test: `${X}: handles tool names with underscores and numbers`,
    input: "<tool_name_123><param_1>value</param_1></tool_name_123>",
    nanocoder: { calls: [{ name: "tool_name_123", arguments: { param_1: "value" } }] },
  },
  {
    test: `${X}: handles case sensitivity`,
    input: "<ReadFile><Path>/test/file.txt</Path></ReadFile>",
    nanocoder: { calls: [{ name: "ReadFile", arguments: { Path: "/test/file.txt" } }] },
  },
  {
    test: `${X}: convertToToolCalls - converts parsed calls to ToolCall format`,
    input:
      "<read_file><path>/test/file.txt</path></read_file>\n<create_file><path>/new.txt</path><content>test</content></create_file>",
    nanocoder: {
      calls: [READ_CALL, { name: "create_file", arguments: { path: "/new.txt", content: "test" } }],
    },
  },
  {
    test: `${X}: convertToToolCalls - generates unique IDs`,
    input: "<tool1></tool1>\n<tool2></tool2>\n<tool3></tool3>",
    nanocoder: { calls: [{ name: "tool1" }, { name: "tool2" }, { name: "tool3" }] },
    note: "ids are not the parser's: the engine numbers text calls (text_call_N), unique in a run",
  },
  {
    test: `${X}: removeToolCallsFromContent - removes tool calls from plain text`,
    input: `Here is some text\n${READ}\nAnd some more text`,
    nanocoder: { count: 1, text: "Here is some text\n\nAnd some more text" },
    ours: { calls: [], text: `Here is some text\n${READ}\nAnd some more text`, why: QUOTED },
  },
  {
    test: `${X}: removeToolCallsFromContent - removes code blocks containing tool calls`,
    input: "Some text\n```xml\n" + READ + "\n```\nMore text",
    nanocoder: { count: 1, text: "Some text\n\nMore text" },
    ours: { calls: [], text: "Some text\n```xml\n" + READ + "\n```\nMore text", why: FENCE_QUOTED },
  },
  {
    test: `${X}: removeToolCallsFromContent - keeps code blocks without tool calls`,
    input: "Some text\n```javascript\nconst x = 42;\n```\nMore text",
    nanocoder: { calls: [], textHas: ["const x = 42;"] },
  },
  {
    test: `${X}: removeToolCallsFromContent - removes multiple tool calls`,
    input:
      "Text\n<read_file><path>/file1.txt</path></read_file>\nMiddle text\n<read_file><path>/file2.txt</path></read_file>\nEnd text",
    nanocoder: {
      count: 2,
      textLacks: ["<read_file>"],
      textHas: ["Text", "Middle text", "End text"],
    },
    ours: { calls: [], textHas: ["<read_file>", "Middle text"], why: QUOTED },
  },
  {
    test: `${X}: removeToolCallsFromContent - removes tool_call wrappers`,
    input: `Text\n<tool_call>${READ.replace("file.txt", "test.txt")}</tool_call>\nMore text`,
    nanocoder: { count: 1, textLacks: ["<tool_call>", "<read_file>"], textHas: ["Text"] },
    ours: { calls: [], textHas: ["<tool_call>"], why: QUOTED },
  },
  {
    test: `${X}: removeToolCallsFromContent - cleans up excessive whitespace`,
    input: `Line 1\n\n\n${READ}\n\n\nLine 2`,
    nanocoder: { count: 1, textLacks: ["\n\n\n"] },
    ours: {
      count: 1,
      text: "Line 1\n\n\nLine 2",
      why: "visible text is the model's own, never reformatted: only the call and the " +
        "whitespace right after it are removed",
    },
  },
  {
    test: `${X}: removeToolCallsFromContent - handles empty content`,
    input: "",
    nanocoder: { calls: [], text: "" },
  },
  {
    test: `${X}: removeToolCallsFromContent - handles content with only tool calls`,
    input: READ,
    nanocoder: { count: 1, text: "" },
  },
  {
    test: `${X}: hasToolCalls - true for content with tool calls`,
    input: READ,
    nanocoder: { count: 1 },
  },
  {
    test: `${X}: hasToolCalls - true for tool calls in code blocks`,
    input: "```\n" + READ + "\n```",
    nanocoder: { count: 1 },
  },
  {
    test: `${X}: hasToolCalls - false for plain text`,
    input: "Just some regular text",
    nanocoder: { calls: [] },
  },
  { test: `${X}: hasToolCalls - false for empty string`, input: "", nanocoder: { calls: [] } },
  {
    test: `${X}: hasToolCalls - false for incomplete XML`,
    input: "<read_file><path>/test",
    nanocoder: { calls: [], errors: ["truncated"] },
  },
  {
    test: `${X}: detectMalformedToolCall - detects [tool_use: name] syntax`,
    input: "[tool_use: read_file]",
    nanocoder: { calls: [], errors: ["malformed"] },
  },
  {
    test: `${X}: detectMalformedToolCall - detects [Tool: name] syntax`,
    input: "[Tool: read_file]",
    nanocoder: { calls: [], errors: ["malformed"] },
  },
  {
    test: `${X}: detectMalformedToolCall - detects [Tool: name] in context`,
    input: "Let me read the file for you.\n\n[Tool: read_file]\nThe file contains...",
    nanocoder: { calls: [], errors: ["malformed"] },
  },
  {
    test: `${X}: detectMalformedToolCall - null for <function=name> (Llama 3.x format)`,
    input: '<function=read_file>{"path": "/test.txt"}</function>',
    nanocoder: { calls: [{ name: "read_file", arguments: { path: "/test.txt" } }] },
  },
  {
    test: `${X}: detectMalformedToolCall - detects <parameter=name> syntax`,
    input: MIXED,
    nanocoder: { calls: [], errors: ["malformed"] },
  },
  {
    test: `${X}: detectMalformedToolCall - detects generic </parameter> closing tag`,
    input: MIXED,
    nanocoder: { calls: [], errors: ["malformed"] },
  },
  {
    test: `${X}: detectMalformedToolCall - returns null for valid XML`,
    input: "<read_file><path>/test.txt</path></read_file>",
    nanocoder: { calls: [{ name: "read_file", arguments: { path: "/test.txt" } }] },
  },
  {
    test: `${X}: detectMalformedToolCall - returns null for plain text`,
    input: "Just regular text",
    nanocoder: { calls: [] },
  },
  {
    test: `${X}: detectMalformedToolCall - includes helpful examples in error`,
    input: MIXED,
    nanocoder: { calls: [], errors: ["malformed"] },
  },
  {
    test: `${X}: full workflow - parse, convert, and extract multiple tool calls`,
    input:
      "Let me help you with that.\n\n```xml\n<read_file><path>/src/app.ts</path></read_file>\n<read_file><path>/src/config.ts</path></read_file>\n```\n\nI'll read those files for you.",
    nanocoder: {
      count: 2,
      textLacks: ["<read_file>"],
      textHas: ["Let me help you", "I'll read those files"],
    },
    ours: { calls: [], textHas: ["<read_file>", "I'll read those files"], why: FENCE_QUOTED },
  },
  {
    test: `${X}: full workflow - handles mixed content with malformed detection`,
    input: MIXED,
    nanocoder: { calls: [], errors: ["malformed"] },
  },
  {
    test: `${X}: stress test - handles large number of tool calls`,
    input: Array.from(
      { length: 100 },
      (_, i) => `<read_file><path>/file${i}.txt</path></read_file>`,
    )
      .join("\n"),
    nanocoder: { count: 100 },
  },
  {
    test: `${X}: stress test - handles deeply nested parameters`,
    input: '<test><config>{"level1": {"level2": {"level3": {"value": 42}}}}</config></test>',
    nanocoder: {
      calls: [{
        name: "test",
        arguments: { config: { level1: { level2: { level3: { value: 42 } } } } },
      }],
    },
  },
  {
    test: `${X}: stress test - handles very long parameter values`,
    input: `<test><data>${"x".repeat(10000)}</data></test>`,
    nanocoder: { calls: [{ name: "test", arguments: { data: "x".repeat(10000) } }] },
  },
  {
    test: `${X}: rejects HTML div tags`,
    input: "<div><p>Some HTML content</p></div>",
    nanocoder: { calls: [] },
  },
  {
    test: `${X}: rejects HTML ul/li list tags`,
    input: "<ul><li>Item 1</li><li>Item 2</li></ul>",
    nanocoder: { calls: [] },
  },
  {
    test: `${X}: rejects HTML table tags`,
    input: "<table><tr><td>Cell 1</td><td>Cell 2</td></tr></table>",
    nanocoder: { calls: [] },
  },
  {
    test: `${X}: rejects HTML header tags`,
    input: "<h1>Title</h1><h2>Subtitle</h2>",
    nanocoder: { calls: [] },
  },
  {
    test: `${X}: rejects HTML formatting tags`,
    input: "<strong>Bold</strong><em>Italic</em>",
    nanocoder: { calls: [] },
  },
  {
    test: `${X}: rejects mixed HTML and valid tool calls correctly`,
    input: "<div>Some HTML</div>\n<read_file><path>/test.txt</path></read_file>\n<p>More HTML</p>",
    nanocoder: { calls: [{ name: "read_file", arguments: { path: "/test.txt" } }] },
  },
  {
    test: `${X}: allows valid tool calls with HTML-like parameter content`,
    input:
      "<create_file><path>/test.html</path><content><div>HTML content</div></content></create_file>",
    nanocoder: {
      calls: [{
        name: "create_file",
        arguments: { path: "/test.html", content: "<div>HTML content</div>" },
      }],
    },
  },
];
