/**
 * End to end: `--allow-read` narrowed to the project (the CI profile) leaves the user's
 * config dir out on purpose. A run says nothing about it when it works, and names it
 * (with the flag) when no provider can be chosen without it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startMockLlm } from "../_helpers/mock_llm.ts";
import { runCli } from "./_cli.ts";

async function withHome(fn: (home: string, project: string, userDir: string) => Promise<void>) {
  const home = await Deno.makeTempDir({ prefix: "nanocoder-narrow-" });
  const project = join(home, "project");
  const userDir = join(home, ".config-home", "nanocoder");
  await Deno.mkdir(project, { recursive: true });
  await Deno.mkdir(userDir, { recursive: true });
  await Deno.writeTextFile(
    join(userDir, "agents.config.json"),
    JSON.stringify({ nanocoder: { providers: [] } }),
  );
  try {
    await fn(home, project, userDir);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

/** The user's config dir under `home`, outside the project. */
const homeEnv = (home: string) => ({ HOME: home, XDG_CONFIG_HOME: join(home, ".config-home") });

Deno.test("run under --allow-read=<project> prints no warning about the user config dir", async () => {
  const mock = await startMockLlm({ models: ["m"], turns: [{ text: "done" }] });
  try {
    await withHome(async (home, project) => {
      const result = await runCli(["--base-url", mock.url, "--model", "m", "run", "hi"], {
        cwd: project,
        env: homeEnv(home),
        permissions: [
          `--allow-read=${project}`,
          `--allow-write=${project}`,
          "--allow-env",
          `--allow-net=${new URL(mock.url).host}`,
        ],
      });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "done\n");
      // Nothing about the config dir (the sessions store says it is off: its own decision).
      assert.doesNotMatch(result.stderr, /\.config-home|preferences|Skipped config/);
      assert.ok(result.stderr.split("\n").filter(Boolean).length <= 1, result.stderr);
    });
  } finally {
    await mock.close();
  }
});

Deno.test("with no provider, the error names the user config dir --allow-read left out", async () => {
  await withHome(async (home, project, userDir) => {
    const result = await runCli(["--provider", "mine", "run", "hi"], {
      cwd: project,
      env: homeEnv(home),
      permissions: [`--allow-read=${project}`, `--allow-write=${project}`, "--allow-env"],
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error: Unknown provider "mine": no providers are configured/);
    assert.ok(
      result.stderr.endsWith(
        `\nYour config dir "${userDir}" was not read: --allow-read does not include it ` +
          `(add it: --allow-read=${project},${userDir})\n`,
      ),
      result.stderr,
    );
  });
});
