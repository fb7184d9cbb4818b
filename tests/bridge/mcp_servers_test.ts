/** An editor's MCP servers in the engine's config shape. */
import assert from "node:assert/strict";
import { editorMcpServers } from "../../src/bridge/mcp_servers.ts";

Deno.test("stdio, http and sse servers keep their command, env, url and headers", () => {
  assert.deepEqual(
    editorMcpServers([
      { name: "fs", command: "npx", args: ["-y", "srv"], env: [{ name: "TOKEN", value: "t" }] },
      {
        type: "http",
        name: "docs",
        url: "https://x.test/mcp",
        headers: [{ name: "Authorization", value: "Bearer k" }],
      },
      { type: "sse", name: "old", url: "https://x.test/sse", headers: [] },
    ]),
    {
      fs: { command: "npx", args: ["-y", "srv"], env: { TOKEN: "t" } },
      docs: { type: "http", url: "https://x.test/mcp", headers: { Authorization: "Bearer k" } },
      old: { type: "sse", url: "https://x.test/sse", headers: {} },
    },
  );
});

Deno.test("two servers with one name are refused", () => {
  const server = { name: "a", command: "x", args: [], env: [] };
  assert.throws(() => editorMcpServers([server, server]), /Two MCP servers are named "a"/);
});
