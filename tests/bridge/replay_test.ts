/** A saved transcript as the updates `session/load` replays. */
import assert from "node:assert/strict";
import { replayUpdates } from "../../src/bridge/replay.ts";

Deno.test("messages, reasoning, failed calls and compactions replay in order", () => {
  const updates = replayUpdates([
    { type: "user", content: [{ type: "text", text: "hi" }, { type: "file", path: "/p/a.ts" }] },
    { type: "assistant", text: "Hello.", reasoning: "Greet back." },
    {
      type: "tool_call",
      callId: "c1",
      name: "execute_bash",
      kind: "execute",
      activity: "execute",
      title: "execute_bash: false",
      arguments: { command: "false" },
      outcome: "failed",
      result: "(no output)\n\nExit code: 1",
      exitCode: 1,
    },
    { type: "compaction", tokensBefore: 900, tokensAfter: 100, summary: "They said hi." },
  ]);
  assert.deepEqual(updates, [
    {
      sessionUpdate: "user_message_chunk",
      content: { type: "text", text: "hi" },
      messageId: "replay-0",
    },
    {
      sessionUpdate: "user_message_chunk",
      content: { type: "resource_link", uri: "file:///p/a.ts", name: "/p/a.ts" },
      messageId: "replay-0",
    },
    { sessionUpdate: "agent_thought_chunk", content: { type: "text", text: "Greet back." } },
    {
      sessionUpdate: "agent_message_chunk",
      content: { type: "text", text: "Hello." },
      messageId: "replay-1",
    },
    {
      sessionUpdate: "tool_call",
      toolCallId: "c1",
      title: "execute_bash: false",
      kind: "execute",
      status: "failed",
      locations: [],
      rawInput: { command: "false" },
      content: [{
        type: "content",
        content: { type: "text", text: "```\n(no output)\n\nExit code: 1\n```" },
      }],
    },
    { sessionUpdate: "agent_thought_chunk", content: { type: "text", text: "They said hi." } },
  ]);
});

Deno.test("a saved call replays with the activity and locations its live updates ended with", () => {
  const [edit, old] = replayUpdates([
    {
      type: "tool_call",
      callId: "c1",
      name: "string_replace",
      kind: "write",
      activity: "edit",
      title: "string_replace a.ts",
      locations: [{ path: "/p/a.ts", line: 3 }],
      arguments: { path: "a.ts" },
      outcome: "ok",
      result: "Replaced 1 line",
      changes: [{ path: "/p/a.ts", oldText: "x\n", newText: "y\n" }],
    },
    // The editor's kind is the call's activity, finer than its approval kind.
    {
      type: "tool_call",
      callId: "c2",
      name: "search_file_contents",
      kind: "read",
      activity: "search",
      title: 'search_file_contents "x"',
      arguments: { query: "x" },
      outcome: "ok",
      result: "",
    },
  ]);
  assert.deepEqual(edit, {
    sessionUpdate: "tool_call",
    toolCallId: "c1",
    title: "string_replace a.ts",
    kind: "edit",
    status: "completed",
    locations: [{ path: "/p/a.ts", line: 3 }],
    rawInput: { path: "a.ts" },
    content: [{ type: "diff", path: "/p/a.ts", oldText: "x\n", newText: "y\n" }],
  });
  assert.equal(old.sessionUpdate === "tool_call" && old.kind, "search");
});
