/**
 * Sessions outlive the process: a later `nanocoder --acp` lists them (`session/list`)
 * and loads one (`session/load`), replaying the conversation — the user's messages, the
 * answers, the tool calls with their diffs — before it answers, then goes on with the
 * whole history sent to the model.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { agentText, openSession, spawnAgent, updatesOf, withAcp } from "./acp_harness.ts";
import { schemaViolations } from "../bridge/_schema.ts";

Deno.test("a session saved by one process is listed and loaded by the next", async () => {
  await withAcp({
    mock: {
      turns: [
        {
          text: "Writing it.",
          toolCalls: [{ name: "create_file", arguments: { path: "n.txt", content: "42\n" } }],
        },
        { text: "Saved the number." },
        { text: "It was 42." },
      ],
    },
    flags: (url) => ["--base-url", url, "--model", "test-model", "--mode", "yolo"],
  }, async (f) => {
    const sessionId = await openSession(f);
    await f.client.prompt(sessionId, "save the number 42");
    await f.client.close();

    const flags = ["--base-url", f.mock.url, "--model", "test-model", "--mode", "yolo"];
    const later = await spawnAgent(f.home, flags);
    try {
      await later.initialize();
      const { sessions } = await later.agent.request("session/list", { cwd: f.project });
      assert.deepEqual(sessions.map((s) => [s.sessionId, s.cwd]), [[sessionId, f.project]]);
      assert.match(sessions[0].title ?? "", /save the number 42/);

      await later.agent.request("session/load", { sessionId, cwd: f.project, mcpServers: [] });
      const replayed = later.updates(sessionId);
      assert.deepEqual(updatesOf(replayed, "user_message_chunk").map((u) => u.content), [
        { type: "text", text: "save the number 42" },
      ]);
      assert.equal(agentText(replayed), "Writing it.Saved the number.");
      const [call] = updatesOf(replayed, "tool_call");
      assert.equal(call.status, "completed");
      assert.deepEqual(call.content, [
        { type: "diff", path: join(f.project, "n.txt"), oldText: null, newText: "42\n" },
      ]);

      assert.equal((await later.prompt(sessionId, "what was it?")).stopReason, "end_turn");
      const sent = f.mock.chatRequests().at(-1)!.body.messages;
      assert.equal(sent[1].content, "save the number 42");
      assert.equal(sent.at(-1).content, "what was it?");
      assert.deepEqual(schemaViolations(later.messages), []);
    } finally {
      await later.close();
    }
  });
});

Deno.test("loading a session that was never saved is an unknown session", async () => {
  await withAcp({}, async (f) => {
    await f.client.initialize();
    await assert.rejects(
      f.client.agent.request("session/load", {
        sessionId: "no-such-session",
        cwd: f.project,
        mcpServers: [],
      }),
      (error: { code: number; message: string }) =>
        error.code === -32002 && /Unknown session "no-such-session"/.test(error.message),
    );
  });
});
