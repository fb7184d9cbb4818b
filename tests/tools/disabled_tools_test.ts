import assert from "node:assert/strict";
import { z } from "zod";
import { createBuiltinRegistry } from "../../src/tools/mod.ts";
import { DEFAULT_BASH, DEFAULT_WEB_FETCH, type NanocoderConfig } from "../../src/config/types.ts";
import type { AnyTool } from "../../src/tools/tool.ts";

const config = (disabledTools: string[]): NanocoderConfig => ({
  providers: [],
  mcpServers: {},
  bash: DEFAULT_BASH,
  sandbox: false,
  allowedDirs: [],
  alwaysAllow: [],
  webFetch: DEFAULT_WEB_FETCH,
  allowGitWrites: false,
  sources: [],
  disabledTools,
});

const OFF = "turned off by disabledTools in the config";

Deno.test("disabledTools are listed as disabled, never offered, MCP tools by their own name too", async () => {
  const registry = await createBuiltinRegistry(config(["execute_bash", "web_search", "lookup"]), {
    cwd: Deno.cwd(),
  });
  assert.ok(!registry.names().includes("execute_bash"));
  assert.ok(!registry.specs().some((s) => s.function.name === "execute_bash"));
  assert.deepEqual(
    registry.disabled().filter((d) => d.reason === OFF).map((d) => d.name).sort(),
    ["execute_bash", "web_search"],
  );
  const mcpTool = (name: string) =>
    ({
      name,
      description: "d",
      kind: "read",
      schema: z.object({}),
      execute: () => Promise.resolve({ ok: true, output: "" }),
    }) as unknown as AnyTool;
  // An MCP server's tool arrives later; Nanocoder names it by the server's own name.
  assert.throws(() => registry.register(mcpTool("mcp__docs__lookup")), new Error(OFF));
  registry.register(mcpTool("mcp__docs__search"));
  assert.ok(registry.names().includes("mcp__docs__search"));
});
