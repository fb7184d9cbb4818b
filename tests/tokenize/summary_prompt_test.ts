import assert from "node:assert/strict";
import type { ChatMessage } from "../../src/ai/types.ts";
import {
  renderTranscript,
  SUMMARY_INSTRUCTIONS,
  summaryRequestMessages,
} from "../../src/tokenize/mod.ts";

const older: ChatMessage[] = [
  { role: "user", content: "Fix the parser." },
  {
    role: "assistant",
    content: "Reading it.",
    tool_calls: [{
      id: "c1",
      type: "function",
      function: { name: "read_file", arguments: '{"path":"p.ts"}' },
    }],
  },
  {
    role: "tool",
    tool_call_id: "c1",
    name: "read_file",
    content: "A".repeat(50) + "B".repeat(5000),
  },
];

Deno.test("renderTranscript() writes tool calls as text and cuts long tool results", () => {
  const text = renderTranscript(older, 100);
  assert.ok(
    text.startsWith(
      '[user]\nFix the parser.\n\n[assistant]\nReading it.\n→ read_file({"path":"p.ts"})',
    ),
  );
  assert.ok(text.includes("[tool result of read_file]\n" + "A".repeat(50)));
  assert.ok(text.includes("characters of this tool result removed"));
  assert.ok(text.length < 500);
});

Deno.test("summaryRequestMessages() is a system instruction and one user transcript, no tool calls", () => {
  const messages = summaryRequestMessages(older);
  assert.deepEqual(messages.map((m) => m.role), ["system", "user"]);
  assert.equal(messages[0].content, SUMMARY_INSTRUCTIONS);
  assert.ok(String(messages[1].content).includes("→ read_file"));
});
