/**
 * The compiled binary (`deno task compile`) answers --version and completes a `run`
 * against the mock server. `deno compile` downloads its `denort` runtime from
 * dl.deno.land, which this project's build machines cannot reach, so the test runs only
 * where that is possible: set NANOCODER_TEST_COMPILE=1 (the release workflow does).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startMockLlm } from "../_helpers/mock_llm.ts";
import { isolatedEnv } from "../_helpers/isolated_env.ts";
import { ROOT } from "./_cli.ts";

const enabled = Deno.env.get("NANOCODER_TEST_COMPILE") === "1";

Deno.test({
  name: "the compiled binary runs a prompt against an OpenAI-compatible server",
  ignore: !enabled,
  // Skipped here: `deno compile` needs denort from dl.deno.land (set NANOCODER_TEST_COMPILE=1).
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "nanocoder-compile-" });
    const binary = join(dir, Deno.build.os === "windows" ? "nanocoder.exe" : "nanocoder");
    const mock = await startMockLlm({ turns: [{ text: "compiled hello" }] });
    try {
      const build = await new Deno.Command(Deno.execPath(), {
        args: ["task", "compile", "--output", binary],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(build.code, 0, new TextDecoder().decode(build.stderr));
      const version = await new Deno.Command(binary, { args: ["--version"], stdout: "piped" })
        .output();
      assert.match(new TextDecoder().decode(version.stdout), /^\d+\.\d+\.\d+\n$/);
      const run = await new Deno.Command(binary, {
        args: ["--base-url", mock.url, "--model", "m", "run", "hi"],
        cwd: dir,
        env: isolatedEnv(dir),
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
      assert.equal(new TextDecoder().decode(run.stdout), "compiled hello\n");
    } finally {
      await mock.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
