/**
 * The MCP servers an editor passes in `session/new` (stdio and HTTP, real servers from
 * npm) start alongside the configured ones, in an untrusted project too (the editor's
 * settings are the user's own), and the model's calls to their tools come back.
 */
import assert from "node:assert/strict";
import { EVERYTHING, startEverythingHttp } from "../mcp/_servers.ts";
import { openSession, updatesOf, withAcp } from "./acp_harness.ts";

Deno.test("an editor's stdio and HTTP MCP servers are started and their tools called", async () => {
  const http = await startEverythingHttp("streamableHttp");
  try {
    await withAcp({
      mock: {
        turns: [
          {
            toolCalls: [
              { name: "mcp__local__echo", arguments: { message: "over stdio" } },
              { name: "mcp__web__get-sum", arguments: { a: 2, b: 3 } },
            ],
          },
          { text: "Both answered." },
        ],
      },
      flags: (url) => ["--base-url", url, "--model", "test-model", "--mode", "yolo"],
    }, async (f) => {
      const sessionId = await openSession(f, f.project, [
        { name: "local", command: "node", args: [EVERYTHING, "stdio"], env: [] },
        { type: "http", name: "web", url: `${http.base}/mcp`, headers: [] },
      ]);
      assert.equal((await f.client.prompt(sessionId, "use the servers")).stopReason, "end_turn");
      const toolMessages = f.mock.chatRequests()[1].body.messages
        .filter((m: { role: string }) => m.role === "tool")
        .map((m: { content: string }) => m.content);
      assert.deepEqual(toolMessages, ["Echo: over stdio", "The sum of 2 and 3 is 5."]);
      const ended = updatesOf(f.client.updates(sessionId), "tool_call_update")
        .filter((u) => u.status === "completed");
      assert.equal(ended.length, 2);
    });
  } finally {
    await http.close();
  }
});

Deno.test("two editor MCP servers with one name are refused with a params error", async () => {
  await withAcp({}, async (f) => {
    await f.client.initialize();
    const server = { name: "twin", command: "node", args: [EVERYTHING, "stdio"], env: [] };
    await assert.rejects(
      f.client.newSession(f.project, [server, server]),
      (error: { code: number; message: string }) =>
        error.code === -32602 && /Two MCP servers are named "twin"/.test(error.message),
    );
  });
});

Deno.test("an MCP server's form goes to an editor that shows forms, and its answer back", async () => {
  const forms: unknown[] = [];
  await withAcp({
    mock: {
      turns: [
        { text: "warm-up" },
        { toolCalls: [{ name: "mcp__everything__trigger-elicitation-request", arguments: {} }] },
        { text: "done" },
      ],
    },
    flags: (url) => ["--base-url", url, "--model", "test-model", "--mode", "yolo"],
    client: {
      onElicitation: (request) => {
        forms.push(request);
        return { action: "accept", content: { name: "Ada", check: true } };
      },
    },
  }, async (f) => {
    const sessionId = await openSession(f, f.project, [
      { name: "everything", command: "node", args: [EVERYTHING, "stdio"], env: [] },
    ]);
    await f.client.prompt(sessionId, "hello");
    assert.equal((await f.client.prompt(sessionId, "ask me")).stopReason, "end_turn");
    assert.equal(forms.length, 1);
    const form = forms[0] as { mode: string; message: string; requestedSchema: unknown };
    assert.equal(form.mode, "form");
    assert.match(form.message, /^everything: /);
    const toolResult = f.mock.chatRequests()[2].body.messages.at(-1).content as string;
    assert.match(toolResult, /Ada/);
  });
});
