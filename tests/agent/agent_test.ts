import assert from "node:assert/strict";
import { z } from "zod";
import { Agent, type AgentOptions } from "../../src/agent/agent.ts";
import type { AgentEventBody, AgentMode } from "../../src/protocol.ts";
import { ProviderError } from "../../src/errors.ts";
import { ToolRegistry } from "../../src/tools/registry.ts";
import type { Tool } from "../../src/tools/tool.ts";
import { type FakeAnswer, FakeClient, nativeCall } from "../_helpers/fake_client.ts";

const echoTool: Tool<z.ZodObject<{ text: z.ZodString }>> = {
  name: "echo",
  description: "Echoes text back.",
  kind: "read",
  schema: z.object({ text: z.string() }),
  execute: (args) => Promise.resolve({ ok: true, output: `echo: ${args.text}` }),
};

function makeWriteTool(log: string[]): Tool<z.ZodObject<{ path: z.ZodString }>> {
  return {
    name: "touch",
    description: "Pretends to write a file.",
    kind: "write",
    schema: z.object({ path: z.string() }),
    execute: (args) => {
      log.push(args.path);
      return Promise.resolve({
        ok: true,
        output: `touched ${args.path}`,
        summary: `Touched ${args.path}`,
        filesChanged: [args.path],
      });
    },
  };
}

const shellTool: Tool<z.ZodObject<{ command: z.ZodString }>> = {
  name: "shell",
  description: "Pretends to run a command.",
  kind: "execute",
  schema: z.object({ command: z.string() }),
  execute: (args, ctx) => {
    ctx.emitOutput?.("line 1\n");
    ctx.emitOutput?.("line 2\n");
    return Promise.resolve({ ok: true, output: `ran ${args.command}` });
  },
};

function setup(answers: FakeAnswer[], options: Partial<AgentOptions> = {}) {
  const client = new FakeClient(answers);
  const registry = new ToolRegistry();
  const written: string[] = [];
  registry.register(echoTool);
  registry.register(makeWriteTool(written));
  registry.register(shellTool);
  const agent = new Agent({
    client,
    model: "fake-model",
    registry,
    cwd: Deno.cwd(),
    mode: "auto-accept",
    systemPrompt: "You are a test.",
    toolCalling: "native",
    ...options,
  });
  return { agent, client, written };
}

async function collect(
  run: AsyncGenerator<AgentEventBody>,
  onEvent?: (e: AgentEventBody) => void,
): Promise<AgentEventBody[]> {
  const events: AgentEventBody[] = [];
  for await (const event of run) {
    events.push(event);
    onEvent?.(event);
  }
  return events;
}

const types = (events: AgentEventBody[]) => events.map((e) => e.type);

Deno.test("run() streams a plain answer and ends with done/completed", async () => {
  const { agent, client } = setup([{ content: "Hello there." }]);
  const events = await collect(agent.run("hi"));
  assert.deepEqual(types(events), ["turn_start", "text_delta", "assistant_message", "done"]);
  assert.deepEqual(events.at(-1), { type: "done", reason: "completed", finalText: "Hello there." });
  assert.deepEqual(client.requests[0].messages, [
    { role: "system", content: "You are a test." },
    { role: "user", content: "hi" },
  ]);
  assert.equal(client.requests[0].tools?.length, 3);
});

Deno.test("run() executes a native tool call and sends the result back under its id", async () => {
  const { agent, client } = setup([
    { toolCalls: [nativeCall("c1", "echo", { text: "ping" })] },
    { content: "Done." },
  ]);
  const events = await collect(agent.run("echo ping"));
  const ended = events.find((e) => e.type === "tool_call_ended");
  assert.deepEqual(ended, {
    type: "tool_call_ended",
    callId: "c1",
    name: "echo",
    outcome: "ok",
    ok: true,
    result: "echo: ping",
    summary: undefined,
    diff: undefined,
    filesChanged: undefined,
  });
  assert.deepEqual(client.requests[1].messages.slice(2), [
    { role: "assistant", content: null, tool_calls: [nativeCall("c1", "echo", { text: "ping" })] },
    { role: "tool", tool_call_id: "c1", content: "echo: ping" },
  ]);
  assert.deepEqual(events.at(-1), { type: "done", reason: "completed", finalText: "Done." });
});

Deno.test("run() answers malformed arguments with an error the model can correct", async () => {
  const { agent, client } = setup([
    { toolCalls: [nativeCall("c1", "echo", { txt: "ping" })] },
    { toolCalls: [nativeCall("c2", "echo", { text: "ping" })] },
    { content: "Fixed." },
  ]);
  const events = await collect(agent.run("echo"));
  const ended = events.filter((e) => e.type === "tool_call_ended");
  assert.equal(ended.length, 2);
  assert.equal(ended[0].ok, false);
  assert.match(ended[0].result, /invalid arguments for "echo":\n- text: /);
  assert.equal(ended[1].ok, true);
  const toolMessage = client.requests[1].messages.at(-1);
  assert.equal(toolMessage?.role, "tool");
  assert.match(String(toolMessage?.content), /Fix the arguments and call the tool again/);
});

Deno.test("run() answers an unknown tool with the list of available tools", async () => {
  const { agent } = setup([
    { toolCalls: [nativeCall("c1", "fly", {})] },
    { content: "Sorry." },
  ]);
  const events = await collect(agent.run("fly"));
  const ended = events.find((e) => e.type === "tool_call_ended");
  assert.equal(
    ended?.type === "tool_call_ended" && ended.result,
    'Error: unknown tool "fly". Available tools: echo, touch, shell.',
  );
});

Deno.test("auto-accept runs writes but refuses commands nobody approved", async () => {
  const { agent, written } = setup([
    {
      toolCalls: [
        nativeCall("c1", "touch", { path: "a.txt" }),
        nativeCall("c2", "shell", { command: "ls" }),
      ],
    },
    { content: "ok" },
  ]);
  const events = await collect(agent.run("go"), (event) => {
    if (event.type === "approval_request") {
      agent.send({ type: "deny", callId: event.callId, reason: "not now" });
    }
  });
  assert.deepEqual(written, ["a.txt"]);
  const requests = events.filter((e) => e.type === "approval_request");
  assert.deepEqual(requests.map((e) => e.type === "approval_request" && e.name), ["shell"]);
  const shellEnd = events.find((e) => e.type === "tool_call_ended" && e.name === "shell");
  assert.equal(
    shellEnd?.type === "tool_call_ended" && shellEnd.result,
    "This shell call was not approved: not now. Do not retry it unchanged.",
  );
});

Deno.test("an approved command runs and streams its output as tool_output events", async () => {
  const { agent } = setup([
    { toolCalls: [nativeCall("c1", "shell", { command: "ls" })] },
    { content: "ok" },
  ]);
  const events = await collect(agent.run("go"), (event) => {
    if (event.type === "approval_request") agent.send({ type: "approve", callId: event.callId });
  });
  const outputs = events.filter((e) => e.type === "tool_output");
  assert.deepEqual(outputs, [
    { type: "tool_output", callId: "c1", chunk: "line 1\n" },
    { type: "tool_output", callId: "c1", chunk: "line 2\n" },
  ]);
  assert.ok(events.some((e) => e.type === "tool_call_ended" && e.ok && e.result === "ran ls"));
});

Deno.test("plan mode refuses writes and tells the model why", async () => {
  const { agent, written } = setup([
    { toolCalls: [nativeCall("c1", "touch", { path: "a.txt" })] },
    { content: "Here is the plan." },
  ], { mode: "plan" });
  const events = await collect(agent.run("change it"));
  assert.deepEqual(written, []);
  const ended = events.find((e) => e.type === "tool_call_ended");
  assert.equal(
    ended?.type === "tool_call_ended" && ended.result,
    'Error: Plan mode runs only read tools: "touch" (write) was not run.',
  );
});

Deno.test("the turn limit ends the run with max_turns instead of looping", async () => {
  const loop = () => ({ toolCalls: [nativeCall(crypto.randomUUID(), "echo", { text: "again" })] });
  const { agent, client } = setup([loop, loop, loop, loop], { maxTurns: 3 });
  const events = await collect(agent.run("loop"));
  assert.equal(client.requests.length, 3);
  const error = events.find((e) => e.type === "error");
  assert.equal(error?.type === "error" && error.code, "max_turns");
  assert.deepEqual(events.at(-1), { type: "done", reason: "max_turns", finalText: "" });
});

Deno.test("three identical failing calls stop the run with a clear message", async () => {
  const bad = () => ({ toolCalls: [nativeCall(crypto.randomUUID(), "echo", { nope: 1 })] });
  const { agent, client } = setup([bad, bad, bad, bad]);
  const events = await collect(agent.run("go"));
  assert.equal(client.requests.length, 3);
  const error = events.find((e) => e.type === "error");
  assert.equal(error?.type === "error" && error.code, "repeated_tool_failure");
  assert.match(
    error?.type === "error" ? error.message : "",
    /same failing "echo" call 3 times/,
  );
  assert.deepEqual(events.at(-1), { type: "done", reason: "error", finalText: "" });
  // Every call of the history has its result, so the conversation can go on.
  assert.equal(agent.history.at(-1)?.role, "tool");
});

Deno.test("a provider error ends the run with its code and message", async () => {
  const { agent } = setup([
    new ProviderError('Cannot reach provider "http://127.0.0.1:9/v1": connection refused', {
      code: "unreachable",
    }),
  ]);
  const events = await collect(agent.run("hi"));
  assert.deepEqual(events.slice(-2), [
    {
      type: "error",
      code: "unreachable",
      message: 'Cannot reach provider "http://127.0.0.1:9/v1": connection refused',
    },
    { type: "done", reason: "error", finalText: "" },
  ]);
});

Deno.test("cancel while waiting for approval ends the run and keeps the history valid", async () => {
  const { agent, client } = setup([
    {
      toolCalls: [
        nativeCall("c1", "shell", { command: "ls" }),
        nativeCall("c2", "echo", { text: "x" }),
      ],
    },
    { content: "after cancel" },
  ], { mode: "normal" });
  const events = await collect(agent.run("go"), (event) => {
    if (event.type === "approval_request") agent.send({ type: "cancel" });
  });
  assert.deepEqual(events.at(-1), { type: "done", reason: "cancelled", finalText: "" });
  // The call the frontend was shown ends too (an editor would show it pending forever).
  assert.deepEqual(types(events).slice(-4), [
    "approval_request",
    "approval_resolved",
    "tool_call_ended",
    "done",
  ]);
  const ended = events.find((e) => e.type === "tool_call_ended");
  assert.equal(ended?.type === "tool_call_ended" && ended.callId, "c1");
  assert.equal(ended?.type === "tool_call_ended" && ended.outcome, "cancelled");
  assert.equal(
    ended?.type === "tool_call_ended" && ended.result,
    "Cancelled by the user before it ran.",
  );
  assert.deepEqual(agent.history.slice(-2), [
    { role: "tool", tool_call_id: "c1", content: "Cancelled by the user before it ran." },
    { role: "tool", tool_call_id: "c2", content: "Cancelled by the user before it ran." },
  ]);
  // The next prompt works on the same agent.
  const next = await collect(agent.run("again"));
  assert.deepEqual(next.at(-1), { type: "done", reason: "completed", finalText: "after cancel" });
  assert.equal(client.requests.length, 2);
});

Deno.test("a restarted stream tells the frontend to discard the partial turn", async () => {
  const { agent } = setup([{
    content: "Full answer.",
    events: [
      { type: "text_delta", text: "Par" },
      { type: "restart", reason: "connection reset" },
      { type: "text_delta", text: "Full answer." },
    ],
  }]);
  const events = await collect(agent.run("hi"));
  assert.deepEqual(types(events), [
    "turn_start",
    "text_delta",
    "turn_restart",
    "text_delta",
    "assistant_message",
    "done",
  ]);
});

Deno.test("a cancel during a tool that still returns stops the turn's later calls", async () => {
  const { agent, client, written } = setup([
    {
      toolCalls: [
        nativeCall("c1", "killable", {}),
        nativeCall("c2", "touch", { path: "a.txt" }),
      ],
    },
    { content: "never asked" },
  ]);
  // Like execute_bash: Ctrl+C kills the command, which reports the kill as its result.
  agent.options.registry.register({
    name: "killable",
    description: "Reports its own cancellation.",
    kind: "read",
    schema: z.object({}),
    execute: () => {
      agent.send({ type: "cancel" });
      return Promise.resolve({ ok: false, output: "Cancelled: the command was killed." });
    },
  });
  const events = await collect(agent.run("go"));
  assert.deepEqual(written, []);
  assert.deepEqual(events.at(-1), { type: "done", reason: "cancelled", finalText: "" });
  assert.equal(types(events).filter((t) => t === "turn_start").length, 1);
  assert.equal(client.requests.length, 1);
  assert.deepEqual(agent.history.slice(-2), [
    { role: "tool", tool_call_id: "c1", content: "Cancelled: the command was killed." },
    { role: "tool", tool_call_id: "c2", content: "Cancelled by the user before it ran." },
  ]);
});

Deno.test("an empty answer goes back into the history as a stand-in text, never empty", async () => {
  const { agent, client } = setup([{ content: "" }, { content: "ok" }]);
  await collect(agent.run("first"));
  await collect(agent.run("second"));
  assert.deepEqual(client.requests[1].messages.slice(1), [
    { role: "user", content: "first" },
    { role: "assistant", content: "(no answer)" },
    { role: "user", content: "second" },
  ]);
});

for (const mode of ["normal", "auto-accept"] as const) {
  Deno.test(`a cancel during a call's preview neither runs it nor asks for it (${mode})`, async () => {
    await cancelDuringPreview(mode);
  });
}

async function cancelDuringPreview(mode: AgentMode) {
  const ran: string[] = [];
  const { agent } = setup([{ toolCalls: [nativeCall("c1", "slow_write", {})] }], { mode });
  agent.options.registry.register({
    name: "slow_write",
    description: "Its preview sees the cancel.",
    kind: "write",
    schema: z.object({}),
    preview: () => {
      agent.send({ type: "cancel" });
      return Promise.resolve({});
    },
    execute: () => {
      ran.push("slow_write");
      return Promise.resolve({ ok: true, output: "wrote" });
    },
  });
  // Nobody answers approval requests here: the run must end on its own.
  const events = await collect(agent.run("go"));
  assert.equal(types(events).includes("approval_request"), false);
  assert.deepEqual(events.at(-1), { type: "done", reason: "cancelled", finalText: "" });
  assert.deepEqual(agent.history.at(-1), {
    role: "tool",
    tool_call_id: "c1",
    content: "Cancelled by the user before it ran.",
  });
  assert.deepEqual(ran, []);
}

Deno.test("a cancel while waiting for an MCP tool to appear ends the run at once", async () => {
  const waited: string[] = [];
  const { agent } = setup([{ toolCalls: [nativeCall("c1", "mcp__slow__tool", {})] }], {
    waitForTool: (name) => {
      waited.push(name);
      agent.send({ type: "cancel" });
      return new Promise<boolean>(() => {}); // a server that never finishes connecting
    },
  });
  const events = await collect(agent.run("go"));
  assert.deepEqual(waited, ["mcp__slow__tool"]);
  assert.deepEqual(events.at(-1), { type: "done", reason: "cancelled", finalText: "" });
  assert.deepEqual(agent.history.at(-1), {
    role: "tool",
    tool_call_id: "c1",
    content: "Cancelled by the user before it ran.",
  });
});

Deno.test("auto mode asks for text tool calls when the server refuses native tools", async () => {
  // The client recognises each server's refusal wording (tests/ai) and marks it so.
  const { agent, client, written } = setup([
    new ProviderError(
      'Provider "ollama" rejected the request (400): registry.ollama.ai/library/gemma:2b does not support tools',
      { code: "tools_unsupported", status: 400 },
    ),
    { content: "<touch><path>a.txt</path></touch>" },
    { content: "Done." },
  ], { toolCalling: "auto" });
  const events = await collect(agent.run("make a.txt"));
  assert.deepEqual(events.at(-1), { type: "done", reason: "completed", finalText: "Done." });
  assert.deepEqual(written, ["a.txt"]);
  assert.equal(types(events).includes("error"), false);
  assert.equal(client.requests[0].tools?.length, 3);
  for (const request of client.requests.slice(1)) {
    assert.equal(request.tools, undefined);
    assert.match(request.messages[0].content as string, /<touch>/);
  }
});

Deno.test("a bad request unrelated to tools is not retried", async () => {
  const { agent, client } = setup([
    new ProviderError("Bad request (400): temperature must be at most 2", {
      code: "bad_request",
      status: 400,
    }),
  ], { toolCalling: "auto" });
  const events = await collect(agent.run("hi"));
  assert.deepEqual(events.at(-1), { type: "done", reason: "error", finalText: "" });
  assert.equal(client.requests.length, 1);
});

Deno.test("broken JSON arguments go back into the history as valid JSON", async () => {
  const { agent, client } = setup([
    { toolCalls: [nativeCall("c1", "echo", "@@@ not json (((")] },
    { content: "ok" },
  ]);
  const events = await collect(agent.run("go"));
  const ended = events.find((e) => e.type === "tool_call_ended");
  assert.match(ended?.type === "tool_call_ended" ? ended.result : "", /not valid JSON|JSON object/);
  const assistant = client.requests[1].messages.find((m) => m.role === "assistant");
  assert.deepEqual(
    assistant?.role === "assistant" && assistant.tool_calls?.map((c) => c.function.arguments),
    ["{}"],
  );
});

Deno.test("auto mode also falls back to text calls on the client's tools_unsupported code", async () => {
  // The client classifies servers that refuse `tools` (llama.cpp's HTTP 500...) with this
  // code; cast because the code joins ProviderErrorCode on the client's side.
  const code = "tools_unsupported" as unknown as ProviderError["code"];
  const { agent, client, written } = setup([
    new ProviderError("llama.cpp cannot use tools with this template", { code, status: 500 }),
    { content: "<touch><path>b.txt</path></touch>" },
    { content: "Done." },
  ], { toolCalling: "auto" });
  const events = await collect(agent.run("make b.txt"));
  assert.deepEqual(events.at(-1), { type: "done", reason: "completed", finalText: "Done." });
  assert.deepEqual(written, ["b.txt"]);
  assert.equal(client.requests[1].tools, undefined);
});
