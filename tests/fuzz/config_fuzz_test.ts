/**
 * Fuzz: the config loader on random JSON and on random mutations of valid configs (a key
 * dropped, a value of another type, a file cut short), in the project's and the user's
 * files and in NANOCODER_PROVIDERS; then provider selection on whatever loaded. Never a
 * crash: a config, or a ConfigError naming the file (or variable) it is about. Seeded.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadConfig, selectProvider } from "../../src/config/mod.ts";
import { ConfigError } from "../../src/errors.ts";
import { forSeeds, type Prng } from "./_prng.ts";

/** Valid configs in the shapes README and Nanocoder's docs show. */
const VALID: unknown[] = [
  {
    nanocoder: {
      providers: [
        {
          name: "ollama",
          baseUrl: "http://localhost:11434/v1",
          models: ["qwen3-coder:30b"],
          contextWindow: 65536,
        },
        {
          name: "openrouter",
          baseUrl: "https://openrouter.ai/api/v1",
          apiKey: "${OPENROUTER_API_KEY}",
          models: ["anthropic/claude-sonnet-4.5"],
          maxTokens: { "anthropic/claude-sonnet-4.5": 8192 },
          toolCalling: "auto",
        },
      ],
      mcpServers: {
        fs: { command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "."] },
        docs: { type: "http", url: "https://example.com/mcp", headers: { A: "b" } },
      },
    },
  },
  {
    nanocoder: {
      bash: { allow: ["git status", "deno test*"], defaultTimeoutMs: 120000 },
      webSearch: { backend: "brave", apiKey: "${BRAVE_API_KEY}" },
      sandbox: true,
      allowedDirs: ["../shared-lib"],
      alwaysAllow: ["read_file"],
      providers: [{
        name: "local",
        baseUrl: "http://127.0.0.1:8080/v1",
        models: ["m"],
        requestTimeoutMs: 1000,
        idleTimeoutMs: 0,
        maxRetries: 2,
        tokenizer: "llama3",
        disableToolModels: ["m"],
      }],
    },
  },
  {
    providers: [{ name: "top-level", baseUrl: "http://127.0.0.1:1234/v1", models: [] }],
    nanocoder: { mcpServers: [{ name: "a", command: "node", args: ["s.js"], alwaysAllow: [] }] },
  },
];

const MCP_JSON = { mcpServers: { fs: { command: "node", args: ["server.js"], env: { A: "1" } } } };

/** Keys the loader knows, so mutations hit real fields as well as unknown ones. */
const KEYS = [
  "nanocoder",
  "providers",
  "mcpServers",
  "name",
  "baseUrl",
  "apiKey",
  "models",
  "command",
  "args",
  "url",
  "type",
  "headers",
  "env",
  "bash",
  "allow",
  "webSearch",
  "backend",
  "sandbox",
  "allowedDirs",
  "maxTokens",
  "contextWindow",
  "toolCalling",
  "oauth",
];

/** One random change somewhere inside `value` (a deep copy is changed). */
function mutate(rng: Prng, value: unknown): unknown {
  if (value === null || typeof value !== "object" || rng.chance(0.15)) {
    return rng.chance(0.5) ? rng.json(3, KEYS) : rng.pick([null, 0, "", [], {}, "x", true]);
  }
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value)
    ? [...value]
    : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const key = keys.length ? rng.pick(keys) : undefined;
  const action = rng.int(0, 3);
  if (action === 0 && key !== undefined) {
    if (Array.isArray(copy)) copy.splice(Number(key), 1);
    else delete copy[key];
  } else if (action === 1) {
    const at = Array.isArray(copy) ? copy.length : rng.pick(KEYS);
    (copy as Record<string, unknown>)[at] = rng.json(3, KEYS);
  } else if (key !== undefined) {
    (copy as Record<string, unknown>)[key] = mutate(rng, (copy as Record<string, unknown>)[key]);
  }
  return copy;
}

/** JSON text for a file: a mutation of a valid config, random JSON, or a damaged text. */
function configText(rng: Prng, valid: unknown): string {
  let value = valid;
  for (let i = rng.int(0, 3); i > 0; i--) value = mutate(rng, value);
  if (rng.chance(0.15)) value = rng.json(4, KEYS);
  let text = JSON.stringify(value, null, rng.chance(0.5) ? 2 : 0) ?? "null";
  if (rng.chance(0.2)) text = text.slice(0, rng.int(0, text.length)); // cut short
  if (rng.chance(0.1)) {
    const at = rng.int(0, text.length);
    text = text.slice(0, at) + rng.text(5) + text.slice(at);
  }
  return text;
}

async function withDirs(fn: (project: string, user: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "nanocoder-fuzz-config-" });
  const project = join(root, "project");
  const user = join(root, "user");
  await Deno.mkdir(project);
  await Deno.mkdir(user);
  try {
    await fn(project, user);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

/** How the cases ended, so a test can check that it saw both. */
type Tally = { loaded: number; refused: number };

/** Loads and selects; a failure must be a ConfigError that names where the problem is. */
async function loadOrExplain(
  opts: Parameters<typeof loadConfig>[0],
  sources: string[],
  tally: Tally,
): Promise<void> {
  let config;
  try {
    config = await loadConfig(opts);
    tally.loaded++;
  } catch (error) {
    tally.refused++;
    assert.ok(error instanceof ConfigError, `not a ConfigError: ${(error as Error)?.stack}`);
    assert.ok(
      sources.some((source) => error.message.includes(source)),
      `the message names none of ${sources.join(", ")}: ${error.message}`,
    );
    return;
  }
  for (const warning of config.warnings ?? []) assert.equal(typeof warning, "string");
  try {
    selectProvider(config, {}, opts.env ?? {});
  } catch (error) {
    assert.ok(error instanceof ConfigError, `not a ConfigError: ${(error as Error)?.stack}`);
    assert.ok(error.message.length > 10, error.message);
  }
}

Deno.test("fuzz: damaged config files load or fail with a ConfigError naming the file", async () => {
  const tally = { loaded: 0, refused: 0 };
  await withDirs(async (project, user) => {
    await forSeeds(300, async (rng) => {
      const files: string[] = [];
      for (const [dir, name] of [[project, "agents.config.json"], [user, "agents.config.json"]]) {
        const path = join(dir, name);
        await Deno.remove(path).catch(() => {});
        if (rng.chance(0.7)) {
          await Deno.writeTextFile(path, configText(rng, rng.pick(VALID)));
          files.push(path);
        }
      }
      const mcp = join(project, ".mcp.json");
      await Deno.remove(mcp).catch(() => {});
      if (rng.chance(0.3)) {
        await Deno.writeTextFile(mcp, configText(rng, MCP_JSON));
        files.push(mcp);
      }
      await loadOrExplain(
        {
          cwd: project,
          userConfigDir: user,
          trusted: rng.chance(0.5),
          env: { OPENROUTER_API_KEY: rng.text(10), BRAVE_API_KEY: "k" },
        },
        files,
        tally,
      );
    });
  });
  assert.ok(tally.loaded > 30 && tally.refused > 30, JSON.stringify(tally));
});

Deno.test("fuzz: NANOCODER_PROVIDERS with any JSON loads or names the variable", async () => {
  const tally = { loaded: 0, refused: 0 };
  await withDirs(async (project, user) => {
    await forSeeds(300, async (rng) => {
      const providers = (VALID[0] as { nanocoder: { providers: unknown } }).nanocoder.providers;
      const text = rng.chance(0.5)
        ? configText(rng, providers)
        : configText(rng, rng.json(3, KEYS));
      await loadOrExplain(
        {
          cwd: project,
          userConfigDir: user,
          env: {
            NANOCODER_PROVIDERS: text,
            ...(rng.chance(0.3) ? { NANOCODER_MCPSERVERS: configText(rng, MCP_JSON) } : {}),
          },
        },
        ["NANOCODER_PROVIDERS", "NANOCODER_MCPSERVERS"],
        tally,
      );
    });
  });
  assert.ok(tally.loaded > 30 && tally.refused > 30, JSON.stringify(tally));
});
