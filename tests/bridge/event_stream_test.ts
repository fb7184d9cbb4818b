import assert from "node:assert/strict";
import type * as acp from "@agentclientprotocol/sdk";
import { EventStream } from "../../src/bridge/event_stream.ts";
import type { AgentEvent, AgentEventBody } from "../../src/protocol.ts";

/** An event stream whose updates are recorded. */
function stream(caps: acp.ClientCapabilities = {}) {
  const updates: acp.SessionUpdate[] = [];
  const events = new EventStream({
    sessionId: "s1",
    client: {
      notify: (_method: string, params: acp.SessionNotification) => {
        updates.push(params.update);
        return Promise.resolve();
      },
    } as unknown as acp.AgentContext,
    caps,
    submit: () => {},
    log: () => {},
    trouble: { cwd: "/home/ada/my project", editorServers: {} },
  });
  const handle = (body: AgentEventBody, runId?: string) =>
    events.handle({ ...body, sessionId: "s1", ...(runId ? { runId } : {}) } as AgentEvent);
  return { events, updates, handle };
}

const needsLogin: AgentEventBody = {
  type: "mcp_status",
  server: "linear",
  state: "needs_login",
  tools: [],
  error: 'Sign-in required: run "nanocoder mcp login linear"',
};

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

Deno.test("EventStream: a server that needs a sign-in is a notice where the editor shows them, said once", async () => {
  const { updates, handle } = stream({ session: { notices: {} } });
  await handle(needsLogin);
  await handle(needsLogin);
  await handle({
    type: "notice",
    level: "warning",
    message: 'MCP server "linear" skipped: Sign-in required: run "nanocoder mcp login linear"',
  });
  assert.deepEqual(updates, [{
    sessionUpdate: "notice",
    severity: "warning",
    title: 'MCP server "linear" needs a sign-in',
    description: "Run `nanocoder mcp login linear --cwd '/home/ada/my project'` in a terminal: " +
      "it opens your browser and keeps the sign-in. Start a new session to use the server; " +
      "this one goes on without it.",
  }]);
});

Deno.test("EventStream: without notices it is an agent message, after the answer being streamed", async () => {
  const { events, updates, handle } = stream();
  const run = events.follow("r1");
  await handle({ type: "turn_start", turn: 1 }, "r1");
  await handle({ type: "text_delta", text: "Hello" }, "r1");
  await handle(needsLogin);
  await handle({ type: "text_delta", text: " there" }, "r1");
  await handle({ type: "done", reason: "completed", finalText: "Hello there" }, "r1");
  await run;
  const texts = updates.map((u) =>
    u.sessionUpdate === "agent_message_chunk" && u.content.type === "text" ? u.content.text : ""
  );
  assert.deepEqual(texts.slice(0, 2), ["Hello", " there"]);
  assert.match(texts[2], /^\*\*MCP server "linear" needs a sign-in\.\*\* Run `nanocoder mcp login/);
  assert.equal(texts.length, 3);
});

Deno.test("EventStream: a call the run left without an end fails before the prompt is answered", async () => {
  const { events, updates, handle } = stream();
  const run = events.follow("run-1");
  const started: AgentEventBody = {
    type: "tool_call_started",
    callId: "c1",
    name: "execute_bash",
    kind: "execute",
    activity: "execute",
    title: "execute_bash: make",
    locations: [],
    arguments: { command: "make" },
    approval: "allow",
  };
  await handle(started, "run-1");
  // A run that failed mid-call: no tool_call_ended came.
  await handle({ type: "done", reason: "error", finalText: "" }, "run-1");
  assert.equal((await run).reason, "error");
  const last = updates.at(-1);
  assert.equal(last?.sessionUpdate === "tool_call_update" && last.status, "failed");
  assert.equal(last?.sessionUpdate === "tool_call_update" && last.toolCallId, "c1");
  // An ended call is not ended twice.
  const run2 = events.follow("run-2");
  await handle({ ...started, callId: "c2" }, "run-2");
  await handle({
    type: "tool_call_ended",
    callId: "c2",
    name: "execute_bash",
    outcome: "ok",
    ok: true,
    result: "done",
  }, "run-2");
  const before = updates.length;
  await handle({ type: "done", reason: "completed", finalText: "" }, "run-2");
  await run2;
  assert.equal(updates.length, before);
});
