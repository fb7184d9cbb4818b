/** What the editor is told about an MCP server it cannot use. */
import assert from "node:assert/strict";
import { serverTrouble, shellWord, skippedServer } from "../../src/bridge/server_trouble.ts";

const status = (state: "needs_login" | "failed" | "connected", error?: string) => ({
  type: "mcp_status" as const,
  sessionId: "s",
  server: "linear",
  state,
  tools: [],
  ...(error ? { error } : {}),
});

Deno.test("a configured server that needs a sign-in names the login command for this project", () => {
  assert.deepEqual(
    serverTrouble(status("needs_login"), { cwd: "/work/app", editorServers: {} }),
    {
      title: 'MCP server "linear" needs a sign-in',
      description: "Run `nanocoder mcp login linear --cwd /work/app` in a terminal: it opens " +
        "your browser and keeps the sign-in. Start a new session to use the server; this one " +
        "goes on without it.",
    },
  );
});

Deno.test("an editor's server that needs a sign-in is added to the config first", () => {
  const trouble = serverTrouble(status("needs_login"), {
    cwd: "/work/app",
    editorServers: { linear: { type: "http", url: "https://mcp.linear.app/mcp" } },
  });
  assert.match(
    trouble!.description,
    /^It comes from the editor's settings, and nanocoder signs in to the servers of its own config only: add it with `nanocoder mcp add linear --url https:\/\/mcp\.linear\.app\/mcp --cwd \/work\/app`, then run `nanocoder mcp login linear --cwd \/work\/app` in a terminal/,
  );
});

Deno.test("a failed server says why; a connected one says nothing", () => {
  assert.deepEqual(
    serverTrouble(status("failed", "spawn npx ENOENT."), { cwd: "/", editorServers: {} }),
    {
      title: 'MCP server "linear" failed',
      description: "spawn npx ENOENT. This session goes on without it.",
    },
  );
  assert.equal(serverTrouble(status("connected"), { cwd: "/", editorServers: {} }), undefined);
});

Deno.test("the engine's own notice of a skipped server is recognised", () => {
  assert.equal(skippedServer('MCP server "a b" skipped: Sign-in required: run "x"'), "a b");
  assert.equal(skippedServer("Something else"), undefined);
});

Deno.test("shellWord() quotes what a shell would split or expand", () => {
  assert.equal(shellWord("/home/ada/app"), "/home/ada/app");
  assert.equal(shellWord("my project"), "'my project'");
  assert.equal(shellWord("it's $HOME"), `'it'\\''s $HOME'`);
});
