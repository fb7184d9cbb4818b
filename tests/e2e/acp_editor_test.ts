/**
 * The editor's own files and terminals: when the client offers `terminal`, commands run
 * in an editor terminal shown inside the tool call; when it offers `fs`, file tools read
 * its buffers (unsaved text included) and write through it — with the same safety
 * rules as on disk.
 */
import assert from "node:assert/strict";
import { openSession, updatesOf, withAcp } from "./acp_harness.ts";
import { FakeFiles, FakeTerminals } from "./acp_fake_editor.ts";

const yolo = (url: string) => ["--base-url", url, "--model", "test-model", "--mode", "yolo"];

Deno.test("with an editor terminal, a command runs there and the call shows it", async () => {
  const terminals = new FakeTerminals();
  await withAcp({
    mock: {
      turns: [
        { toolCalls: [{ name: "execute_bash", arguments: { command: "echo from-$((40+2))" } }] },
        { text: "It printed 42." },
      ],
    },
    flags: yolo,
    client: { terminal: terminals },
  }, async (f) => {
    const sessionId = await openSession(f);
    assert.equal((await f.client.prompt(sessionId, "run it")).stopReason, "end_turn");
    assert.deepEqual(terminals.created, [{
      sessionId,
      command: "bash",
      args: ["-c", "echo from-$((40+2))"],
      cwd: f.project,
      env: [],
      outputByteLimit: 28_000,
    }]);
    assert.deepEqual(terminals.released, ["term-1"]);
    const updates = updatesOf(f.client.updates(sessionId), "tool_call_update");
    const shown = updates.filter((u) =>
      u.content?.some((c) => c.type === "terminal" && c.terminalId === "term-1")
    );
    assert.deepEqual(shown.map((u) => u.status), ["in_progress", "completed"]);
    const toolMessage = f.mock.chatRequests()[1].body.messages.at(-1);
    assert.equal(toolMessage.role, "tool");
    assert.match(toolMessage.content, /^from-42\n\nExit code: 0/);
  });
});

Deno.test("a cancel kills the command in the editor terminal", async () => {
  const terminals = new FakeTerminals();
  await withAcp({
    mock: {
      turns: [{ toolCalls: [{ name: "execute_bash", arguments: { command: "sleep 60" } }] }],
    },
    flags: yolo,
    client: { terminal: terminals },
  }, async (f) => {
    const sessionId = await openSession(f);
    const answer = f.client.prompt(sessionId, "sleep");
    await f.client.waitForUpdate((u) =>
      u.sessionUpdate === "tool_call_update" && !!u.content?.some((c) => c.type === "terminal")
    );
    await f.client.cancel(sessionId);
    assert.equal((await answer).stopReason, "cancelled");
    assert.deepEqual(terminals.killed, ["term-1"]);
    assert.deepEqual(terminals.released, ["term-1"]);
  });
});

Deno.test("without the terminal capability commands run locally", async () => {
  await withAcp({
    mock: {
      turns: [
        { toolCalls: [{ name: "execute_bash", arguments: { command: "pwd" } }] },
        { text: "ok" },
      ],
    },
    flags: yolo,
  }, async (f) => {
    const sessionId = await openSession(f);
    assert.equal((await f.client.prompt(sessionId, "pwd")).stopReason, "end_turn");
    const ended = updatesOf(f.client.updates(sessionId), "tool_call_update").at(-1);
    assert.equal(ended?.status, "completed");
    assert.match(JSON.stringify(ended?.content), new RegExp(f.project));
    assert.ok(
      !f.client.messages.some((m) =>
        "method" in m.message && String(m.message.method).startsWith("terminal/")
      ),
    );
  });
});

Deno.test("an @-mentioned file is read through the editor: its unsaved text reaches the model", async () => {
  const files = new FakeFiles();
  await withAcp(
    { mock: { turns: [{ text: "Seen." }] }, client: { files: files.handlers() } },
    async (f) => {
      const path = `${f.project}/notes.md`;
      await Deno.writeTextFile(path, "saved\n");
      files.buffers.set(path, "unsaved draft\n");
      const sessionId = await openSession(f);
      await f.client.prompt(sessionId, [
        { type: "text", text: "Summarize" },
        { type: "resource_link", uri: `file://${path}`, name: "notes.md" },
        { type: "resource", resource: { uri: `file://${f.project}/b.ts`, text: "const b = 2;" } },
      ]);
      const sent = f.mock.chatRequests()[0].body.messages.at(-1).content as string;
      assert.equal(
        sent,
        'Summarize\n\n<file path="notes.md">\nunsaved draft\n\n</file>\n\n' +
          '<file path="b.ts">\nconst b = 2;\n</file>',
      );
      assert.deepEqual(files.reads, [path]);
    },
  );
});
