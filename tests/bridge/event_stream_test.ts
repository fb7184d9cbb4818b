import assert from "node:assert/strict";
import type * as acp from "@agentclientprotocol/sdk";
import { EventStream } from "../../src/bridge/event_stream.ts";
import type { AgentEvent, AgentOp } from "../../src/protocol.ts";

function stream(): { events: EventStream; submitted: AgentOp[] } {
  const submitted: AgentOp[] = [];
  const events = new EventStream({
    sessionId: "s1",
    client: { notify: () => Promise.resolve() } as unknown as acp.AgentContext,
    caps: {},
    submit: (op) => submitted.push(op),
    log: () => {},
  });
  return { events, submitted };
}

Deno.test("EventStream: what waits when the session's events end is answered as closed", async () => {
  const { events } = stream();
  const answers: AgentEvent[] = [];
  events.onAnswer("op-1", (event) => (answers.push(event), true));
  const run = events.follow("run-1");
  events.end();
  assert.deepEqual(await run, { reason: "cancelled", errors: [] });
  assert.deepEqual(answers.map((a) => a.type === "error" && a.message), ["The session was closed"]);
});

Deno.test("EventStream: an op or a prompt after the end is answered at once, never left waiting", async () => {
  const { events } = stream();
  events.end();
  const answers: AgentEvent[] = [];
  events.onAnswer("late-op", (event) => (answers.push(event), true));
  assert.deepEqual(answers, [{
    type: "error",
    code: "invalid_op",
    message: "The session was closed",
    sessionId: "s1",
  }]);
  assert.deepEqual(await events.follow("late-run"), { reason: "cancelled", errors: [] });
});
