import assert from "node:assert/strict";
import { loadConfig } from "../../src/config/load.ts";
import { loadProjectConfig } from "../../src/config/project.ts";
import { selectProvider } from "../../src/config/select.ts";
import { workspace } from "./_workspace.ts";

async function load(content: unknown, env: Record<string, string> = {}) {
  await using ws = await workspace();
  const file = await ws.write("project", "agents.config.json", content);
  const config = await loadConfig({ cwd: ws.project, trusted: true, env, userConfigDir: ws.user });
  return { config, file };
}

Deno.test("unknown keys are named at every level, with the known key a typo stands for", async () => {
  const { config, file } = await load({
    nanocoder: {
      providers: [{
        name: "or",
        baseURL: "https://openrouter.ai/api/v1",
        baseUrl: "https://openrouter.ai/api/v1",
        models: ["m"],
        openrouter: { servce_tier: "flex" },
      }],
      autoCompact: { treshold: 70 },
    },
    mcpServers: {},
  });
  assert.deepEqual(config.warnings, [
    `Unknown key "mcpServers" in "${file}" (ignored)`,
    `Unknown key "nanocoder.providers[0].baseURL" in "${file}" (ignored): did you mean "baseUrl"?`,
    `Unknown key "nanocoder.autoCompact.treshold" in "${file}" (ignored): did you mean "threshold"?`,
    `Unknown key "nanocoder.providers[0].openrouter.servce_tier" in "${file}" (ignored): ` +
    `did you mean "service_tier"? (use "extraBody" for fields without a typed entry)`,
  ]);
});

Deno.test("Nanocoder's application settings are read; what cannot be honoured is named", async () => {
  const { config, file } = await load({
    nanocoder: {
      disabledTools: ["write_file", "diff_edit", "fetch_url"],
      systemPrompt: { mode: "append", content: "Be brief.", file: "x.md" },
      autoCompact: { threshold: 99, notifyUser: false, strategy: "mechanical" },
      headless: { maxTurns: 7 },
      defaultMode: " Auto-Accept ",
      tune: { toolMode: "xml", includeAgentsMd: false, modelParameters: { temperature: 0 } },
    },
  });
  assert.deepEqual(config.disabledTools, [
    "write_file",
    "create_file",
    "diff_edit",
    "replace_lines",
    "insert_lines",
    "delete_lines",
    "fetch_url",
    "web_fetch",
  ]);
  assert.deepEqual(config.systemPrompt, { mode: "append", content: "Be brief.", source: file });
  assert.deepEqual(config.autoCompact, {
    enabled: true,
    threshold: 95,
    strategy: "mechanical",
    mode: "conservative",
  });
  assert.equal(config.maxTurns, 7);
  assert.equal(config.defaultMode, "auto-accept");
  assert.deepEqual(config.tune, {
    toolMode: "xml",
    includeAgentsMd: false,
    modelParameters: { temperature: 0 },
  });
  assert.deepEqual(config.warnings, [
    `"nanocoder.systemPrompt" in "${file}" sets both "content" and "file": using "content"`,
    `"nanocoder.autoCompact.threshold" in "${file}" is 99: using 95 (it must be 50 to 95)`,
    `"nanocoder.autoCompact.notifyUser": false in "${file}" is not supported (ignored): ` +
    `a compaction is always reported`,
  ]);
});

Deno.test("NANOCODER_MAX_TURNS wins over headless.maxTurns; a bad value is named", async () => {
  const settings = { nanocoder: { headless: { maxTurns: 7 } } };
  assert.equal((await load(settings, { NANOCODER_MAX_TURNS: "3" })).config.maxTurns, 3);
  const bad = await load(settings, {
    NANOCODER_MAX_TURNS: "lots",
    NANOCODER_CONTEXT_LIMIT: "32000",
  });
  assert.equal(bad.config.maxTurns, 7);
  assert.equal(bad.config.contextLimit, 32000);
  assert.deepEqual(bad.config.warnings, [
    `NANOCODER_MAX_TURNS="lots" is not a positive whole number (ignored)`,
  ]);
});

Deno.test("presets: the hosted services Nanocoder lists, with their wire and key variables", () => {
  const config = { providers: [], mcpServers: {} } as unknown as Parameters<
    typeof selectProvider
  >[0];
  const pick = (name: string, env: Record<string, string>) =>
    selectProvider(config, { provider: name, model: "m" }, env).provider;
  assert.deepEqual(pick("anthropic", { ANTHROPIC_API_KEY: "a" }), {
    name: "anthropic",
    sdkProvider: "anthropic",
    baseUrl: "https://api.anthropic.com/v1",
    apiKey: "a",
    models: [],
  });
  assert.equal(pick("Gemini", { GEMINI_API_KEY: "g" }).sdkProvider, "google");
  assert.equal(pick("Kimi Code", { KIMI_API_KEY: "k" }).baseUrl, "https://api.kimi.com/coding/v1");
  assert.equal(pick("minimax", { MINIMAX_API_KEY: "x" }).sdkProvider, "anthropic");
  // Nanocoder's .env.example names the Z.ai key ZAI_AUTH_TOKEN.
  assert.equal(pick("z.ai", { ZAI_AUTH_TOKEN: "z" }).apiKey, "z");
  assert.equal(pick("deepseek", { DEEPSEEK_API_KEY: "d" }).baseUrl, "https://api.deepseek.com/v1");
  assert.equal(pick("moonshot", { MOONSHOT_API_KEY: "m" }).baseUrl, "https://api.moonshot.ai/v1");
  assert.throws(() => pick("anthropic", {}), /set ANTHROPIC_API_KEY or pass --api-key/);
});

Deno.test("a configured provider named like a preset takes its URL and wire when it gives none", async () => {
  const { config } = await load(
    { nanocoder: { providers: [{ name: "Kimi Code", models: ["kimi-for-coding"] }] } },
    { KIMI_API_KEY: "k" },
  );
  assert.deepEqual(config.providers, [{
    name: "Kimi Code",
    sdkProvider: "anthropic",
    baseUrl: "https://api.kimi.com/coding/v1",
    apiKey: "k",
    models: ["kimi-for-coding"],
  }]);
});

Deno.test("a trusted .env's settings read from the shell only are named; a bad saved tune too", async () => {
  await using ws = await workspace();
  const dotenv = await ws.write(
    "project",
    ".env",
    "NANOCODER_LOG_LEVEL=debug\nNANOCODER_MODEL=m\n",
  );
  const prefs = await ws.write("user", "nanocoder-preferences.json", { tune: { enabled: "yes" } });
  const project = await loadProjectConfig({
    cwd: ws.project,
    env: {},
    trustDirectory: true,
    userConfigDir: ws.user,
  });
  assert.equal(project.env.NANOCODER_MODEL, "m");
  assert.deepEqual(project.warnings, [
    `Not used from "${dotenv}": NANOCODER_LOG_LEVEL (nanocoder reads these from your shell's ` +
    `environment only)`,
    `Ignored "tune" in "${prefs}": tune.enabled: expected true or false`,
  ]);
});

Deno.test("NANOCODER_MAX_TURNS and NANOCODER_CONTEXT_LIMIT count from a trusted .env only", async () => {
  await using ws = await workspace();
  await ws.write("project", ".env", "NANOCODER_MAX_TURNS=4\nNANOCODER_CONTEXT_LIMIT=16000\n");
  const open = (trustDirectory: boolean) =>
    loadProjectConfig({ cwd: ws.project, env: {}, trustDirectory, userConfigDir: ws.user });
  const trusted = (await open(true)).config;
  assert.deepEqual([trusted.maxTurns, trusted.contextLimit], [4, 16000]);
  const untrusted = await open(false);
  assert.deepEqual([untrusted.config.maxTurns, untrusted.config.contextLimit], [
    undefined,
    undefined,
  ]);
  assert.match(
    untrusted.warnings.join("\n"),
    /not trusted: NANOCODER_MAX_TURNS; NANOCODER_CONTEXT_LIMIT/,
  );
});

Deno.test("the preferences' providerModels give a provider its last model, while it still lists it", async () => {
  await using ws = await workspace();
  await ws.write("user", "agents.config.json", {
    nanocoder: {
      providers: [
        { name: "a", baseUrl: "http://a.example/v1", models: ["a1", "a2"] },
        { name: "b", baseUrl: "http://b.example/v1", models: ["b1"] },
      ],
    },
  });
  await ws.write("user", "nanocoder-preferences.json", {
    lastProvider: "a",
    providerModels: { a: "a2", b: "gone" },
  });
  const { config, env } = await loadProjectConfig({
    cwd: ws.project,
    env: {},
    userConfigDir: ws.user,
  });
  assert.deepEqual(
    [selectProvider(config, {}, env).model, selectProvider(config, { model: "a1" }, env).model],
    ["a2", "a1"],
  );
  assert.equal(selectProvider(config, { provider: "b" }, env).model, "b1");
});
