import assert from "node:assert/strict";
import { formatMcpStatus, type McpServerStatus } from "../../src/mcp/status.ts";

const base = { tools: [], skippedTools: [], listChanges: 0, resourceCount: 0, promptCount: 0 };

Deno.test("formatMcpStatus() lists each server with transport, state, tools and errors", () => {
  const statuses: McpServerStatus[] = [
    {
      ...base,
      name: "everything",
      transport: "stdio",
      state: "connected",
      toolCount: 12,
      target: "node everything.js stdio",
      skippedTools: [{ name: "x", reason: "bad schema" }],
    },
    {
      ...base,
      name: "web",
      transport: "http",
      state: "failed",
      toolCount: 0,
      target: "https://mcp.example.com/mcp",
      lastError: "Cannot connect: refused",
    },
    {
      ...base,
      name: "off",
      transport: "sse",
      state: "disabled",
      toolCount: 0,
      target: "http://localhost/sse",
    },
  ];
  assert.equal(
    formatMcpStatus(statuses),
    [
      "everything  stdio  connected  12 tools  node everything.js stdio",
      '  skipped tool "x": bad schema',
      "web         http   failed     -         https://mcp.example.com/mcp",
      "  error: Cannot connect: refused",
      "off         sse    disabled   -         http://localhost/sse",
    ].join("\n"),
  );
});

Deno.test("formatMcpStatus() shows sign-in state, resources and prompts", () => {
  const now = Date.UTC(2026, 0, 1);
  const statuses: McpServerStatus[] = [
    {
      ...base,
      name: "linear",
      transport: "http",
      state: "connected",
      toolCount: 20,
      resourceCount: 3,
      promptCount: 1,
      target: "https://mcp.linear.app/mcp",
      auth: { method: "oauth", signedIn: true, expiresAt: now + 52 * 60_000, refreshable: true },
    },
    {
      ...base,
      name: "sentry",
      transport: "http",
      state: "needs_login",
      toolCount: 0,
      target: "https://mcp.sentry.dev/mcp",
      lastError: 'Sign-in required: run "nanocoder mcp login sentry"',
      auth: { method: "oauth", signedIn: false, refreshable: false },
    },
    {
      ...base,
      name: "ci",
      transport: "http",
      state: "connected",
      toolCount: 1,
      target: "https://internal/mcp",
      auth: { method: "client_credentials", signedIn: true, refreshable: false },
    },
  ];
  assert.equal(
    formatMcpStatus(statuses, now),
    [
      "linear  http  connected    20 tools, 3 resources, 1 prompt  https://mcp.linear.app/mcp",
      "  auth: signed in (OAuth), expires in 52 min, renews by itself",
      "sentry  http  needs login  -                                https://mcp.sentry.dev/mcp",
      '  Sign-in required: run "nanocoder mcp login sentry"',
      "ci      http  connected    1 tool                           https://internal/mcp",
      "  auth: client credentials",
    ].join("\n"),
  );
});

Deno.test("formatMcpStatus() says how to add servers when none are configured", () => {
  assert.equal(
    formatMcpStatus([]),
    "No MCP servers configured. Add them to agents.config.json (mcpServers) or .mcp.json.",
  );
});
