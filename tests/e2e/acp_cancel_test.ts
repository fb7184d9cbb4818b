/**
 * `session/cancel`: the prompt answers `cancelled` while the model is still streaming
 * (the mock never finishes), a command's whole process is stopped, a pending permission
 * request is withdrawn, and the session takes the next prompt.
 */
import assert from "node:assert/strict";
import type * as acp from "@agentclientprotocol/sdk";
import { join } from "node:path";
import { agentText, openSession, updatesOf, withAcp } from "./acp_harness.ts";

/** Whether a process is alive (its /proc entry exists and it is not a zombie). */
async function alive(pid: number): Promise<boolean> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}

async function waitForFile(path: string): Promise<string> {
  while (true) {
    try {
      const text = await Deno.readTextFile(path);
      if (text.endsWith("\n")) return text;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 20));
  }
}

Deno.test("a cancel mid-stream answers cancelled, and the next prompt works", async () => {
  await withAcp({
    mock: {
      turns: [
        { text: "This answer never ends because the server stalls.", fault: "stall_mid_stream" },
        { text: "Fresh answer." },
      ],
    },
  }, async (f) => {
    const sessionId = await openSession(f);
    const answer = f.client.prompt(sessionId, "start");
    await f.client.waitForUpdate((u) => u.sessionUpdate === "agent_message_chunk");
    await f.client.cancel(sessionId);
    // The stream never ends by itself: only the cancel can answer the prompt.
    assert.equal((await answer).stopReason, "cancelled");
    const before = f.client.updates(sessionId).length;
    assert.equal((await f.client.prompt(sessionId, "again")).stopReason, "end_turn");
    assert.equal(agentText(f.client.updates(sessionId).slice(before)), "Fresh answer.");
  });
});

Deno.test("a cancel stops a running command and its process", async () => {
  await withAcp({
    mock: {
      turns: [
        {
          toolCalls: [{
            name: "execute_bash",
            arguments: { command: "echo $$ > pid.txt; exec sleep 60" },
          }],
        },
        { text: "Noted." },
      ],
    },
    flags: (url) => ["--base-url", url, "--model", "test-model", "--mode", "yolo"],
  }, async (f) => {
    const sessionId = await openSession(f);
    const answer = f.client.prompt(sessionId, "sleep");
    const pid = Number(await waitForFile(join(f.project, "pid.txt")));
    assert.ok(await alive(pid));
    await f.client.cancel(sessionId);
    assert.equal((await answer).stopReason, "cancelled");
    assert.equal(await alive(pid), false);
    const ended = updatesOf(f.client.updates(sessionId), "tool_call_update").at(-1);
    assert.equal(ended?.status, "failed");
  });
});

Deno.test("a cancel while a permission request waits withdraws it and writes nothing", async () => {
  let asked!: () => void;
  const wasAsked = new Promise<void>((resolve) => (asked = resolve));
  await withAcp({
    mock: {
      turns: [
        { toolCalls: [{ name: "create_file", arguments: { path: "a.txt", content: "x\n" } }] },
        { text: "Next." },
      ],
    },
    client: {
      // An editor whose user has not answered yet.
      onPermission: () => {
        asked();
        return new Promise(() => {});
      },
    },
  }, async (f) => {
    const sessionId = await openSession(f);
    const answer = f.client.prompt(sessionId, "write");
    await wasAsked;
    await f.client.cancel(sessionId);
    assert.equal((await answer).stopReason, "cancelled");
    // The call does not stay pending: it failed, saying why, before the prompt's answer.
    const call = updatesOf(f.client.updates(sessionId), "tool_call")[0];
    const final = updatesOf(f.client.updates(sessionId), "tool_call_update")
      .filter((u) => u.toolCallId === call.toolCallId).at(-1);
    assert.equal(final?.status, "failed");
    assert.match(JSON.stringify(final?.content), /Cancelled by the user before it ran/);
    const at = (test: (m: acp.AnyMessage) => boolean) =>
      f.client.messages.findIndex((m) => m.direction === "received" && test(m.message));
    const finalAt = at((m) =>
      "method" in m && m.method === "session/update" &&
      JSON.stringify(m.params).includes('"status":"failed"')
    );
    const answeredAt = at((m) =>
      "result" in m && JSON.stringify(m.result).includes('"stopReason":"cancelled"')
    );
    assert.ok(finalAt >= 0 && finalAt < answeredAt, "the call ends before the prompt is answered");
    await assert.rejects(Deno.stat(join(f.project, "a.txt")));
    const withdrawn = f.client.messages.filter((m) =>
      m.direction === "received" && "method" in m.message &&
      m.message.method === "$/cancel_request"
    );
    assert.equal(withdrawn.length, 1);
    assert.equal((await f.client.prompt(sessionId, "next")).stopReason, "end_turn");
  });
});
