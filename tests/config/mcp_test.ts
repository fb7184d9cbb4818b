import assert from "node:assert/strict";
import { loadConfig } from "../../src/config/load.ts";
import { normalizeMcpServers } from "../../src/config/mcp.ts";
import { ConfigError } from "../../src/errors.ts";
import { workspace } from "./_workspace.ts";

Deno.test("normalizeMcpServers() converts Nanocoder's array with transport to servers by name", () => {
  const { servers, warnings } = normalizeMcpServers(
    [
      {
        name: "fs",
        transport: "stdio",
        command: "npx",
        args: ["-y", "@modelcontextprotocol/server-filesystem", "."],
        env: { A: "1" },
        alwaysAllow: ["read_file"],
        description: "files",
      },
      { name: "remote", transport: "http", url: "https://mcp.example/mcp", timeout: 5000 },
      { name: "ws", transport: "websocket", url: "https://ws.example" },
    ],
    "f.json",
    "nanocoder.mcpServers",
  );
  assert.deepEqual(servers, {
    fs: {
      type: "stdio",
      command: "npx",
      args: ["-y", "@modelcontextprotocol/server-filesystem", "."],
      env: { A: "1" },
      alwaysAllow: ["read_file"],
    },
    remote: { type: "http", url: "https://mcp.example/mcp", timeoutMs: 5000 },
  });
  assert.deepEqual(warnings, [
    `Skipped MCP server "ws": the websocket transport in "f.json" is not supported here ` +
    `(skipped; use stdio or http)`,
  ]);
});

Deno.test("normalizeMcpServers() converts the .mcp.json object shape with type or inferred kind", () => {
  const { servers } = normalizeMcpServers(
    {
      everything: { command: "node", args: ["server.js"], disabled: true },
      events: {
        type: "sse",
        url: "http://127.0.0.1:3000/sse",
        headers: { Authorization: "Bearer t" },
      },
      api: { url: "http://127.0.0.1:3001/mcp" },
      streamed: { type: "streamable-http", url: "http://127.0.0.1:3002/mcp", enabled: true },
    },
    "f.json",
    "mcpServers",
  );
  assert.deepEqual(servers, {
    everything: { type: "stdio", command: "node", args: ["server.js"], enabled: false },
    events: {
      type: "sse",
      url: "http://127.0.0.1:3000/sse",
      headers: { Authorization: "Bearer t" },
    },
    api: { type: "http", url: "http://127.0.0.1:3001/mcp" },
    streamed: { type: "http", url: "http://127.0.0.1:3002/mcp", enabled: true },
  });
});

Deno.test("normalizeMcpServers() names the field of an invalid server", () => {
  assert.throws(
    () =>
      normalizeMcpServers([{ transport: "stdio", command: "x" }], "f.json", "nanocoder.mcpServers"),
    new ConfigError(
      `Invalid config "f.json": nanocoder.mcpServers[0].name: expected a non-empty server name, got nothing`,
    ),
  );
  assert.throws(
    () => normalizeMcpServers({ bad: { args: ["a"] } }, "f.json", "mcpServers"),
    new ConfigError(
      `Invalid config "f.json": mcpServers.bad.command: expected a "command" (stdio server) or ` +
        `a "url" (http server), got nothing`,
    ),
  );
  assert.throws(
    () => normalizeMcpServers({ s: { command: "x", args: "a b" } }, "f.json", "mcpServers"),
    new ConfigError(
      `Invalid config "f.json": mcpServers.s.args: expected an array of strings, got "a b"`,
    ),
  );
  assert.throws(
    () => normalizeMcpServers("nope", "f.json", "mcpServers"),
    new ConfigError(
      `Invalid config "f.json": mcpServers: expected an object of MCP servers by name, or an array ` +
        `of servers with names, got "nope"`,
    ),
  );
});

Deno.test("loadConfig() merges MCP servers from env, agents.config.json and .mcp.json", async () => {
  await using ws = await workspace();
  await ws.write("project", "agents.config.json", {
    nanocoder: { mcpServers: [{ name: "a", transport: "stdio", command: "project-a" }] },
  });
  await ws.write("project", ".mcp.json", {
    mcpServers: { a: { command: "mcpjson-a" }, b: { command: "${TOOL_BIN}", args: ["$ARG"] } },
  });
  await ws.write("user", ".mcp.json", {
    mcpServers: { b: { command: "user-b" }, c: { url: "http://c.example/mcp" } },
  });
  const env = {
    TOOL_BIN: "/usr/bin/tool",
    ARG: "--fast",
    NANOCODER_MCPSERVERS: JSON.stringify([{ name: "e", transport: "stdio", command: "env-e" }]),
  };
  const config = await loadConfig({ cwd: ws.project, trusted: true, env, userConfigDir: ws.user });
  assert.deepEqual(config.mcpServers, {
    e: { type: "stdio", command: "env-e" },
    a: { type: "stdio", command: "project-a" },
    b: { type: "stdio", command: "/usr/bin/tool", args: ["--fast"] },
    c: { type: "http", url: "http://c.example/mcp" },
  });
  assert.equal(config.sources.length, 4);
});
