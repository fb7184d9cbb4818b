/**
 * `nanocoder --acp` as an editor sees it: initialize, a session in the editor's
 * directory (not the process's), a prompt whose tool call writes a file with its updates
 * in order, a second prompt that keeps the history, and the usage figures.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { agentText, openSession, updatesOf, withAcp } from "./acp_harness.ts";

Deno.test("initialize answers protocol 1 with what the agent really offers", async () => {
  await withAcp({}, async ({ client }) => {
    const init = await client.initialize();
    assert.equal(init.protocolVersion, 1);
    assert.deepEqual(init.agentCapabilities, {
      loadSession: true,
      promptCapabilities: { image: true, audio: false, embeddedContext: true },
      mcpCapabilities: { http: true, sse: true },
      sessionCapabilities: { close: {}, list: {} },
    });
    assert.equal(init.agentInfo?.name, "nanocoder");
    assert.deepEqual(init.authMethods, []);
  });
});

Deno.test("a session in the editor's directory offers the modes and the slash commands", async () => {
  await withAcp({}, async (f) => {
    await f.client.initialize();
    const session = await f.client.newSession(f.project);
    assert.deepEqual(session.modes?.currentModeId, "normal");
    assert.deepEqual(session.modes?.availableModes.map((m) => m.id), [
      "normal",
      "auto-accept",
      "plan",
      "yolo",
    ]);
    assert.ok(session.modes?.availableModes.every((m) => m.description));
    const commands = await f.client.waitForUpdate((u) =>
      u.sessionUpdate === "available_commands_update"
    );
    assert.deepEqual(
      commands.sessionUpdate === "available_commands_update" &&
        commands.availableCommands.map((c) => c.name),
      ["compact", "model"],
    );
  });
});

Deno.test("a native tool call writes the file in the session's directory, updates in order", async () => {
  await withAcp({
    mock: {
      turns: [
        {
          text: "Creating it.",
          toolCalls: [{ name: "create_file", arguments: { path: "src/hi.ts", content: "x;\n" } }],
        },
        { text: "Created src/hi.ts." },
      ],
    },
    flags: (url) => ["--base-url", url, "--model", "test-model", "--mode", "yolo"],
  }, async (f) => {
    const sessionId = await openSession(f);
    const { stopReason } = await f.client.prompt(sessionId, "create src/hi.ts");
    assert.equal(stopReason, "end_turn");
    const path = join(f.project, "src/hi.ts");
    assert.equal(await Deno.readTextFile(path), "x;\n");
    // Not in the process's own directory.
    await assert.rejects(Deno.stat(join(f.home, "src/hi.ts")));

    const updates = f.client.updates(sessionId);
    // Updates that come whenever they are ready left out; streamed chunks counted once
    // per run of them.
    const async = ["usage_update", "available_commands_update", "config_option_update"];
    const kinds = updates.map((u) => u.sessionUpdate).filter((k) => !async.includes(k))
      .filter((k, i, all) => !(k === "agent_message_chunk" && all[i - 1] === k));
    assert.deepEqual(kinds, [
      "agent_message_chunk",
      "tool_call",
      "tool_call_update",
      "tool_call_update",
      "agent_message_chunk",
    ]);
    const [call] = updatesOf(updates, "tool_call");
    assert.deepEqual(call, {
      sessionUpdate: "tool_call",
      toolCallId: call.toolCallId,
      title: call.title,
      kind: "edit",
      status: "pending",
      locations: [{ path }],
      rawInput: { path: "src/hi.ts", content: "x;\n" },
      // The write it is about to make, before it runs.
      content: [{ type: "diff", path, oldText: null, newText: "x;\n" }],
    });
    assert.match(call.title, /src\/hi\.ts/);
    const [running, ended] = updatesOf(updates, "tool_call_update");
    assert.deepEqual(running, {
      sessionUpdate: "tool_call_update",
      toolCallId: call.toolCallId,
      status: "in_progress",
    });
    assert.equal(ended.status, "completed");
    assert.deepEqual(ended.content, [{ type: "diff", path, oldText: null, newText: "x;\n" }]);
    assert.equal(agentText(updates), "Creating it.Created src/hi.ts.");
    const usage = updatesOf(updates, "usage_update").at(-1);
    assert.ok(usage && usage.used > 0 && usage.size > 0);
  });
});

Deno.test("a second prompt sends the first one's history to the model", async () => {
  await withAcp(
    { mock: { turns: [{ text: "First answer." }, { text: "Second answer." }] } },
    async (f) => {
      const sessionId = await openSession(f);
      assert.equal((await f.client.prompt(sessionId, "first question")).stopReason, "end_turn");
      assert.equal((await f.client.prompt(sessionId, "second question")).stopReason, "end_turn");
      const messages = f.mock.chatRequests()[1].body.messages;
      assert.deepEqual(
        messages.slice(1).map((m: { role: string; content: string }) => [m.role, m.content]),
        [
          ["user", "first question"],
          ["assistant", "First answer."],
          ["user", "second question"],
        ],
      );
      assert.equal(agentText(f.client.updates(sessionId)), "First answer.Second answer.");
    },
  );
});
