/**
 * Doctor's rules, on facts alone: `fail` only for what stops a `run` (an invalid config
 * source, no provider, the selected provider down or without the model), the first
 * `fail` decides, and everything else is a warning or a fact.
 */
import assert from "node:assert/strict";
import { buildChecks, verdictOf } from "../../src/engine/doctor_checks.ts";
import type { DoctorFacts, ProviderFacts } from "../../src/engine/mod.ts";
import { LOCAL_SERVER_SEARCH } from "../../src/engine/doctor_types.ts";

const CWD = "/home/me/project";

function facts(overrides: Partial<DoctorFacts> = {}): DoctorFacts {
  return {
    cwd: CWD,
    program: {
      version: "0.1.0",
      deno: "2.9.6",
      v8: "15",
      typescript: "6",
      os: "linux",
      arch: "x86_64",
      runsFrom: "source",
      entry: "file:///x/main.ts",
    },
    permissions: [],
    config: { sources: [], warnings: [] },
    trust: { trusted: false, source: "none", store: "/home/me/.config/nanocoder/p.json" },
    selection: { provider: "local", model: "qwen", origin: "config" },
    providers: [provider()],
    tools: { enabled: [{ name: "read_file", kind: "read" }], disabled: [] },
    mcp: [],
    sandbox: { enabled: false, available: false, reason: "none" },
    log: {
      file: "/home/me/.local/state/nanocoder/logs/nanocoder.log",
      level: "warn",
      tracing: false,
      writable: true,
    },
    ...overrides,
  };
}

function provider(overrides: Partial<ProviderFacts> = {}): ProviderFacts {
  return {
    name: "local",
    baseUrl: "http://127.0.0.1:11434/v1",
    selected: true,
    status: "ok",
    models: ["qwen"],
    model: "qwen",
    modelListed: true,
    contextWindow: { tokens: 32768, source: "Ollama /api/show" },
    ms: 4,
    ...overrides,
  };
}

const statusOf = (f: DoctorFacts, id: string) =>
  buildChecks(f, { home: "/home/me" }).find((c) => c.id === id)?.status;

Deno.test("doctor: the selected provider answering with its model makes the verdict ok", () => {
  const checks = buildChecks(facts());
  assert.deepEqual(verdictOf(checks), {
    ok: true,
    decidedBy: "provider.local",
    reason:
      '"local" (http://127.0.0.1:11434/v1) answers in 4 ms with 1 model (qwen); model "qwen"; ' +
      "context window 32,768 tokens (Ollama /api/show)",
  });
});

Deno.test("doctor: an invalid config file decides before a provider that answers", () => {
  const f = facts({
    config: {
      sources: [{
        source: `${CWD}/agents.config.json`,
        origin: "project",
        kind: "config",
        status: "invalid",
        error: `Invalid JSON in "${CWD}/agents.config.json" at line 3, column 17: unexpected ","`,
        warnings: [],
      }],
      warnings: [],
    },
  });
  const verdict = verdictOf(buildChecks(f));
  assert.equal(verdict.ok, false);
  assert.equal(verdict.decidedBy, `config.project:${CWD}/agents.config.json`);
  assert.match(verdict.reason, /line 3, column 17/);
});

Deno.test("doctor: broken preferences or .env only warn: a run does not stop on them", () => {
  const f = facts({
    config: {
      sources: [{
        source: "/home/me/.config/nanocoder/nanocoder-preferences.json",
        origin: "user",
        kind: "preferences",
        status: "invalid",
        error: "Invalid JSON in …",
        warnings: [],
      }],
      warnings: [],
    },
  });
  assert.equal(
    statusOf(f, "config.user:/home/me/.config/nanocoder/nanocoder-preferences.json"),
    "warn",
  );
  assert.equal(verdictOf(buildChecks(f)).ok, true);
});

Deno.test("doctor: another provider being down is a warning; the selected one is a failure", () => {
  const down = { status: "failed" as const, code: "unreachable", error: "Cannot reach provider" };
  const other = facts({
    providers: [provider(), provider({ name: "cloud", selected: false, ...down })],
  });
  assert.equal(statusOf(other, "provider.cloud"), "warn");
  assert.equal(verdictOf(buildChecks(other)).ok, true);
  const selected = facts({ providers: [provider(down)] });
  assert.deepEqual(verdictOf(buildChecks(selected)), {
    ok: false,
    decidedBy: "provider.local",
    reason: '"local": Cannot reach provider',
  });
});

Deno.test("doctor: a model the server does not list fails and names what it has", () => {
  const f = facts({ providers: [provider({ models: ["llama3", "qwen2"], modelListed: false })] });
  const check = buildChecks(f).find((c) => c.id === "provider.local")!;
  assert.equal(check.status, "fail");
  assert.match(check.message, /with 2 models \(llama3, qwen2\), but not model "qwen"$/);
});

Deno.test("doctor: no provider at all fails on the selection and lists local servers found", () => {
  const f = facts({
    selection: { error: "No provider configured: pass --provider NAME" },
    providers: [],
    localServers: [{ name: "ollama", baseUrl: "http://127.0.0.1:11434/v1", models: ["qwen3"] }],
  });
  const checks = buildChecks(f);
  assert.equal(verdictOf(checks).decidedBy, "provider.selection");
  assert.equal(
    checks.find((c) => c.id === "provider.local:ollama")?.hint,
    'nanocoder --provider ollama --model qwen3 run "…"',
  );
});

Deno.test("doctor: a permission granted for some scopes names the missing ones and the flag", () => {
  const f = facts({
    permissions: [{
      name: "net",
      state: "some",
      needed: [
        { scope: "127.0.0.1:11434", why: "provider local", granted: true },
        { scope: "mcp.example.com:443", why: "MCP docs", granted: false },
      ],
    }],
  });
  const check = buildChecks(f).find((c) => c.id === "permission.net")!;
  assert.deepEqual(check, {
    group: "permissions",
    id: "permission.net",
    status: "warn",
    message: "--allow-net: granted for 127.0.0.1:11434; not for mcp.example.com:443 (MCP docs)",
    hint: "to allow them: --allow-net=127.0.0.1:11434,mcp.example.com:443",
  });
});

Deno.test('doctor: a permission nothing here needs is not reported as ok and "not granted"', () => {
  // --allow-net=127.0.0.1:8099 may be granted: Deno only answers for the hosts asked about.
  const f = facts({ permissions: [{ name: "net", state: "none", needed: [] }] });
  const check = buildChecks(f).find((c) => c.id === "permission.net")!;
  assert.deepEqual(check, {
    group: "permissions",
    id: "permission.net",
    status: "info",
    message: "--allow-net: not granted in full (providers, web tools, MCP over HTTP)",
  });
});

Deno.test("doctor: local servers it was not allowed to look for are not said to be silent", () => {
  const search = (port: number) => ({
    scope: `127.0.0.1:${port}`,
    why: LOCAL_SERVER_SEARCH,
    granted: false,
  });
  const f = facts({
    selection: { error: "No provider configured" },
    providers: [],
    localServers: [],
    permissions: [{ name: "net", state: "none", needed: [search(11434), search(1234)] }],
  });
  const checks = buildChecks(f);
  assert.deepEqual(checks.find((c) => c.id === "permission.net"), {
    group: "permissions",
    id: "permission.net",
    status: "warn",
    message: "--allow-net: not granted for 127.0.0.1:11434, 127.0.0.1:1234 (local server search)",
    hint: "to allow them: --allow-net=127.0.0.1:11434,127.0.0.1:1234",
  });
  assert.deepEqual(checks.find((c) => c.id === "provider.local"), {
    group: "providers",
    id: "provider.local",
    status: "info",
    message: "Did not look for a local model server on 127.0.0.1:11434, 127.0.0.1:1234: " +
      "--allow-net does not include them",
  });
});

Deno.test("doctor: an MCP server that needs a sign-in shows the login command", () => {
  const f = facts({
    mcp: [{
      name: "docs",
      transport: "http",
      state: "needs_login",
      tools: 0,
      target: "https://d/mcp",
    }],
  });
  const check = buildChecks(f).find((c) => c.id === "mcp.docs")!;
  assert.equal(check.status, "warn");
  assert.equal(check.hint, "run: nanocoder mcp login docs");
});

Deno.test("doctor: checks come grouped in the documented order, paths shortened", () => {
  const checks = buildChecks(facts(), { home: "/home/me" });
  const groups = [...new Set(checks.map((c) => c.group))];
  assert.deepEqual(groups, ["program", "trust", "providers", "tools", "mcp", "sandbox", "log"]);
  assert.equal(
    checks.find((c) => c.id === "log")?.message,
    "Level warn: ~/.local/state/nanocoder/logs/nanocoder.log",
  );
});
