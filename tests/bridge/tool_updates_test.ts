/** A tool call's updates: kinds, diffs for every changed file, commands' output fenced. */
import assert from "node:assert/strict";
import { announceCall, endCall, fenced } from "../../src/bridge/tool_updates.ts";
import type { AgentEvent } from "../../src/protocol.ts";

type Ended = Extract<AgentEvent, { type: "tool_call_ended" }>;

const ended = (over: Partial<Ended>): Ended => ({
  type: "tool_call_ended",
  sessionId: "s",
  callId: "c",
  name: "t",
  outcome: "ok",
  ok: true,
  result: "",
  ...over,
});

Deno.test("a pending call shows the unified diff when the tool gave no whole texts", () => {
  const update = announceCall({
    type: "tool_call_started",
    sessionId: "s",
    callId: "c",
    name: "string_replace",
    kind: "write",
    activity: "edit",
    title: "string_replace a.ts",
    locations: [{ path: "/p/a.ts", line: 3 }],
    arguments: { path: "a.ts" },
    preview: { diff: "-a\n+b\n", warning: "careful" },
  });
  assert.deepEqual(update, {
    sessionUpdate: "tool_call",
    toolCallId: "c",
    title: "string_replace a.ts",
    kind: "edit",
    status: "pending",
    locations: [{ path: "/p/a.ts", line: 3 }],
    rawInput: { path: "a.ts" },
    content: [
      { type: "content", content: { type: "text", text: "```diff\n-a\n+b\n```" } },
      { type: "content", content: { type: "text", text: "⚠ careful" } },
    ],
  });
});

Deno.test("a write ends with a diff per changed file and no result text", () => {
  const update = endCall(ended({
    result: "Wrote 2 files",
    changes: [
      { path: "/p/a", oldText: null, newText: "a\n" },
      { path: "/p/b", oldText: "x\n", newText: "y\n" },
    ],
  }));
  assert.equal(update.sessionUpdate === "tool_call_update" && update.status, "completed");
  assert.deepEqual(update.sessionUpdate === "tool_call_update" && update.content, [
    { type: "diff", path: "/p/a", oldText: null, newText: "a\n" },
    { type: "diff", path: "/p/b", oldText: "x\n", newText: "y\n" },
  ]);
});

Deno.test("a command ends with its output fenced, or its terminal", () => {
  const failed = endCall(
    ended({ outcome: "failed", ok: false, result: "oops\n\nExit code: 1", exitCode: 1 }),
  );
  assert.deepEqual(failed.sessionUpdate === "tool_call_update" && failed.content, [
    { type: "content", content: { type: "text", text: "```\noops\n\nExit code: 1\n```" } },
  ]);
  assert.deepEqual(
    failed.sessionUpdate === "tool_call_update" && failed.rawOutput,
    { outcome: "failed", result: "oops\n\nExit code: 1", exitCode: 1 },
  );
  const inTerminal = endCall(ended({ result: "x", exitCode: 0 }), "term-1");
  assert.deepEqual(inTerminal.sessionUpdate === "tool_call_update" && inTerminal.content, [
    { type: "terminal", terminalId: "term-1" },
  ]);
});

Deno.test("a fence is longer than any backtick run inside", () => {
  assert.equal(fenced("a ```` b"), "`````\na ```` b\n`````");
});

Deno.test("a result keeps the spaces its first line starts with", () => {
  const update = endCall(ended({ result: "     1\thello\n     2\tthere\n\n" }));
  assert.deepEqual(update.sessionUpdate === "tool_call_update" && update.content, [
    { type: "content", content: { type: "text", text: "     1\thello\n     2\tthere" } },
  ]);
});

Deno.test("a call that found places ends with them as its locations; one that found none keeps its own", () => {
  const found = endCall(ended({ locations: [{ path: "/p/a.ts", line: 2 }, { path: "/p/b.ts" }] }));
  assert.deepEqual(found.sessionUpdate === "tool_call_update" && found.locations, [
    { path: "/p/a.ts", line: 2 },
    { path: "/p/b.ts" },
  ]);
  const none = endCall(ended({}));
  assert.equal(none.sessionUpdate === "tool_call_update" && "locations" in none, false);
});
