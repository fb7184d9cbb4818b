/**
 * The MCP servers an editor passes in `session/new` (stdio and HTTP, real servers from
 * npm) start alongside the configured ones, in an untrusted project too (the editor's
 * settings are the user's own), and the model's calls to their tools come back; their
 * prompts are slash commands, listed while the server is there.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { EVERYTHING, startEverythingHttp } from "../mcp/_servers.ts";
import { type AcpFixture, agentText, openSession, updatesOf, withAcp } from "./acp_harness.ts";

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

/** The names of the commands the editor was last offered. */
function offered(f: AcpFixture, sessionId: string): string[] {
  const lists = updatesOf(f.client.updates(sessionId), "available_commands_update");
  return lists.at(-1)?.availableCommands.map((c) => c.name) ?? [];
}

/** Resolves once the last command list offered satisfies `check`. */
async function commandsWhere(
  f: AcpFixture,
  sessionId: string,
  check: (names: string[]) => boolean,
) {
  await f.client.waitForUpdate(() => check(offered(f, sessionId)));
  return updatesOf(f.client.updates(sessionId), "available_commands_update").at(-1)!
    .availableCommands;
}

Deno.test("an MCP server's prompts are commands before the first prompt, run with the arguments typed", async () => {
  await withAcp({
    mock: { turns: [{ text: "Sunny." }, { text: "Simple." }] },
  }, async (f) => {
    const sessionId = await openSession(f, f.project, [
      { name: "everything", command: "node", args: [EVERYTHING, "stdio"], env: [] },
    ]);
    const commands = await commandsWhere(
      f,
      sessionId,
      (names) => names.includes("mcp__everything__args-prompt"),
    );
    assert.deepEqual(commands.find((c) => c.name === "mcp__everything__args-prompt"), {
      name: "mcp__everything__args-prompt",
      description:
        'A prompt with two arguments, one required and one optional (MCP server "everything")',
      input: { hint: "city [state]" },
    });
    assert.deepEqual(commands.slice(0, 2).map((c) => c.name), ["compact", "model"]);

    await f.client.prompt(sessionId, '/mcp__everything__args-prompt "New York" NY');
    assert.equal(
      f.mock.chatRequests()[0].body.messages.at(-1).content,
      "What's weather in New York, NY?",
    );

    const before = f.client.updates(sessionId).length;
    assert.equal(
      (await f.client.prompt(sessionId, "/mcp__everything__args-prompt state=TX")).stopReason,
      "end_turn",
    );
    assert.match(
      agentText(f.client.updates(sessionId).slice(before)),
      /^`\/mcp__everything__args-prompt` needs `city`\./,
    );
    assert.equal(f.mock.chatRequests().length, 1, "the model was not asked");

    await f.client.prompt(sessionId, "/mcp__everything__simple-prompt and keep it short");
    assert.equal(
      f.mock.chatRequests()[1].body.messages.at(-1).content,
      "This is a simple prompt without arguments.\n\nand keep it short",
    );
  });
});

Deno.test("a server that goes away takes its prompt commands along, and the editor is told", async () => {
  await withAcp({}, async (f) => {
    const pidFile = join(f.project, "server.pid");
    const sessionId = await openSession(f, f.project, [{
      name: "flaky",
      command: "sh",
      args: ["-c", `echo $$ > '${pidFile}'; exec node '${EVERYTHING}' stdio`],
      env: [],
    }]);
    await commandsWhere(f, sessionId, (names) => names.includes("mcp__flaky__simple-prompt"));
    Deno.kill(Number(await Deno.readTextFile(pidFile)), "SIGKILL");
    const commands = await commandsWhere(
      f,
      sessionId,
      (names) => !names.some((n) => n.startsWith("mcp__")),
    );
    assert.deepEqual(commands.map((c) => c.name), ["compact", "model"]);
    await f.client.waitForUpdate((u) =>
      u.sessionUpdate === "agent_message_chunk" && u.content.type === "text" &&
      u.content.text.startsWith('**MCP server "flaky" failed.**')
    );
  });
});
