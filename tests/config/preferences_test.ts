/** `nanocoder-preferences.json` (issue #19), read and written as Nanocoder does. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadPreferences, readPreferences, recordLastUsed } from "../../src/config/preferences.ts";
import { workspace } from "./_workspace.ts";

Deno.test("readPreferences() types Nanocoder's fields, drops wrong ones with a warning, keeps unknown ones", async () => {
  await using ws = await workspace();
  const path = await ws.write("user", "nanocoder-preferences.json", {
    lastProvider: "openrouter",
    lastModel: "z-ai/glm-4.6",
    providerModels: { openrouter: "z-ai/glm-4.6" },
    selectedTheme: "tokyo-night",
    alternateScreen: "yes",
    trustedDirectories: ["/a", 3],
    nanocoder: { paste: { singleLineThreshold: 1200 } },
    futureThing: true,
  });
  assert.deepEqual(await readPreferences(path), {
    preferences: {
      lastProvider: "openrouter",
      lastModel: "z-ai/glm-4.6",
      providerModels: { openrouter: "z-ai/glm-4.6" },
      selectedTheme: "tokyo-night",
      nanocoder: { paste: { singleLineThreshold: 1200 } },
      futureThing: true,
    },
    warnings: [
      `Ignored "alternateScreen" in "${path}": expected true or false`,
      `Ignored "trustedDirectories" in "${path}": expected an array of strings`,
    ],
    found: true,
  });
  assert.deepEqual(await readPreferences(join(ws.user, "none.json")), {
    preferences: {},
    warnings: [],
  });
});

Deno.test("loadPreferences() uses a trusted project's own file, but trust only from the user's", async () => {
  await using ws = await workspace();
  await ws.write("user", "nanocoder-preferences.json", {
    lastProvider: "user-provider",
    trustedDirectories: [ws.project],
  });
  const projectFile = await ws.write("project", "nanocoder-preferences.json", {
    lastProvider: "project-provider",
    trustedDirectories: ["/"],
  });
  const options = { cwd: ws.project, env: {}, userConfigDir: ws.user };
  assert.deepEqual(await loadPreferences({ ...options, trusted: true }), {
    path: projectFile,
    preferences: { lastProvider: "project-provider", trustedDirectories: [ws.project] },
    warnings: [],
  });
  const untrusted = await loadPreferences({ ...options, trusted: false });
  assert.equal(untrusted.path, join(ws.user, "nanocoder-preferences.json"));
  assert.equal(untrusted.preferences.lastProvider, "user-provider");
  // NANOCODER_CONFIG_DIR means the user's file only, as in Nanocoder.
  const explicit = await loadPreferences({
    ...options,
    env: { NANOCODER_CONFIG_DIR: ws.user },
    trusted: true,
  });
  assert.equal(explicit.preferences.lastProvider, "user-provider");
});

Deno.test("recordLastUsed() remembers the provider, the model and the model per provider", async () => {
  await using ws = await workspace();
  const path = join(ws.user, "sub", "nanocoder-preferences.json");
  await recordLastUsed(path, "ollama", "qwen3-coder");
  await recordLastUsed(path, "openrouter", "z-ai/glm-4.6");
  assert.deepEqual(JSON.parse(await Deno.readTextFile(path)), {
    lastProvider: "openrouter",
    lastModel: "z-ai/glm-4.6",
    providerModels: { ollama: "qwen3-coder", openrouter: "z-ai/glm-4.6" },
  });
});
