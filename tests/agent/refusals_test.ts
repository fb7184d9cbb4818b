/**
 * A call its tool refuses whatever the answer (a write into `.git`, a path outside the
 * project, a fetch of a loopback address) is refused before anyone is asked, in every
 * mode, with the message its run would have given; a call the tool accepts is still
 * asked about.
 */
import assert from "node:assert/strict";
import { Agent } from "../../src/agent/agent.ts";
import type { AgentEventBody, AgentMode } from "../../src/protocol.ts";
import { createFileTool } from "../../src/tools/create_file.ts";
import { ToolRegistry } from "../../src/tools/registry.ts";
import { createWebFetchTool } from "../../src/tools/web_fetch.ts";
import { FakeClient, nativeCall } from "../_helpers/fake_client.ts";

async function runCall(
  cwd: string,
  mode: AgentMode,
  name: string,
  args: Record<string, unknown>,
): Promise<AgentEventBody[]> {
  const registry = new ToolRegistry();
  registry.register(createFileTool);
  registry.register(createWebFetchTool());
  const agent = new Agent({
    client: new FakeClient([{ toolCalls: [nativeCall("c1", name, args)] }, { content: "ok" }]),
    model: "fake-model",
    registry,
    cwd,
    mode,
    systemPrompt: "You are a test.",
    toolCalling: "native",
  });
  const events: AgentEventBody[] = [];
  for await (const event of agent.run("go")) {
    events.push(event);
    // Whoever is asked says yes: a refused call must not get that far.
    if (event.type === "approval_request") agent.send({ type: "approve", callId: event.callId });
  }
  return events;
}

async function withProject(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-refusals-" }));
  try {
    await Deno.mkdir(`${dir}/.git/hooks`, { recursive: true });
    await Deno.writeTextFile(`${dir}/.git/HEAD`, "ref: refs/heads/main\n");
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const refused: [string, Record<string, unknown>, RegExp][] = [
  [
    "create_file",
    { path: ".git/hooks/post-commit", content: "#!/bin/sh\ntouch /tmp/pwned\n" },
    /^Error: writing "\.git\/hooks\/post-commit" is refused: it is inside a \.git directory/,
  ],
  [
    "create_file",
    { path: "../outside.txt", content: "x\n" },
    /^Error: access to "\.\.\/outside\.txt" is refused/,
  ],
  [
    "web_fetch",
    { url: "http://127.0.0.1:9/admin" },
    /^Error: fetching "http:\/\/127\.0\.0\.1:9\/admin" is refused: "127\.0\.0\.1" is/,
  ],
];

for (const mode of ["normal", "auto-accept", "yolo"] as const) {
  for (const [name, args, message] of refused) {
    Deno.test(`${name} ${JSON.stringify(args)} is refused without asking (${mode})`, async () => {
      await withProject(async (dir) => {
        const events = await runCall(dir, mode, name, args);
        const started = events.find((e) => e.type === "tool_call_started");
        assert.equal(started?.type === "tool_call_started" && started.approval, "deny");
        assert.equal(events.some((e) => e.type === "approval_request"), false);
        const ended = events.find((e) => e.type === "tool_call_ended");
        assert.ok(ended?.type === "tool_call_ended");
        assert.equal(ended.outcome, "denied");
        assert.match(ended.result, message);
        assert.deepEqual([...Deno.readDirSync(`${dir}/.git/hooks`)], []);
      });
    });
  }
}

Deno.test("a write the tool accepts is still asked about in normal mode", async () => {
  await withProject(async (dir) => {
    const events = await runCall(dir, "normal", "create_file", { path: "a.txt", content: "x\n" });
    assert.equal(events.some((e) => e.type === "approval_request"), true);
    const ended = events.find((e) => e.type === "tool_call_ended");
    assert.equal(ended?.type === "tool_call_ended" && ended.outcome, "ok");
    assert.equal(await Deno.readTextFile(`${dir}/a.txt`), "x\n");
  });
});
