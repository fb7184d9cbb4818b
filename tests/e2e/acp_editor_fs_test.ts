/**
 * The editor's files (ACP `fs`): file tools read what the editor holds — unsaved text
 * included — and write through it, under the same rules as on disk: nothing outside the
 * project or in `.git`, and no edit of a file that changed since the model read it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { openSession, updatesOf, withAcp } from "./acp_harness.ts";
import { FakeFiles } from "./acp_fake_editor.ts";

const yolo = (url: string) => ["--base-url", url, "--model", "test-model", "--mode", "yolo"];

/** The tool results the model got in its last request. */
function toolResults(
  mock: { chatRequests(): { body: { messages: { role: string; content: string }[] } }[] },
) {
  return mock.chatRequests().at(-1)!.body.messages.filter((m) => m.role === "tool").map((m) =>
    m.content
  );
}

Deno.test("file tools read the editor's unsaved text and write through the editor", async () => {
  const files = new FakeFiles();
  await withAcp({
    mock: {
      turns: [
        { toolCalls: [{ name: "read_file", arguments: { path: "a.txt" } }] },
        {
          toolCalls: [{
            name: "string_replace",
            arguments: { path: "a.txt", old_str: "unsaved", new_str: "edited" },
          }],
        },
        { text: "Edited." },
      ],
    },
    flags: yolo,
    client: { files: files.handlers() },
  }, async (f) => {
    const path = join(f.project, "a.txt");
    await Deno.writeTextFile(path, "saved text\n");
    files.buffers.set(path, "unsaved text\n");
    const sessionId = await openSession(f);
    assert.equal((await f.client.prompt(sessionId, "edit a.txt")).stopReason, "end_turn");
    const [read, edit] = toolResults(f.mock);
    assert.match(read, /unsaved text/);
    assert.match(edit, /a\.txt/);
    assert.deepEqual(files.writes, [{ path, content: "edited text\n" }]);
    assert.ok(files.reads.includes(path));
    const ended = updatesOf(f.client.updates(sessionId), "tool_call_update").at(-1);
    assert.deepEqual(ended?.content, [
      { type: "diff", path, oldText: "unsaved text\n", newText: "edited text\n" },
    ]);
  });
});

Deno.test("through the editor, writes outside the project or in .git are still refused", async () => {
  const files = new FakeFiles();
  await withAcp({
    mock: {
      turns: [
        {
          toolCalls: [
            { name: "create_file", arguments: { path: "../outside.txt", content: "x\n" } },
            { name: "create_file", arguments: { path: ".git/hooks/pre-commit", content: "x\n" } },
          ],
        },
        { text: "Both refused." },
      ],
    },
    flags: yolo,
    client: { files: files.handlers() },
  }, async (f) => {
    await Deno.mkdir(join(f.project, ".git/hooks"), { recursive: true });
    const sessionId = await openSession(f);
    await f.client.prompt(sessionId, "write them");
    assert.deepEqual(files.writes, []);
    const results = toolResults(f.mock);
    assert.equal(results.length, 2);
    for (const result of results) assert.match(result, /^Error/);
  });
});

Deno.test("an edit of a buffer the user changed since the model read it is refused", async () => {
  const files = new FakeFiles();
  await withAcp({
    mock: {
      turns: [
        { toolCalls: [{ name: "read_file", arguments: { path: "a.txt" } }] },
        {
          toolCalls: [{
            name: "string_replace",
            arguments: { path: "a.txt", old_str: "one", new_str: "two" },
          }],
        },
        { text: "Refused." },
      ],
    },
    flags: yolo,
    client: {
      files: {
        ...files.handlers(),
        // The user types in the buffer after the model's read.
        read: async (params) => {
          const text = await files.handlers().read!(params);
          files.buffers.set(params.path, "one, and the user's new line\n");
          return text;
        },
      },
    },
  }, async (f) => {
    const path = join(f.project, "a.txt");
    await Deno.writeTextFile(path, "one\n");
    const sessionId = await openSession(f);
    await f.client.prompt(sessionId, "edit");
    assert.deepEqual(files.writes, []);
    assert.match(toolResults(f.mock)[1], /changed/);
  });
});
