/**
 * Nanocoder's command line as its users and scripts write it: `--version` printing the
 * bare version, its CI example `nanocoder --plain run …`, flags after `run`, the
 * rendering flags accepted, and what is not built here stopping with a message.
 */
import assert from "node:assert/strict";
import { startMockLlm } from "../_helpers/mock_llm.ts";
import { runCli } from "./_cli.ts";
import { ROOT } from "./_cli.ts";
import { join } from "node:path";

async function inTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "nanocoder-e2e-flags-" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const VERSION = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json"))).version;

Deno.test("--version and -v print the bare version, as Nanocoder does, anywhere in argv", async () => {
  await inTemp(async (cwd) => {
    for (const args of [["--version"], ["-v"], ["run", "--version"]]) {
      const result = await runCli(args, { cwd });
      assert.deepEqual([result.code, result.stdout], [0, `${VERSION}\n`], args.join(" "));
    }
  });
});

Deno.test("Nanocoder's CI example `nanocoder --plain run …` runs, flags after run too", async () => {
  const mock = await startMockLlm({ turns: [{ text: "plain answer" }, { text: "json answer" }] });
  try {
    await inTemp(async (cwd) => {
      const plain = await runCli(
        ["--plain", "run", "--base-url", mock.url, "--model", "m", "say", "hi"],
        { cwd },
      );
      assert.deepEqual([plain.code, plain.stdout], [0, "plain answer\n"], plain.stderr);
      assert.equal(mock.chatRequests()[0].body.messages.at(-1).content, "say hi");
      const json = await runCli(
        ["--plain", "--json", "run", "--base-url", mock.url, "--model", "m", "go"],
        { cwd },
      );
      assert.equal(json.code, 0, json.stderr);
      assert.equal(JSON.parse(json.stdout).finalText, "json answer");
    });
  } finally {
    await mock.close();
  }
});

Deno.test("--no-plain with run says it changes nothing; the alt-screen flags are accepted", async () => {
  const mock = await startMockLlm({ turns: [{ text: "ok" }] });
  try {
    await inTemp(async (cwd) => {
      const result = await runCli(
        ["--no-plain", "--alt-screen", "--no-alt-screen", "run", "--base-url", mock.url, "hi"],
        { cwd, env: { NANOCODER_MODEL: "m" } },
      );
      assert.equal(result.code, 0, result.stderr);
      assert.match(
        result.stderr,
        /--no-plain changes nothing here: `run` always prints plain text/,
      );
    });
  } finally {
    await mock.close();
  }
});

Deno.test("Nanocoder's invalid combinations and what is not built here exit with a message", async () => {
  await inTemp(async (cwd) => {
    const cases: [string[], RegExp][] = [
      [["--plain", "--no-plain", "run", "x"], /Cannot pass both --plain and --no-plain\./],
      [["--vscode", "run", "x"], /--vscode .* is not part of this version: .* --acp/],
      [["--vscode-port", "5000"], /--vscode .* is not part of this version/],
      [["daemon", "start"], /`nanocoder daemon` .* is not part of this version/],
      [["copilot", "login"], /`nanocoder copilot login` is not part of this version/],
      [["codex", "login", "ChatGPT"], /`nanocoder codex login` is not part of this version/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, { cwd });
      assert.equal(result.code, 2, args.join(" "));
      assert.match(result.stderr, message);
    }
  });
});
