import assert from "node:assert/strict";
import { requestInvariantViolation } from "./request_invariants.ts";

const call = (id: string, args = "{}") => ({
  id,
  type: "function",
  function: { name: "read_file", arguments: args },
});
const check = (messages: unknown[]) => requestInvariantViolation({ messages });

Deno.test("a valid history with tool calls, results and text answers passes", () => {
  assert.equal(
    check([
      { role: "system", content: "sys" },
      { role: "user", content: "hi" },
      { role: "assistant", content: null, tool_calls: [call("a"), call("b")] },
      { role: "tool", tool_call_id: "a", content: "A" },
      { role: "tool", tool_call_id: "b", content: "B" },
      { role: "assistant", content: "done" },
      { role: "user", content: "again" },
    ]),
    undefined,
  );
});

Deno.test("each rule a real server enforces is caught with its position", () => {
  const cases: [unknown[], RegExp][] = [
    [
      [{ role: "user", content: "x" }, { role: "tool", tool_call_id: "z", content: "" }],
      /no earlier/,
    ],
    [[{ role: "assistant", content: "" }], /empty, with no tool calls/],
    [[{ role: "assistant", content: null, tool_calls: [call("a")] }], /have no results/],
    [
      [
        { role: "assistant", content: null, tool_calls: [call("a")] },
        { role: "user", content: "interrupting" },
      ],
      /before the results of calls a/,
    ],
    [[{ role: "assistant", content: null, tool_calls: [call("a", "{oops")] }], /not a JSON object/],
    [[{ role: "assistant", content: null, tool_calls: [call("a"), call("a")] }], /two calls/],
    [[{ role: "user", content: "x" }, { role: "system", content: "late" }], /system message after/],
    [
      [{ role: "user", content: "x" }, { role: "user", content: "y" }],
      /second user message in a row/,
    ],
  ];
  for (const [messages, expected] of cases) {
    assert.match(String(check(messages)), expected);
  }
});
