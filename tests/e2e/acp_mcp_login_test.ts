/**
 * An MCP server behind OAuth, over ACP: the agent cannot open a browser on the editor's
 * side, so the editor is told (as an agent message, the editor showing no notices) the
 * exact `nanocoder mcp login` command; once the person has run it, a new session has the
 * server. An editor's own server is to be added to the config first.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startOAuthServer } from "../mcp/_oauth_server.ts";
import { runCli } from "./_cli.ts";
import { type AcpFixture, agentText, openSession, withAcp } from "./acp_harness.ts";

const BROWSER = `${Deno.execPath()} run -A --no-prompt --quiet ${
  fileURLToPath(new URL("../mcp/conformance/browser.ts", import.meta.url))
}`;

/** The sign-in message the session got, once it came. */
async function signInMessage(f: AcpFixture, sessionId: string): Promise<string> {
  await f.client.waitForUpdate((u) =>
    u.sessionUpdate === "agent_message_chunk" && u.content.type === "text" &&
    u.content.text.includes("needs a sign-in")
  );
  return agentText(f.client.updates(sessionId));
}

Deno.test("a server that needs a sign-in names the command; after it, a new session has the server", async () => {
  const server = startOAuthServer();
  try {
    await withAcp({
      mock: {
        turns: [{ toolCalls: [{ name: "mcp__web__whoami", arguments: {} }] }, { text: "ok" }],
      },
      flags: (url) => ["--base-url", url, "--model", "test-model", "--mode", "yolo"],
      env: { BROWSER },
    }, async (f) => {
      const configDir = join(f.home, ".config-home", "nanocoder");
      await Deno.mkdir(configDir, { recursive: true });
      await Deno.writeTextFile(
        join(configDir, "agents.config.json"),
        JSON.stringify({ nanocoder: { mcpServers: { web: { type: "http", url: server.url } } } }),
      );
      const first = await openSession(f);
      const told = await signInMessage(f, first);
      assert.equal(
        told,
        `**MCP server "web" needs a sign-in.** Run \`nanocoder mcp login web --cwd ${f.project}\` ` +
          "in a terminal: it opens your browser and keeps the sign-in. Start a new session to " +
          "use the server; this one goes on without it.",
      );

      // What the person does: the command as told, in a terminal.
      const command = /`nanocoder (mcp login [^`]+)`/.exec(told)![1].split(" ");
      const login = await runCli(command, { cwd: f.home, env: { BROWSER } });
      assert.equal(login.code, 0, login.stderr);

      const { sessionId } = await f.client.newSession(f.project);
      assert.equal((await f.client.prompt(sessionId, "who am I?")).stopReason, "end_turn");
      const toolResult = f.mock.chatRequests()[1].body.messages.at(-1);
      assert.deepEqual(toolResult.content, "signed in");
      assert.doesNotMatch(agentText(f.client.updates(sessionId)), /needs a sign-in/);
    });
  } finally {
    await server.close();
  }
});

Deno.test("an editor's server that needs a sign-in is added to the config first, as told", async () => {
  const server = startOAuthServer();
  try {
    await withAcp({
      mock: {
        turns: [{ toolCalls: [{ name: "mcp__web__whoami", arguments: {} }] }, { text: "ok" }],
      },
      flags: (url) => ["--base-url", url, "--model", "test-model", "--mode", "yolo"],
    }, async (f) => {
      const editorServer = { type: "http" as const, name: "web", url: server.url, headers: [] };
      const first = await openSession(f, f.project, [editorServer]);
      const told = await signInMessage(f, first);
      assert.match(
        told,
        new RegExp(
          "nanocoder signs in to the servers of its own config only: add it with " +
            `\`nanocoder mcp add web --url ${server.url} --cwd ${f.project}\`, then run ` +
            `\`nanocoder mcp login web --cwd ${f.project}\` in a terminal`,
        ),
      );
      for (const [, command] of told.matchAll(/`nanocoder (mcp [^`]+)`/g)) {
        const out = await runCli(command.split(" "), { cwd: f.home, env: { BROWSER } });
        assert.equal(out.code, 0, out.stderr);
      }
      const { sessionId } = await f.client.newSession(f.project, [editorServer]);
      assert.equal((await f.client.prompt(sessionId, "who am I?")).stopReason, "end_turn");
      assert.equal(f.mock.chatRequests()[1].body.messages.at(-1).content, "signed in");
    });
  } finally {
    await server.close();
  }
});
