/**
 * What the agent tells a frontend about a call before it runs (`approval` on
 * `tool_call_started`), and what it hands a tool for the frontend's sake: the call's id
 * and the editor's files and terminal (the seam an ACP client's `fs` and `terminal`
 * come through).
 */
import assert from "node:assert/strict";
import { z } from "zod";
import { Agent, type AgentOptions } from "../../src/agent/agent.ts";
import type { AgentEventBody, AgentMode } from "../../src/protocol.ts";
import { ToolRegistry } from "../../src/tools/registry.ts";
import type { EditorFiles, EditorTerminal, Tool, ToolContext } from "../../src/tools/tool.ts";
import { FakeClient, nativeCall } from "../_helpers/fake_client.ts";

/** A write tool that remembers the context it ran with. */
function recordingTool(seen: ToolContext[]): Tool<z.ZodObject<{ text: z.ZodString }>> {
  return {
    name: "note",
    description: "Writes a note.",
    kind: "write",
    schema: z.object({ text: z.string() }),
    execute: (_args, ctx) => {
      seen.push(ctx);
      return Promise.resolve({ ok: true, output: "noted" });
    },
  };
}

function agentWith(call: { name: string; args: unknown }, options: Partial<AgentOptions> = {}) {
  const seen: ToolContext[] = [];
  const registry = new ToolRegistry();
  registry.register(recordingTool(seen));
  const agent = new Agent({
    client: new FakeClient([
      { toolCalls: [nativeCall("call_a", call.name, call.args)] },
      { content: "done" },
    ]),
    model: "fake-model",
    registry,
    cwd: Deno.cwd(),
    mode: "normal",
    systemPrompt: "You are a test.",
    ...options,
  });
  return { agent, seen };
}

async function run(agent: Agent, answer?: "approve" | "deny"): Promise<AgentEventBody[]> {
  const events: AgentEventBody[] = [];
  for await (const event of agent.run("go")) {
    events.push(event);
    if (event.type === "approval_request" && answer) {
      agent.send({ type: answer, callId: event.callId });
    }
  }
  return events;
}

const started = (events: AgentEventBody[]) =>
  events.find((e): e is Extract<AgentEventBody, { type: "tool_call_started" }> =>
    e.type === "tool_call_started"
  );

const cases: [AgentMode, "allow" | "ask" | "deny"][] = [
  ["yolo", "allow"],
  ["auto-accept", "allow"],
  ["normal", "ask"],
  ["plan", "deny"],
];
for (const [mode, approval] of cases) {
  Deno.test(`tool_call_started says what comes next: a write in ${mode} mode is "${approval}"`, async () => {
    const { agent } = agentWith({ name: "note", args: { text: "x" } }, { mode });
    const events = await run(agent, "approve");
    assert.equal(started(events)?.approval, approval);
    const asked = events.some((e) => e.type === "approval_request");
    assert.equal(asked, approval === "ask");
  });
}

Deno.test("tool_call_started has no approval for a call that cannot run (unknown tool)", async () => {
  const { agent } = agentWith({ name: "nope", args: {} });
  const events = await run(agent);
  const call = started(events);
  assert.ok(call);
  assert.equal("approval" in call, false);
  const ended = events.find((e) => e.type === "tool_call_ended");
  assert.equal(ended?.type === "tool_call_ended" && ended.outcome, "failed");
});

Deno.test("a tool gets its call id and the editor's files and terminal", async () => {
  const files: EditorFiles = { readText: () => Promise.resolve("") };
  const terminal: EditorTerminal = {
    run: () => Promise.resolve({ output: "", truncated: false, exitCode: 0, signal: null }),
  };
  const { agent, seen } = agentWith({ name: "note", args: { text: "x" } }, {
    mode: "yolo",
    files,
    terminal,
  });
  await run(agent);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].callId, "call_a");
  assert.equal(seen[0].files, files);
  assert.equal(seen[0].terminal, terminal);
});

Deno.test("without an editor a tool gets no files or terminal", async () => {
  const { agent, seen } = agentWith({ name: "note", args: { text: "x" } }, { mode: "yolo" });
  await run(agent);
  assert.equal(seen[0].files, undefined);
  assert.equal(seen[0].terminal, undefined);
});
