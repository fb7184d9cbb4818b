/**
 * Approvals over ACP: `session/request_permission` carries the call's title, locations
 * and the write it would make, with allow/reject once/always; the editor's answer
 * decides; a `cancelled` outcome cancels the prompt.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type * as acp from "@agentclientprotocol/sdk";
import type { MockTurn } from "../_helpers/mock_llm.ts";
import { openSession, updatesOf, withAcp } from "./acp_harness.ts";

const writeTurns = (path: string): MockTurn[] => [
  { toolCalls: [{ name: "create_file", arguments: { path, content: "hello\n" } }] },
  { text: "Done." },
];

/** An editor that answers every permission request with `pick` and keeps the requests. */
function answering(pick: (r: acp.RequestPermissionRequest) => acp.RequestPermissionOutcome) {
  const asked: acp.RequestPermissionRequest[] = [];
  return {
    asked,
    client: {
      onPermission: (request: acp.RequestPermissionRequest) => {
        asked.push(request);
        return pick(request);
      },
    },
  };
}

Deno.test("a rejected write is not made, and the call ends failed", async () => {
  const editor = answering(() => ({ outcome: "selected", optionId: "reject_once" }));
  await withAcp({ mock: { turns: writeTurns("a.txt") }, client: editor.client }, async (f) => {
    const sessionId = await openSession(f);
    assert.equal((await f.client.prompt(sessionId, "write a.txt")).stopReason, "end_turn");
    await assert.rejects(Deno.stat(join(f.project, "a.txt")));

    assert.equal(editor.asked.length, 1);
    const [request] = editor.asked;
    const path = join(f.project, "a.txt");
    assert.deepEqual(request.options, [
      { optionId: "allow_once", name: "Allow", kind: "allow_once" },
      {
        optionId: "allow_always",
        name: 'Always allow every "create_file" call',
        kind: "allow_always",
      },
      { optionId: "reject_once", name: "Reject", kind: "reject_once" },
      {
        optionId: "reject_always",
        name: 'Always reject every "create_file" call',
        kind: "reject_always",
      },
    ]);
    assert.match(request.toolCall.title ?? "", /a\.txt/);
    assert.deepEqual(request.toolCall.locations, [{ path }]);
    assert.equal(request.toolCall.kind, "edit");
    assert.deepEqual(request.toolCall.content, [
      { type: "diff", path, oldText: null, newText: "hello\n" },
    ]);

    const updates = updatesOf(f.client.updates(sessionId), "tool_call_update");
    assert.deepEqual(updates.map((u) => u.status), ["failed"]);
    const toolMessage = f.mock.chatRequests()[1].body.messages.at(-1);
    assert.match(toolMessage.content, /not approved/);
  });
});

Deno.test("an allowed write is made; allow always stops asking for that tool", async () => {
  const editor = answering(() => ({ outcome: "selected", optionId: "allow_always" }));
  await withAcp({
    mock: { turns: [...writeTurns("a.txt"), ...writeTurns("b.txt")] },
    client: editor.client,
  }, async (f) => {
    const sessionId = await openSession(f);
    assert.equal((await f.client.prompt(sessionId, "write a.txt")).stopReason, "end_turn");
    assert.equal(await Deno.readTextFile(join(f.project, "a.txt")), "hello\n");
    const statuses = updatesOf(f.client.updates(sessionId), "tool_call_update").map((u) =>
      u.status
    );
    assert.deepEqual(statuses, ["in_progress", "completed"]);

    assert.equal((await f.client.prompt(sessionId, "write b.txt")).stopReason, "end_turn");
    assert.equal(await Deno.readTextFile(join(f.project, "b.txt")), "hello\n");
    assert.equal(editor.asked.length, 1, "the second write was not asked about");
  });
});

Deno.test("a cancelled permission request cancels the prompt, and the next prompt runs", async () => {
  const editor = answering(() => ({ outcome: "cancelled" }));
  await withAcp({
    mock: { turns: [...writeTurns("a.txt"), { text: "Next answer." }] },
    client: editor.client,
  }, async (f) => {
    const sessionId = await openSession(f);
    assert.equal((await f.client.prompt(sessionId, "write a.txt")).stopReason, "cancelled");
    await assert.rejects(Deno.stat(join(f.project, "a.txt")));
    assert.equal((await f.client.prompt(sessionId, "hello")).stopReason, "end_turn");
  });
});

Deno.test("switching to yolo mode stops asking; plan mode refuses the write", async () => {
  const editor = answering(() => ({ outcome: "selected", optionId: "reject_once" }));
  await withAcp({
    mock: { turns: [...writeTurns("a.txt"), ...writeTurns("b.txt")] },
    client: editor.client,
  }, async (f) => {
    const sessionId = await openSession(f);
    await f.client.setMode(sessionId, "yolo");
    assert.equal((await f.client.prompt(sessionId, "write a.txt")).stopReason, "end_turn");
    assert.equal(await Deno.readTextFile(join(f.project, "a.txt")), "hello\n");
    await f.client.setMode(sessionId, "plan");
    assert.equal((await f.client.prompt(sessionId, "write b.txt")).stopReason, "end_turn");
    await assert.rejects(Deno.stat(join(f.project, "b.txt")));
    assert.equal(editor.asked.length, 0);
    const modes = updatesOf(f.client.updates(sessionId), "current_mode_update");
    assert.deepEqual(modes.map((m) => m.currentModeId), ["yolo", "plan"]);
    await assert.rejects(f.client.setMode(sessionId, "reckless"), /unknown mode "reckless"/);
  });
});

Deno.test("a call the engine refuses anyway is not asked about: it ends failed with the reason", async () => {
  const editor = answering(() => ({ outcome: "selected", optionId: "allow_once" }));
  await withAcp({
    mock: {
      turns: [
        {
          toolCalls: [
            {
              name: "create_file",
              arguments: { path: ".git/hooks/post-commit", content: "#!/bin/sh\nid\n" },
            },
            { name: "web_fetch", arguments: { url: "http://127.0.0.1:9/" } },
          ],
        },
        { text: "Done." },
      ],
    },
    client: editor.client,
  }, async (f) => {
    await Deno.mkdir(join(f.project, ".git", "hooks"), { recursive: true });
    const sessionId = await openSession(f);
    assert.equal((await f.client.prompt(sessionId, "hook it")).stopReason, "end_turn");
    assert.equal(editor.asked.length, 0);
    await assert.rejects(Deno.stat(join(f.project, ".git", "hooks", "post-commit")));
    const ends = updatesOf(f.client.updates(sessionId), "tool_call_update");
    assert.deepEqual(ends.map((u) => u.status), ["failed", "failed"]);
    assert.match(JSON.stringify(ends[0].content), /inside a \.git directory/);
    assert.match(JSON.stringify(ends[1].content), /127\.0\.0\.1.*is refused/);
  });
});
