/**
 * The SDK attaches an "abort" listener to a request's signal and never removes it; given a
 * long-lived signal, aborting it later sends `notifications/cancelled` for requests that
 * were answered long ago, `initialize` included (which the spec forbids). These tests
 * record what a stdio server receives.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client";
import { McpManager } from "../../src/mcp/manager.ts";
import { DenoStdioTransport } from "../../src/mcp/stdio_transport.ts";
import { setup } from "./_servers.ts";

const SERVER = fileURLToPath(new URL("./_fixtures/recording_server.ts", import.meta.url));
const CONFIG = fileURLToPath(new URL("../../deno.json", import.meta.url));

function recordingServer(log: string) {
  return {
    command: Deno.execPath(),
    args: ["run", "-A", "--no-prompt", "--quiet", `--config=${CONFIG}`, SERVER, log],
  };
}

async function received(
  log: string,
): Promise<{ method?: string; params?: { requestId?: number } }[]> {
  const text = await Deno.readTextFile(log).catch(() => "");
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

const cancellations = (messages: Awaited<ReturnType<typeof received>>) =>
  messages.filter((m) => m.method === "notifications/cancelled");

Deno.test("the recording server sees the SDK's defect: a bare Client given a long-lived signal cancels settled requests", async () => {
  const log = await Deno.makeTempFile();
  const server = recordingServer(log);
  const session = new AbortController();
  const client = new Client({ name: "bare", version: "1" });
  try {
    await client.connect(
      new DenoStdioTransport({ command: server.command, args: server.args, cwd: Deno.cwd() }),
      { signal: session.signal },
    );
    await client.callTool({ name: "echo", arguments: { text: "hi" } }, undefined, {
      signal: session.signal,
    });
    session.abort(new Error("session over"));
  } finally {
    await client.close(); // The server exits once it has read everything.
  }
  const messages = await received(log);
  // initialize (id 0) and the call (id 1) were answered, and still "cancelled".
  assert.deepEqual(cancellations(messages).map((m) => m.params?.requestId).sort(), [0, 1]);
  await Deno.remove(log);
});

Deno.test("McpManager sends no notifications/cancelled for settled requests when the turn's signal aborts, on restart and on close", async () => {
  const log = await Deno.makeTempFile();
  const { registry, ctx } = setup();
  const manager = new McpManager({ rec: recordingServer(log) }, { registry, cwd: ctx.cwd });
  const turn = new AbortController();
  try {
    manager.start();
    assert.equal((await manager.ready())[0].state, "connected");
    const turnCtx = { ...ctx, signal: turn.signal };
    assert.deepEqual(await registry.get("mcp__rec__echo")!.execute({ text: "a" }, turnCtx), {
      ok: true,
      output: "a",
    });
    await registry.get("mcp__rec__slow")!.execute({ ms: 20 }, turnCtx);
    turn.abort(new Error("turn over")); // The turn ends after its calls settled.
    await manager.restart("rec"); // Aborts the first connection's signal.
    await registry.get("mcp__rec__echo")!.execute({ text: "b" }, ctx);
  } finally {
    await manager.close();
  }
  const messages = await received(log);
  assert.equal(messages.filter((m) => m.method === "initialize").length, 2);
  assert.equal(messages.filter((m) => m.method === "tools/call").length, 3);
  assert.deepEqual(cancellations(messages), []);
  await Deno.remove(log);
});

Deno.test("McpManager still cancels the one call in flight when the turn's signal aborts", async () => {
  const log = await Deno.makeTempFile();
  const { registry, ctx } = setup();
  const manager = new McpManager({ rec: recordingServer(log) }, { registry, cwd: ctx.cwd });
  const turn = new AbortController();
  try {
    manager.start();
    await manager.ready();
    await registry.get("mcp__rec__echo")!.execute({ text: "done first" }, {
      ...ctx,
      signal: turn.signal,
    });
    const running = registry.get("mcp__rec__slow")!.execute({ ms: 60_000 }, {
      ...ctx,
      signal: turn.signal,
    });
    // Wait until the server has the call, then abort.
    while (
      !(await received(log)).some((m) =>
        m.method === "tools/call" && JSON.stringify(m).includes("60000")
      )
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    turn.abort(new Error("Esc"));
    await assert.rejects(running);
  } finally {
    await manager.close();
  }
  const messages = await received(log) as {
    method?: string;
    id?: number;
    params?: { requestId?: number; name?: string };
  }[];
  const slowId = messages.find((m) => m.method === "tools/call" && m.params?.name === "slow")?.id;
  assert.deepEqual(cancellations(messages).map((m) => m.params?.requestId), [slowId]);
  await Deno.remove(log);
});
