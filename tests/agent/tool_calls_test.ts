/**
 * What the loop does with a message's tool calls before and around running them:
 * "always" scopes, calls cut off by the output limit, calls written as text while native
 * calls were offered, and the limits on calls per message and argument size.
 */
import assert from "node:assert/strict";
import { z } from "zod";
import { Agent, type AgentOptions } from "../../src/agent/agent.ts";
import { MAX_ARGUMENT_BYTES, MAX_CALLS_PER_MESSAGE } from "../../src/agent/limits.ts";
import type { AgentEventBody } from "../../src/protocol.ts";
import { ToolRegistry } from "../../src/tools/registry.ts";
import type { Tool } from "../../src/tools/tool.ts";
import { type FakeAnswer, FakeClient, nativeCall } from "../_helpers/fake_client.ts";

/** A command tool whose "always" covers the first two words, as execute_bash's prefix. */
function commandTool(ran: string[]): Tool<z.ZodObject<{ command: z.ZodString }>> {
  return {
    name: "run",
    description: "Runs a command.",
    kind: "execute",
    schema: z.object({ command: z.string() }),
    preview: (args) => {
      const prefix = args.command.split(" ").slice(0, 2).join(" ");
      return Promise.resolve({ scope: { key: `run:${prefix}`, label: prefix } });
    },
    execute: (args) => {
      ran.push(args.command);
      return Promise.resolve({ ok: true, output: `ran ${args.command}`, exitCode: 0 });
    },
  };
}

function noteTool(written: string[]): Tool<z.ZodObject<{ text: z.ZodString }>> {
  return {
    name: "note",
    description: "Writes a note.",
    kind: "write",
    schema: z.object({ text: z.string() }),
    execute: (args) => {
      written.push(args.text);
      return Promise.resolve({ ok: true, output: "noted" });
    },
  };
}

function setup(answers: FakeAnswer[], options: Partial<AgentOptions> = {}) {
  const client = new FakeClient(answers);
  const registry = new ToolRegistry();
  const ran: string[] = [];
  const written: string[] = [];
  registry.register(commandTool(ran));
  registry.register(noteTool(written));
  const agent = new Agent({
    client,
    model: "fake-model",
    registry,
    cwd: Deno.cwd(),
    mode: "normal",
    systemPrompt: "You are a test.",
    toolCalling: "auto",
    ...options,
  });
  return { agent, client, ran, written };
}

async function collect(
  agent: Agent,
  prompt: string,
  answer?: (e: Extract<AgentEventBody, { type: "approval_request" }>) => void,
): Promise<AgentEventBody[]> {
  const events: AgentEventBody[] = [];
  for await (const event of agent.run(prompt)) {
    events.push(event);
    if (event.type === "approval_request") answer?.(event);
  }
  return events;
}

const ofType = <T extends AgentEventBody["type"]>(events: AgentEventBody[], type: T) =>
  events.filter((e): e is Extract<AgentEventBody, { type: T }> => e.type === type);

Deno.test("allowing `npm test` always does not allow `rm -rf x`", async () => {
  const { agent, ran } = setup([
    { toolCalls: [nativeCall("c1", "run", { command: "npm test" })] },
    { toolCalls: [nativeCall("c2", "run", { command: "npm test -- --watch=false" })] },
    { toolCalls: [nativeCall("c3", "run", { command: "rm -rf x" })] },
    { content: "done" },
  ]);
  const asked: string[] = [];
  const events = await collect(agent, "test it", (request) => {
    asked.push(request.title);
    const always = request.callId === "c1";
    agent.send(
      always
        ? { type: "approve", callId: request.callId, always: true }
        : { type: "deny", callId: request.callId },
    );
  });
  assert.deepEqual(asked, ["run npm test", "run rm -rf x"]);
  assert.deepEqual(ran, ["npm test", "npm test -- --watch=false"]);
  const [first] = ofType(events, "approval_request");
  assert.deepEqual(first.options, ["allow_once", "allow_always", "reject_once", "reject_always"]);
  assert.deepEqual(first.scope, { key: "run:npm test", label: "npm test" });
  assert.deepEqual(
    ofType(events, "approval_resolved").map((e) => [e.callId, e.decision, e.scope?.label]),
    [["c1", "allow_always", "npm test"], ["c3", "reject_once", undefined]],
  );
  assert.deepEqual(ofType(events, "tool_call_ended").map((e) => [e.callId, e.outcome]), [
    ["c1", "ok"],
    ["c2", "ok"],
    ["c3", "denied"],
  ]);
});

Deno.test("rejecting a scope always refuses its next calls without asking", async () => {
  const { agent, ran } = setup([
    { toolCalls: [nativeCall("c1", "run", { command: "git push" })] },
    { toolCalls: [nativeCall("c2", "run", { command: "git push origin" })] },
    { content: "ok" },
  ]);
  const events = await collect(agent, "push", (request) => {
    agent.send({ type: "deny", callId: request.callId, always: true });
  });
  assert.deepEqual(ran, []);
  assert.equal(ofType(events, "approval_request").length, 1);
  const ended = ofType(events, "tool_call_ended");
  assert.deepEqual(ended.map((e) => e.outcome), ["denied", "denied"]);
  assert.equal(ended[1].result, "Error: The user refused git push for this session.");
});

Deno.test("a message cut off by the output limit runs none of its calls", async () => {
  const { agent, written } = setup([
    {
      toolCalls: [
        nativeCall("c1", "note", { text: "complete" }),
        nativeCall("c2", "note", { text: "looks complete too" }),
      ],
      finishReason: "length",
    },
    { content: "I will write less." },
  ], { mode: "yolo" });
  const events = await collect(agent, "write");
  assert.deepEqual(written, []);
  const ended = ofType(events, "tool_call_ended");
  assert.deepEqual(ended.map((e) => e.outcome), ["failed", "failed"]);
  assert.match(ended[0].result, /was cut off before it was complete.*Retry with smaller pieces/);
  assert.match(
    ofType(events, "notice")[0].message,
    /cut off by its output limit: its 2 tool calls were not run/,
  );
});

Deno.test("arguments that stop mid-string are never repaired and run", async () => {
  // The server gave no finish reason: the message may have been cut anywhere.
  const { agent, client, written } = setup([
    {
      toolCalls: [nativeCall("c1", "note", '{"text": "the first lines of a long')],
      finishReason: null,
    },
    { content: "retrying" },
  ], { mode: "yolo" });
  const events = await collect(agent, "write");
  assert.deepEqual(written, []);
  assert.match(ofType(events, "tool_call_ended")[0].result, /cut off/);
  assert.match(ofType(events, "notice")[0].message, /^note: the call was cut off/);
  // The history stays valid JSON for the server.
  const assistant = client.requests[1].messages.find((m) => m.role === "assistant");
  assert.equal(
    assistant?.role === "assistant" && assistant.tool_calls?.[0].function.arguments,
    "{}",
  );
});

Deno.test("arguments left open in a message that ended normally are malformed, not cut off", async () => {
  for (const finishReason of ["tool_calls", "stop"]) {
    const { agent, written } = setup([
      {
        toolCalls: [
          // The review's case: an unescaped quote leaves a string open at the end.
          nativeCall("c1", "note", '{"text": "a"b"}'),
          nativeCall("c2", "note", '{"text": "an unclosed string'),
        ],
        finishReason,
      },
      { content: "fixed" },
    ], { mode: "yolo" });
    const events = await collect(agent, "write");
    assert.deepEqual(written, []);
    for (const ended of ofType(events, "tool_call_ended")) {
      assert.equal(ended.outcome, "failed");
      assert.match(
        ended.result,
        /^Error: the arguments of "note" are not valid JSON: a string is still open at the end of the arguments \(.*\): a quote inside a string value was most likely not escaped; write it as \\" /,
      );
      assert.doesNotMatch(ended.result, /cut off|smaller pieces/);
    }
    assert.deepEqual(ofType(events, "notice"), [], "no cut-off notice");
  }
});

Deno.test("arguments with a harmless slip but complete still run", async () => {
  const { agent, written } = setup([
    { toolCalls: [nativeCall("c1", "note", '{"text": "fine",}')] },
    { content: "ok" },
  ], { mode: "yolo" });
  await collect(agent, "write");
  assert.deepEqual(written, ["fine"]);
});

Deno.test("a call written as text while native calls are offered is asked about, even in yolo", async () => {
  const { agent, client, written } = setup([
    { content: "As the README says:\n<note>\n<text>pwned</text>\n</note>" },
    { content: "ok" },
  ], { mode: "yolo" });
  const events = await collect(agent, "summarize the README", (request) => {
    agent.send({ type: "deny", callId: request.callId, reason: "nobody is here" });
  });
  assert.deepEqual(written, []);
  const [request] = ofType(events, "approval_request");
  assert.deepEqual(request.options, ["allow_once", "reject_once"]);
  assert.match(request.warning ?? "", /wrote this call as text/);
  assert.equal(ofType(events, "tool_call_started")[0].writtenAsText, true);
  const told = client.requests[1].messages.at(-1);
  assert.match(String(told?.content), /make a native tool call/);
});

Deno.test("a call written as text runs when tool calls travel as text", async () => {
  const { agent, written } = setup([
    { content: "<note>\n<text>hello</text>\n</note>" },
    { content: "ok" },
  ], { mode: "yolo", toolCalling: "xml" });
  const events = await collect(agent, "note it");
  assert.deepEqual(written, ["hello"]);
  assert.equal(ofType(events, "approval_request").length, 0);
});

Deno.test(`more than ${MAX_CALLS_PER_MESSAGE} calls in one message: the rest get an error`, async () => {
  const calls = Array.from(
    { length: MAX_CALLS_PER_MESSAGE + 3 },
    (_, i) => nativeCall(`c${i}`, "note", { text: String(i) }),
  );
  const { agent, client, written } = setup([{ toolCalls: calls }, { content: "ok" }], {
    mode: "yolo",
  });
  await collect(agent, "many");
  assert.equal(written.length, MAX_CALLS_PER_MESSAGE);
  const results = client.requests[1].messages.filter((m) => m.role === "tool");
  assert.equal(results.length, MAX_CALLS_PER_MESSAGE + 3);
  assert.match(
    String(results.at(-1)?.content),
    new RegExp(`at most ${MAX_CALLS_PER_MESSAGE} tool calls and this was call 35 of 35`),
  );
});

Deno.test("a call whose arguments exceed the size limit is not run nor sent back whole", async () => {
  const huge = "x".repeat(MAX_ARGUMENT_BYTES + 10);
  const { agent, client, written } = setup([
    { toolCalls: [nativeCall("c1", "note", { text: huge })] },
    { content: "ok" },
  ], { mode: "yolo" });
  const events = await collect(agent, "big");
  assert.deepEqual(written, []);
  assert.match(ofType(events, "tool_call_ended")[0].result, /over the limit of 1.0 MB/);
  const assistant = client.requests[1].messages.find((m) => m.role === "assistant");
  assert.equal(
    assistant?.role === "assistant" && assistant.tool_calls?.[0].function.arguments,
    "{}",
  );
  assert.ok(JSON.stringify(client.requests[1]).length < 10_000);
});

Deno.test("a write call whose arguments only parse after a repair that changes them is not run", async () => {
  // Unescaped quotes inside a string: a repair would have to guess where the string ends.
  const broken = '{"text": "say "hi" to them"}';
  const { agent, written } = setup([
    { toolCalls: [nativeCall("c1", "note", broken)], finishReason: "tool_calls" },
    { content: "ok", finishReason: "stop" },
  ], { mode: "yolo" });
  const events = await collect(agent, "note it");
  assert.deepEqual(written, []);
  const [ended] = ofType(events, "tool_call_ended");
  assert.match(ended.result, /repairing them would change what they say/);
});

Deno.test("a write call with a harmless slip (single quotes, trailing comma) still runs", async () => {
  const { agent, written } = setup([
    { toolCalls: [nativeCall("c1", "note", "{'text': 'hello',}")], finishReason: "tool_calls" },
    { content: "ok", finishReason: "stop" },
  ], { mode: "yolo" });
  await collect(agent, "note it");
  assert.deepEqual(written, ["hello"]);
});

Deno.test("results of a Hermes-style text call go back in <tool_response>, its own wrapper", async () => {
  const { agent, client, written } = setup([
    { content: '<tool_call>\n{"name": "note", "arguments": {"text": "a"}}\n</tool_call>' },
    { content: "done", finishReason: "stop" },
  ], { mode: "yolo", toolCalling: "xml" });
  await collect(agent, "note it");
  assert.deepEqual(written, ["a"]);
  const last = client.requests[1].messages.at(-1);
  assert.equal(last?.role, "user");
  assert.match(String(last?.content), /<tool_response>[\s\S]*noted[\s\S]*<\/tool_response>/);
});
