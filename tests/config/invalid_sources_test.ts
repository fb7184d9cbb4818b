/**
 * loadConfig() with `onInvalidSource` (what `nanocoder doctor` uses): every broken source
 * is reported with its own error and left out, and the valid ones still count. Without
 * it, the first broken source stops the load (tests/config/load_test.ts).
 */
import assert from "node:assert/strict";
import { loadConfig } from "../../src/config/mod.ts";
import type { ConfigError } from "../../src/errors.ts";
import { workspace } from "./_workspace.ts";

Deno.test("loadConfig() reports each invalid source and keeps the others", async () => {
  await using ws = await workspace();
  const badJson = await ws.write("project", "agents.config.json", '{"nanocoder": {,}}');
  const badField = await ws.write("user", ".mcp.json", { mcpServers: { fs: { args: 3 } } });
  await ws.write("user", "agents.config.json", {
    nanocoder: { providers: [{ name: "mine", baseUrl: "http://h/v1", models: ["m"] }] },
  });
  const invalid: [string, string][] = [];
  const config = await loadConfig({
    cwd: ws.project,
    trusted: true,
    env: { NANOCODER_PROVIDERS: "[{" },
    userConfigDir: ws.user,
    onInvalidSource: (source, error: ConfigError) => invalid.push([source, error.message]),
  });
  assert.deepEqual(invalid.map(([source]) => source), ["NANOCODER_PROVIDERS", badJson, badField]);
  assert.match(
    invalid[1][1],
    /^Invalid JSON in ".*agents\.config\.json" at line 1, column 16: unexpected ","$/,
  );
  assert.match(invalid[2][1], /mcpServers\.fs/);
  assert.deepEqual(config.providers.map((p) => p.name), ["mine"]);
  assert.deepEqual(config.sources, [`${ws.user}/agents.config.json`]);
});
