/**
 * Where a tool call leads an editor (ACP `locations`): a search names the place it searches
 * when it starts and its first matches (with their lines) when it ends; a replayed call
 * (`session/load`) ends where the live one ended, with the same kind and diffs.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type * as acp from "@agentclientprotocol/sdk";
import { openSession, updatesOf, withAcp } from "./acp_harness.ts";

/** Each call as an editor ends up showing it: the `tool_call`, then every update on top. */
function finalCalls(updates: acp.SessionUpdate[]): Map<string, Record<string, unknown>> {
  const calls = new Map<string, Record<string, unknown>>();
  for (const u of updates) {
    if (u.sessionUpdate !== "tool_call" && u.sessionUpdate !== "tool_call_update") continue;
    const { sessionUpdate: _, ...fields } = u;
    const defined = Object.entries(fields).filter(([, v]) => v !== undefined && v !== null);
    calls.set(u.toolCallId, { ...calls.get(u.toolCallId), ...Object.fromEntries(defined) });
  }
  return calls;
}

Deno.test("searches lead to where they look, then to what they found; a replay ends the same", async () => {
  await withAcp({
    mock: {
      turns: [
        {
          text: "Looking.",
          toolCalls: [
            { name: "search_file_contents", arguments: { query: "needle" } },
            { name: "find_files", arguments: { pattern: "*.txt", path: "docs" } },
            { name: "string_replace", arguments: { path: "b.ts", old_str: "x", new_str: "y" } },
          ],
        },
        { text: "Done." },
      ],
    },
    flags: (url) => ["--base-url", url, "--model", "test-model", "--mode", "yolo"],
  }, async (f) => {
    await Deno.mkdir(join(f.project, "docs"));
    await Deno.writeTextFile(join(f.project, "a.ts"), "one\nneedle here\n");
    await Deno.writeTextFile(join(f.project, "b.ts"), "const x = 1; // needle\n");
    await Deno.writeTextFile(join(f.project, "docs", "n.txt"), "notes\n");
    const sessionId = await openSession(f);
    assert.equal((await f.client.prompt(sessionId, "find the needle")).stopReason, "end_turn");
    const live = f.client.updates(sessionId);
    const [search, find, edit] = updatesOf(live, "tool_call");
    assert.deepEqual(search.locations, [{ path: f.project }], "searched: the whole project");
    assert.deepEqual(find.locations, [{ path: join(f.project, "docs") }]);
    const ended = finalCalls(live);
    assert.deepEqual(ended.get(search.toolCallId)?.locations, [
      { path: join(f.project, "a.ts"), line: 2 },
      { path: join(f.project, "b.ts"), line: 1 },
    ]);
    assert.deepEqual(ended.get(find.toolCallId)?.locations, [
      { path: join(f.project, "docs", "n.txt") },
    ]);
    assert.deepEqual(ended.get(edit.toolCallId)?.locations, [{ path: join(f.project, "b.ts") }]);

    const before = live.length;
    await f.client.agent.request("session/load", { sessionId, cwd: f.project, mcpServers: [] });
    const replayed = finalCalls(f.client.updates(sessionId).slice(before));
    for (const call of [search, find, edit]) {
      const [was, is] = [ended.get(call.toolCallId)!, replayed.get(call.toolCallId)!];
      assert.deepEqual(
        [is.kind, is.status, is.title, is.locations],
        [was.kind, was.status, was.title, was.locations],
        call.title,
      );
    }
    assert.deepEqual(replayed.get(edit.toolCallId)?.content, ended.get(edit.toolCallId)?.content);
    assert.deepEqual(replayed.get(edit.toolCallId)?.content, [{
      type: "diff",
      path: join(f.project, "b.ts"),
      oldText: "const x = 1; // needle\n",
      newText: "const y = 1; // needle\n",
    }]);
  });
});
