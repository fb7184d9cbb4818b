/**
 * What the facade gives interactive frontends besides a session: first-run setup
 * (what is missing, writing a provider), trust, preferences, data dirs, project files.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ProviderError } from "../../src/errors.ts";
import { startMockLlm } from "../_helpers/mock_llm.ts";
import {
  appDataDirectory,
  checkTrust,
  listProjectFiles,
  listServerModels,
  readPreferences,
  rememberModel,
  rememberTrust,
  saveProvider,
  setupNeed,
} from "../../src/engine/mod.ts";

/** Runs `fn` in a temp dir with the user's config dir and data dir inside it. */
async function withUserDirs(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-front-" }));
  const saved = ["NANOCODER_CONFIG_DIR", "NANOCODER_DATA_DIR", "NANOCODER_BASE_URL"].map(
    (name) => [name, Deno.env.get(name)] as const,
  );
  Deno.env.set("NANOCODER_CONFIG_DIR", join(dir, "user"));
  Deno.env.set("NANOCODER_DATA_DIR", join(dir, "data"));
  Deno.env.delete("NANOCODER_BASE_URL");
  try {
    await Deno.mkdir(join(dir, "project"));
    await fn(dir);
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) Deno.env.delete(name);
      else Deno.env.set(name, value);
    }
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("setupNeed says what is missing: a provider, a model, or nothing", async () => {
  await withUserDirs(async (dir) => {
    const cwd = join(dir, "project");
    assert.deepEqual(await setupNeed({ cwd }), { kind: "provider" });
    assert.deepEqual(
      await setupNeed({ cwd, baseUrl: "http://127.0.0.1:9/v1", model: "m" }),
      { kind: "none" },
    );
    await saveProvider(
      { name: "local", baseUrl: "http://127.0.0.1:9/v1", models: [] },
      { scope: "user", cwd },
    );
    assert.deepEqual(await setupNeed({ cwd }), { kind: "model", provider: "local" });
  });
});

Deno.test("listServerModels: the server's models, [] without a list, the error when down", async () => {
  await withUserDirs(async (dir) => {
    const cwd = join(dir, "project");
    const mock = await startMockLlm({ turns: [], models: ["big", "small"] });
    try {
      assert.deepEqual(await listServerModels({ cwd, baseUrl: mock.url }), ["big", "small"]);
      // Typed without /v1: the address is what to fix.
      const bare = mock.url.replace(/\/v1$/, "");
      const error = await listServerModels({ cwd, baseUrl: bare }).catch((e) => e);
      assert.ok(error instanceof ProviderError, String(error));
      assert.equal(
        error.message,
        `${bare} lists no models, but ${bare}/v1 does (2): the address should end in /v1`,
      );
    } finally {
      await mock.close();
    }
    // A server without a model list (a proxy's 404 page): the person names the model.
    const noList = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      () => new Response("<html>Not Found</html>", { status: 404 }),
    );
    try {
      const url = `http://127.0.0.1:${noList.addr.port}/v1`;
      assert.deepEqual(await listServerModels({ cwd, baseUrl: url }), []);
    } finally {
      await noList.shutdown();
    }
    // Down: the error says so (setup shows it and asks for the address again).
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const down = `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}/v1`;
    listener.close();
    const error = await listServerModels({ cwd, baseUrl: down }).catch((e) => e);
    assert.ok(error instanceof ProviderError);
    assert.equal(error.code, "unreachable");
    assert.match(error.message, /^Cannot reach provider ".*": connection refused/);
  });
});

Deno.test("saveProvider adds the provider and keeps everything else in the file", async () => {
  await withUserDirs(async (dir) => {
    const cwd = join(dir, "project");
    const path = join(cwd, "agents.config.json");
    await Deno.writeTextFile(
      path,
      JSON.stringify({
        nanocoder: {
          alwaysAllow: ["read_file"],
          providers: [{ name: "old", baseUrl: "http://old/v1", models: ["m"] }],
        },
        other: 1,
      }),
    );
    const written = await saveProvider(
      { name: "ollama", baseUrl: "http://127.0.0.1:11434/v1", models: ["qwen3-coder"] },
      { scope: "project", cwd },
    );
    assert.equal(written, path);
    assert.deepEqual(JSON.parse(await Deno.readTextFile(path)), {
      nanocoder: {
        alwaysAllow: ["read_file"],
        providers: [
          { name: "old", baseUrl: "http://old/v1", models: ["m"] },
          { name: "ollama", baseUrl: "http://127.0.0.1:11434/v1", models: ["qwen3-coder"] },
        ],
      },
      other: 1,
    });
    assert.deepEqual(await setupNeed({ cwd, trustDirectory: true }), { kind: "none" });
  });
});

Deno.test("saveProvider refuses to replace a file that is not valid JSON", async () => {
  await withUserDirs(async (dir) => {
    const cwd = join(dir, "project");
    const path = join(cwd, "agents.config.json");
    await Deno.writeTextFile(path, "{ broken");
    await assert.rejects(
      saveProvider({ name: "a", baseUrl: "http://h/v1", models: [] }, { scope: "project", cwd }),
      /Invalid JSON/,
    );
    assert.equal(await Deno.readTextFile(path), "{ broken");
  });
});

Deno.test("saveProvider makes a file holding a key private to the user", async () => {
  await withUserDirs(async (dir) => {
    const cwd = join(dir, "project");
    const path = await saveProvider(
      { name: "hosted", baseUrl: "https://h/v1", models: ["m"], apiKey: "sk-1" },
      { scope: "user", cwd },
    );
    assert.equal(path, join(dir, "user", "agents.config.json"));
    if (Deno.build.os !== "windows") assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  });
});

Deno.test("trust remembered through the facade counts for the next check", async () => {
  await withUserDirs(async (dir) => {
    const cwd = join(dir, "project");
    assert.deepEqual(await checkTrust(cwd), { trusted: false, source: "none" });
    assert.deepEqual(await checkTrust(cwd, true), { trusted: true, source: "flag" });
    await rememberTrust(cwd);
    assert.deepEqual(await checkTrust(cwd), { trusted: true, source: "store" });
  });
});

Deno.test("rememberModel records the last provider and model in the preferences", async () => {
  await withUserDirs(async (dir) => {
    const cwd = join(dir, "project");
    await rememberModel(cwd, false, "mock", "big-model");
    const prefs = await readPreferences(cwd, false);
    assert.deepEqual(
      [prefs.lastProvider, prefs.lastModel, prefs.providerModels],
      ["mock", "big-model", { mock: "big-model" }],
    );
  });
});

Deno.test("appDataDirectory follows NANOCODER_DATA_DIR", async () => {
  await withUserDirs(async (dir) => {
    assert.equal(await appDataDirectory(), join(dir, "data"));
  });
});

Deno.test("listProjectFiles lists files sorted, without ignored ones", async () => {
  await withUserDirs(async (dir) => {
    const cwd = join(dir, "project");
    await Deno.mkdir(join(cwd, "src"));
    await Deno.mkdir(join(cwd, "node_modules"));
    await Deno.writeTextFile(join(cwd, ".gitignore"), "build/\n");
    await Deno.mkdir(join(cwd, "build"));
    for (const f of ["src/b.ts", "src/a.ts", "README.md", "build/out.js", "node_modules/x.js"]) {
      await Deno.writeTextFile(join(cwd, f), "");
    }
    assert.deepEqual(await listProjectFiles(cwd), [
      ".gitignore",
      "README.md",
      "src/a.ts",
      "src/b.ts",
    ]);
    assert.deepEqual(await listProjectFiles(cwd, { limit: 2 }), [".gitignore", "README.md"]);
  });
});
