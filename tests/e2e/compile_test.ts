/**
 * The compiled binary answers --version and completes a `run` with a tool call against
 * the mock server. The release workflow points NANOCODER_TEST_BINARY at each binary it
 * built; otherwise the test compiles one with `deno task compile`, which needs the
 * `denort` runtime from dl.deno.land (or Deno's cache of it): where that cannot be had,
 * the test is skipped and its name says why.
 */
import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { startMockLlm } from "../_helpers/mock_llm.ts";
import { isolatedEnv } from "../_helpers/isolated_env.ts";
import { ROOT } from "./_cli.ts";

const given = Deno.env.get("NANOCODER_TEST_BINARY");
const unavailable = given ? undefined : await denortUnavailable();

/** Why `deno compile` cannot get denort here, or undefined when it can. */
async function denortUnavailable(): Promise<string | undefined> {
  const arch = Deno.build.arch === "aarch64" ? "aarch64" : "x86_64";
  const os = { linux: "unknown-linux-gnu", darwin: "apple-darwin", windows: "pc-windows-msvc" }[
    Deno.build.os as string
  ];
  const zip = `denort-${arch}-${os}.zip`;
  const cache = Deno.env.get("DENO_DIR") ??
    join(Deno.env.get("XDG_CACHE_HOME") ?? join(Deno.env.get("HOME") ?? "", ".cache"), "deno");
  try {
    await Deno.stat(join(cache, "dl", "release", `v${Deno.version.deno}`, zip));
    return undefined; // cached by an earlier compile
  } catch {
    // not cached: can it be downloaded?
  }
  const url = `https://dl.deno.land/release/v${Deno.version.deno}/${zip}`;
  try {
    const response = await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(5000) });
    await response.body?.cancel();
    return response.ok ? undefined : `${url} answered ${response.status}`;
  } catch (error) {
    const cause = (error as Error).cause instanceof Error ? (error as Error).cause as Error : error;
    return `${url} cannot be reached (${(cause as Error).message.split("\n")[0]})`;
  }
}

Deno.test({
  name: "the compiled binary answers --version and runs a prompt with a tool call" +
    (unavailable ? ` [skipped: deno compile needs denort: ${unavailable}]` : ""),
  ignore: unavailable !== undefined,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "nanocoder-compile-" });
    const mock = await startMockLlm({
      turns: [
        { toolCalls: [{ name: "create_file", arguments: { path: "hi.txt", content: "hi\n" } }] },
        { text: "compiled hello" },
      ],
    });
    try {
      const binary = given
        ? resolve(given)
        : join(dir, Deno.build.os === "windows" ? "nanocoder.exe" : "nanocoder");
      if (!given) {
        const build = await new Deno.Command(Deno.execPath(), {
          args: ["task", "compile", "--output", binary],
          cwd: ROOT,
          stdout: "piped",
          stderr: "piped",
        }).output();
        assert.equal(build.code, 0, new TextDecoder().decode(build.stderr));
      }
      const project = join(dir, "project");
      await Deno.mkdir(project);
      const version = await new Deno.Command(binary, { args: ["--version"], stdout: "piped" })
        .output();
      assert.match(new TextDecoder().decode(version.stdout), /^\d+\.\d+\.\d+\n$/);
      const run = await new Deno.Command(binary, {
        args: ["--base-url", mock.url, "--model", "m", "run", "say hi in hi.txt"],
        cwd: project,
        env: isolatedEnv(dir),
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
      assert.equal(new TextDecoder().decode(run.stdout), "compiled hello\n");
      assert.equal(await Deno.readTextFile(join(project, "hi.txt")), "hi\n");
    } finally {
      await mock.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
