import assert from "node:assert/strict";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.ts";
import { DEFAULT_BASH, DEFAULT_WEB_FETCH } from "../../src/config/types.ts";
import { ConfigError } from "../../src/errors.ts";
import { workspace } from "./_workspace.ts";

Deno.test("loadConfig() with no files gives defaults and no sources", async () => {
  await using ws = await workspace();
  const config = await loadConfig({
    cwd: ws.project,
    trusted: true,
    env: {},
    userConfigDir: ws.user,
  });
  assert.deepEqual(config, {
    providers: [],
    mcpServers: {},
    bash: DEFAULT_BASH,
    sandbox: false,
    allowedDirs: [],
    alwaysAllow: [],
    webFetch: DEFAULT_WEB_FETCH,
    allowGitWrites: false,
    sources: [],
    warnings: [],
  });
});

Deno.test("loadConfig() reads Nanocoder's provider fields and maps them to ours", async () => {
  await using ws = await workspace();
  const file = await ws.write("project", "agents.config.json", {
    nanocoder: {
      providers: [{
        name: "local",
        baseUrl: "http://localhost:11434/v1/",
        apiKey: "k",
        models: ["qwen3-coder", "llama3"],
        contextWindow: 32768,
        contextWindows: { llama3: 8192 },
        disableToolModels: ["llama3"],
        requestTimeout: -1,
        socketTimeout: 90000,
        maxRetries: 2,
        connectionPool: { idleTimeout: 1 },
      }],
    },
  });
  const config = await loadConfig({
    cwd: ws.project,
    trusted: true,
    env: {},
    userConfigDir: ws.user,
  });
  assert.deepEqual(config.providers, [{
    name: "local",
    baseUrl: "http://localhost:11434/v1",
    apiKey: "k",
    models: ["qwen3-coder", "llama3"],
    contextWindow: 32768,
    contextWindows: { llama3: 8192 },
    disableToolModels: ["llama3"],
    requestTimeoutMs: 0,
    idleTimeoutMs: 90000,
    maxRetries: 2,
    poolIdleTimeoutMs: 1,
  }]);
  assert.deepEqual(config.sources, [file]);
});

Deno.test("loadConfig() merges providers by name, project over user, project's first", async () => {
  await using ws = await workspace();
  const user = await ws.write("user", "agents.config.json", {
    nanocoder: {
      providers: [
        { name: "shared", baseUrl: "http://user.example/v1", models: ["u"] },
        { name: "user-only", baseUrl: "http://u.example/v1", models: ["x"] },
      ],
      sandbox: true,
      bash: { allow: ["ls"], maxTimeoutMs: 300000 },
    },
  });
  const project = await ws.write("project", "agents.config.json", {
    nanocoder: {
      providers: [
        { name: "project-only", baseUrl: "http://p.example/v1", models: ["p"] },
        { name: "shared", baseUrl: "http://project.example/v1", models: ["pp"] },
      ],
      bash: { allow: ["git status"] },
    },
  });
  const config = await loadConfig({
    cwd: ws.project,
    trusted: true,
    env: {},
    userConfigDir: ws.user,
  });
  assert.deepEqual(config.providers.map((p) => [p.name, p.baseUrl]), [
    ["project-only", "http://p.example/v1"],
    ["shared", "http://project.example/v1"],
    ["user-only", "http://u.example/v1"],
  ]);
  assert.deepEqual(config.bash, {
    allow: ["git status"],
    defaultTimeoutMs: 120000,
    maxTimeoutMs: 300000,
  });
  assert.equal(config.sandbox, true);
  assert.deepEqual(config.sources, [project, user]);
});

Deno.test("loadConfig() expands $VAR, ${VAR} and ${VAR:-default} anywhere", async () => {
  await using ws = await workspace();
  await ws.write("project", "agents.config.json", {
    nanocoder: {
      providers: [{
        name: "remote",
        baseUrl: "${API_BASE:-http://fallback.example}/v1",
        apiKey: "$MY_KEY",
        models: ["${MODEL}"],
        headers: { "X-Team": "team-${TEAM}" },
      }],
      allowedDirs: ["$SHARED_DIR"],
    },
  });
  const env = { MY_KEY: "secret", MODEL: "qwen3", TEAM: "core", SHARED_DIR: "/srv/shared" };
  const config = await loadConfig({ cwd: ws.project, trusted: true, env, userConfigDir: ws.user });
  assert.deepEqual(config.providers, [{
    name: "remote",
    baseUrl: "http://fallback.example/v1",
    apiKey: "secret",
    models: ["qwen3"],
    headers: { "X-Team": "team-core" },
  }]);
  assert.deepEqual(config.allowedDirs, ["/srv/shared"]);
  assert.deepEqual(config.warnings, []);
});

Deno.test("loadConfig() turns an unset variable into an empty string with a warning", async () => {
  await using ws = await workspace();
  const file = await ws.write("user", "agents.config.json", {
    nanocoder: {
      providers: [{
        name: "or",
        baseUrl: "https://openrouter.ai/api/v1",
        apiKey: "${NOPE_KEY}",
        models: ["m"],
      }],
    },
  });
  const config = await loadConfig({
    cwd: ws.project,
    trusted: true,
    env: {},
    userConfigDir: ws.user,
  });
  assert.equal(config.providers[0].apiKey, undefined);
  assert.deepEqual(config.warnings, [
    `Environment variable "NOPE_KEY" is not set (used by nanocoder.providers[0].apiKey in "${file}"): using an empty string`,
  ]);
});

Deno.test("loadConfig() reports an unset variable in a URL as an invalid field", async () => {
  await using ws = await workspace();
  const file = await ws.write("project", "agents.config.json", {
    nanocoder: { providers: [{ name: "x", baseUrl: "${HOST_URL}", models: [] }] },
  });
  await assert.rejects(
    loadConfig({ cwd: ws.project, trusted: true, env: {}, userConfigDir: ws.user }),
    (err: Error) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(
        err.message,
        `Invalid config "${file}": nanocoder.providers[0].baseUrl: expected an http(s) URL string, got ""`,
      );
      return true;
    },
  );
});

Deno.test("loadConfig() names the file, the field path and what is expected", async () => {
  await using ws = await workspace();
  const file = await ws.write("project", "agents.config.json", {
    nanocoder: { providers: [{ name: "a", baseUrl: 42, models: "m" }], sandbox: "yes" },
  });
  await assert.rejects(
    loadConfig({ cwd: ws.project, trusted: true, env: {}, userConfigDir: ws.user }),
    new ConfigError(
      `Invalid config "${file}": nanocoder.providers[0].baseUrl: expected an http(s) URL string, got 42; ` +
        `nanocoder.providers[0].models: expected an array of model names (strings), got "m"; ` +
        `nanocoder.sandbox: expected true or false, got "yes"`,
    ),
  );
});

Deno.test("loadConfig() reports invalid JSON with the file, line and column", async () => {
  await using ws = await workspace();
  const file = await ws.write(
    "user",
    "agents.config.json",
    '{\n  "nanocoder": {\n    "providers": [,]\n  }\n}',
  );
  await assert.rejects(
    loadConfig({ cwd: ws.project, trusted: true, env: {}, userConfigDir: ws.user }),
    new ConfigError(`Invalid JSON in "${file}" at line 3, column 19: unexpected ","`),
  );
});

Deno.test("loadConfig() aborts on an invalid user file even when the project file is fine", async () => {
  await using ws = await workspace();
  await ws.write("project", "agents.config.json", { nanocoder: { providers: [] } });
  const user = await ws.write("user", "agents.config.json", {
    nanocoder: { bash: { allow: "ls" } },
  });
  await assert.rejects(
    loadConfig({ cwd: ws.project, trusted: true, env: {}, userConfigDir: ws.user }),
    new ConfigError(
      `Invalid config "${user}": nanocoder.bash.allow: expected an array of command patterns (strings), got "ls"`,
    ),
  );
});

Deno.test("loadConfig() fills a missing baseUrl from the preset of the same name", async () => {
  await using ws = await workspace();
  await ws.write("project", "agents.config.json", {
    nanocoder: { providers: [{ name: "OpenRouter", models: ["a/b"] }] },
  });
  const env = { OPENROUTER_API_KEY: "or-key" };
  const config = await loadConfig({ cwd: ws.project, trusted: true, env, userConfigDir: ws.user });
  assert.deepEqual(config.providers, [{
    name: "OpenRouter",
    baseUrl: "https://openrouter.ai/api/v1",
    apiKey: "or-key",
    models: ["a/b"],
  }]);
});

Deno.test("loadConfig() rejects a provider with neither baseUrl nor a preset name", async () => {
  await using ws = await workspace();
  const file = await ws.write("project", "agents.config.json", {
    nanocoder: { providers: [{ name: "mystery", models: [] }] },
  });
  await assert.rejects(
    loadConfig({ cwd: ws.project, trusted: true, env: {}, userConfigDir: ws.user }),
    new ConfigError(
      `Invalid config "${file}": nanocoder.providers[0].baseUrl: expected an http(s) URL string, got nothing`,
    ),
  );
});

Deno.test("loadConfig() passes sdkProvider through, with the API's default URL, and skips sign-in ones", async () => {
  await using ws = await workspace();
  const file = await ws.write("user", "agents.config.json", {
    nanocoder: {
      providers: [
        { name: "claude", sdkProvider: "anthropic", apiKey: "a", models: ["c"] },
        { name: "Gemini", sdkProvider: "google", baseUrl: "https://g.example/v1beta/" },
        { name: "copilot", sdkProvider: "github-copilot", models: ["gpt"] },
        { name: "ok", sdkProvider: "openai-compatible", baseUrl: "http://localhost:1234/v1" },
      ],
    },
  });
  const config = await loadConfig({ cwd: ws.project, env: {}, userConfigDir: ws.user });
  assert.deepEqual(config.providers, [
    {
      name: "claude",
      sdkProvider: "anthropic",
      baseUrl: "https://api.anthropic.com/v1",
      apiKey: "a",
      models: ["c"],
    },
    { name: "Gemini", sdkProvider: "google", baseUrl: "https://g.example/v1beta", models: [] },
    { name: "ok", baseUrl: "http://localhost:1234/v1", models: [] },
  ]);
  assert.deepEqual(config.warnings, [
    `Skipped provider "copilot" in "${file}": sdkProvider "github-copilot" is not supported ` +
    `(use "openai-compatible", "anthropic" or "google")`,
  ]);
});

Deno.test("loadConfig() gives a preset's key variable only to the preset's own host", async () => {
  await using ws = await workspace();
  await ws.write("user", "agents.config.json", {
    nanocoder: {
      providers: [
        { name: "openrouter", models: ["a"] },
        { name: "openai", baseUrl: "https://proxy.example/v1", models: ["b"] },
      ],
    },
  });
  const env = { OPENROUTER_API_KEY: "or-key", OPENAI_API_KEY: "oa-key" };
  const config = await loadConfig({ cwd: ws.project, env, userConfigDir: ws.user });
  assert.deepEqual(config.providers.map((p) => [p.name, p.apiKey]), [
    ["openrouter", "or-key"],
    ["openai", undefined],
  ]);
});

Deno.test("loadConfig() takes NANOCODER_PROVIDERS over files and expands its variables", async () => {
  await using ws = await workspace();
  await ws.write("project", "agents.config.json", {
    nanocoder: { providers: [{ name: "p", baseUrl: "http://file.example/v1", models: ["f"] }] },
  });
  const env = {
    NANOCODER_PROVIDERS: JSON.stringify([
      { name: "p", baseUrl: "http://env.example/v1", apiKey: "$K", models: ["e"] },
    ]),
    K: "env-key",
  };
  const config = await loadConfig({ cwd: ws.project, trusted: true, env, userConfigDir: ws.user });
  assert.deepEqual(config.providers, [
    { name: "p", baseUrl: "http://env.example/v1", apiKey: "env-key", models: ["e"] },
  ]);
  assert.equal(config.sources[0], "NANOCODER_PROVIDERS");
});

Deno.test("loadConfig() accepts NANOCODER_PROVIDERS wrapped as in agents.config.json", async () => {
  await using ws = await workspace();
  const env = {
    NANOCODER_PROVIDERS: JSON.stringify({
      nanocoder: { providers: [{ name: "w", baseUrl: "http://w.example/v1", models: [] }] },
    }),
  };
  const config = await loadConfig({ cwd: ws.project, trusted: true, env, userConfigDir: ws.user });
  assert.deepEqual(config.providers, [{ name: "w", baseUrl: "http://w.example/v1", models: [] }]);
});

Deno.test("loadConfig() names NANOCODER_PROVIDERS in its errors", async () => {
  await using ws = await workspace();
  await assert.rejects(
    loadConfig({
      cwd: ws.project,
      trusted: true,
      env: { NANOCODER_PROVIDERS: "[{" },
      userConfigDir: ws.user,
    }),
    new ConfigError(
      `Invalid JSON in "NANOCODER_PROVIDERS" at line 1, column 3: unexpected end of input`,
    ),
  );
  await assert.rejects(
    loadConfig({
      cwd: ws.project,
      trusted: true,
      env: { NANOCODER_PROVIDERS: '[{"name":"x","baseUrl":"nope"}]' },
      userConfigDir: ws.user,
    }),
    new ConfigError(
      `Invalid config "NANOCODER_PROVIDERS": [0].baseUrl: expected an http(s) URL string, got "nope"`,
    ),
  );
});

Deno.test("loadConfig() reads NANOCODER_PROVIDERS_FILE and fails when it is missing", async () => {
  await using ws = await workspace();
  const file = await ws.write("user", "providers.json", [
    { name: "f", baseUrl: "http://f.example/v1", models: ["m"] },
  ]);
  const config = await loadConfig({
    cwd: ws.project,
    trusted: true,
    env: { NANOCODER_PROVIDERS_FILE: file },
    userConfigDir: ws.project,
  });
  assert.deepEqual(config.providers, [{
    name: "f",
    baseUrl: "http://f.example/v1",
    models: ["m"],
  }]);
  assert.deepEqual(config.sources, [file]);
  const missing = join(ws.user, "nope.json");
  await assert.rejects(
    loadConfig({
      cwd: ws.project,
      trusted: true,
      env: { NANOCODER_PROVIDERS_FILE: missing },
      userConfigDir: ws.user,
    }),
    new ConfigError(`Cannot read "${missing}" named by NANOCODER_PROVIDERS_FILE: no such file`),
  );
});

Deno.test("loadConfig() finds the user dir from NANOCODER_CONFIG_DIR and XDG_CONFIG_HOME", async () => {
  await using ws = await workspace();
  const file = await ws.write("user", "agents.config.json", {
    nanocoder: { providers: [{ name: "u", baseUrl: "http://u.example/v1", models: [] }] },
  });
  const viaDir = await loadConfig({
    cwd: ws.project,
    trusted: true,
    env: { NANOCODER_CONFIG_DIR: ws.user },
  });
  assert.deepEqual(viaDir.sources, [file]);
  if (Deno.build.os === "linux") {
    const viaXdg = await loadConfig({
      cwd: ws.project,
      env: { XDG_CONFIG_HOME: join(ws.user, "..") },
    });
    assert.deepEqual(viaXdg.sources, [file]);
  }
});

Deno.test("loadConfig() skips project files when NANOCODER_IGNORE_PROJECT_CONFIG is set", async () => {
  await using ws = await workspace();
  await ws.write("project", "agents.config.json", {
    nanocoder: { providers: [{ name: "evil", baseUrl: "http://evil.example/v1", models: [] }] },
  });
  await ws.write("project", ".mcp.json", { mcpServers: { x: { command: "rm" } } });
  const ignored = await loadConfig({
    cwd: ws.project,
    trusted: true,
    env: { NANOCODER_IGNORE_PROJECT_CONFIG: "1" },
    userConfigDir: ws.user,
  });
  assert.deepEqual([ignored.providers, ignored.mcpServers, ignored.sources], [[], {}, []]);
});

Deno.test("loadConfig() validates webSearch, maps nanocoderTools and resolves allowedDirs", async () => {
  await using ws = await workspace();
  await ws.write("project", "agents.config.json", {
    nanocoder: { allowedDirs: ["../shared", "~/notes", "/abs"] },
  });
  await ws.write("user", "agents.config.json", {
    nanocoder: { nanocoderTools: { webSearch: { apiKey: "brave-key" } } },
  });
  const config = await loadConfig({
    cwd: ws.project,
    trusted: true,
    env: { HOME: "/home/me" },
    userConfigDir: ws.user,
  });
  assert.deepEqual(config.webSearch, { backend: "brave", apiKey: "brave-key" });
  assert.deepEqual(config.allowedDirs, [
    join(ws.project, "..", "shared"),
    "/home/me/notes",
    "/abs",
  ]);

  const file = await ws.write("project", "agents.config.json", {
    nanocoder: { webSearch: { backend: "bing" } },
  });
  await assert.rejects(
    loadConfig({ cwd: ws.project, trusted: true, env: {}, userConfigDir: ws.user }),
    new ConfigError(
      `Invalid config "${file}": nanocoder.webSearch.backend: expected an object with "backend": ` +
        `"brave", "tavily", "searxng" or "duckduckgo", got "bing"`,
    ),
  );
});

Deno.test("loadConfig() rejects a bash default timeout above the maximum", async () => {
  await using ws = await workspace();
  const file = await ws.write("project", "agents.config.json", {
    nanocoder: { bash: { defaultTimeoutMs: 700000 } },
  });
  await assert.rejects(
    loadConfig({ cwd: ws.project, trusted: true, env: {}, userConfigDir: ws.user }),
    new ConfigError(
      `Invalid config "${file}": nanocoder.bash.defaultTimeoutMs: expected at most ` +
        `bash.maxTimeoutMs (600000), got 700000`,
    ),
  );
});

Deno.test("loadConfig() names every unknown key, with the known one a typo stands for", async () => {
  await using ws = await workspace();
  const file = await ws.write("project", "agents.config.json", {
    nanocoder: { provider: [], someFutureThing: { a: 1 }, autoCompact: { enabled: true } },
  });
  const config = await loadConfig({
    cwd: ws.project,
    trusted: true,
    env: {},
    userConfigDir: ws.user,
  });
  assert.deepEqual(config.warnings, [
    `Unknown key "nanocoder.provider" in "${file}" (ignored): did you mean "providers"?`,
    `Unknown key "nanocoder.someFutureThing" in "${file}" (ignored)`,
  ]);
});

Deno.test("loadConfig() accepts Nanocoder's legacy top-level providers", async () => {
  await using ws = await workspace();
  await ws.write("project", "agents.config.json", {
    providers: [{ name: "legacy", baseUrl: "http://l.example/v1", models: ["m"] }],
  });
  const config = await loadConfig({
    cwd: ws.project,
    trusted: true,
    env: {},
    userConfigDir: ws.user,
  });
  assert.deepEqual(config.providers, [{
    name: "legacy",
    baseUrl: "http://l.example/v1",
    models: ["m"],
  }]);
});

const GRANTED = "/nonexistent-nanocoder-granted";
const DENIED = "/nonexistent-nanocoder-denied";

Deno.test({
  name: "loadConfig() skips a user file it may not read and fails on such a project file",
  permissions: { read: [GRANTED] },
  async fn() {
    const config = await loadConfig({ cwd: GRANTED, env: {}, userConfigDir: DENIED });
    assert.deepEqual(config.warnings, [
      `Skipped config "${DENIED}/agents.config.json": no read permission (--allow-read)`,
      `Skipped config "${DENIED}/.mcp.json": no read permission (--allow-read)`,
    ]);
    await assert.rejects(
      loadConfig({ cwd: DENIED, env: {}, userConfigDir: GRANTED }),
      new ConfigError(
        `Cannot read config "${DENIED}/agents.config.json": no read permission (--allow-read)`,
      ),
    );
  },
});
