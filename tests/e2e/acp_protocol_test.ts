/**
 * What an editor gets when things go wrong: JSON-RPC errors with the right codes and a
 * message a person can act on, and an agent that survives malformed input, unknown
 * methods, bad params, and exits cleanly (stopping its commands) when the editor goes.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { MAX_LINE_BYTES } from "../../src/bridge/wire.ts";
import { openSession, withAcp } from "./acp_harness.ts";

type ErrorReply = { error: { code: number; message: string; data?: Record<string, unknown> } };

/** Sends a hand-made line and waits for the reply with `id`. */
async function rawReply(
  client: Parameters<Parameters<typeof withAcp>[1]>[0]["client"],
  line: string,
  id: number | string | null,
): Promise<ErrorReply> {
  await client.sendRaw(`${line}\n`);
  return await client.waitForMessage((m) => m.id === id && "error" in m) as unknown as ErrorReply;
}

Deno.test("malformed JSON, unknown methods and bad params get JSON-RPC errors; the agent lives on", async () => {
  await withAcp({ validate: "received" }, async (f) => {
    await f.client.initialize();
    const parse = await rawReply(f.client, "{this is not json", null);
    assert.equal(parse.error.code, -32700);

    const unknown = await rawReply(
      f.client,
      JSON.stringify({ jsonrpc: "2.0", id: 9001, method: "session/teleport", params: {} }),
      9001,
    );
    assert.equal(unknown.error.code, -32601);

    const noCwd = await rawReply(
      f.client,
      JSON.stringify({ jsonrpc: "2.0", id: 9002, method: "session/new", params: { cwd: 5 } }),
      9002,
    );
    assert.equal(noCwd.error.code, -32602);

    const relative = await rawReply(
      f.client,
      JSON.stringify({
        jsonrpc: "2.0",
        id: 9003,
        method: "session/new",
        params: { cwd: "some/dir", mcpServers: [] },
      }),
      9003,
    );
    assert.deepEqual(relative.error, {
      code: -32602,
      message: 'Invalid params: cwd "some/dir" is not an absolute path',
    });

    await assert.rejects(
      f.client.newSession(join(f.project, "missing")),
      /cwd ".*missing" does not exist/,
    );
    await assert.rejects(
      f.client.prompt("no-such-session", "hi"),
      (error: { code: number; message: string }) =>
        error.code === -32002 && /Unknown session "no-such-session"/.test(error.message),
    );
    // Still answering after all of that.
    const { sessionId } = await f.client.newSession(f.project);
    assert.equal((await f.client.prompt(sessionId, "hi")).stopReason, "end_turn");
  });
});

Deno.test("a second prompt while one runs is refused; a closed session is unknown", async () => {
  await withAcp({
    mock: { turns: [{ text: "slow answer", delayMs: 300, chunkSize: 1 }] },
  }, async (f) => {
    const sessionId = await openSession(f);
    const first = f.client.prompt(sessionId, "first");
    await f.client.waitForUpdate((u) => u.sessionUpdate === "agent_message_chunk");
    await assert.rejects(
      f.client.prompt(sessionId, "second"),
      (error: { code: number; message: string }) =>
        error.code === -32600 && /still answering the previous prompt/.test(error.message),
    );
    await f.client.closeSession(sessionId);
    assert.equal((await first).stopReason, "cancelled");
    await assert.rejects(
      f.client.prompt(sessionId, "third"),
      (error: { code: number }) => error.code === -32002,
    );
  });
});

Deno.test("no provider configured: session/new says what to configure", async () => {
  await withAcp({ flags: () => [] }, async (f) => {
    await f.client.initialize();
    await assert.rejects(
      f.client.newSession(f.project),
      (error: { code: number; message: string; data?: { code?: string } }) => {
        assert.equal(error.code, -32603);
        assert.equal(error.data?.code, "config_error");
        assert.match(error.message, /provider|model/i);
        return true;
      },
    );
  });
});

Deno.test("when the editor goes away the agent stops its commands and exits 0", async () => {
  await withAcp({
    mock: {
      turns: [{
        toolCalls: [{
          name: "execute_bash",
          arguments: { command: "echo $$ > pid.txt; exec sleep 60" },
        }],
      }],
    },
    flags: (url) => ["--base-url", url, "--model", "test-model", "--mode", "yolo"],
  }, async (f) => {
    const sessionId = await openSession(f);
    void f.client.prompt(sessionId, "sleep").catch(() => {});
    const pidFile = join(f.project, "pid.txt");
    while (!(await Deno.readTextFile(pidFile).catch(() => "")).endsWith("\n")) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const pid = Number(await Deno.readTextFile(pidFile));
    const status = await f.client.close();
    assert.equal(status.code, 0);
    await assert.rejects(Deno.stat(`/proc/${pid}`));
  });
});

Deno.test("a line over 32 MiB is answered as an invalid request, and the agent reads on", async () => {
  await withAcp({ validate: "received" }, async (f) => {
    const sessionId = await openSession(f);
    const start = JSON.stringify({ jsonrpc: "2.0", id: "huge", method: "session/prompt" });
    const line = `${
      start.slice(0, -1)
    },"params":{"sessionId":"${sessionId}","prompt":[{"type":"text","text":"${
      "a".repeat(MAX_LINE_BYTES)
    }"}]}}`;
    const reply = await rawReply(f.client, line, "huge");
    assert.equal(reply.error.code, -32600);
    assert.match(
      reply.error.message,
      /^Invalid request: a message of \d+ bytes is over the 32 MiB limit/,
    );
    assert.equal((await f.client.prompt(sessionId, "hi")).stopReason, "end_turn");
  });
});
