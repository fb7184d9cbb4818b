/**
 * End-to-end: what `run` says when something is off — a provider list given as one
 * object, a model repeating one failing call (and not one trying other arguments).
 */
import assert from "node:assert/strict";
import { type MockTurn, startMockLlm } from "../_helpers/mock_llm.ts";
import { runCli } from "./_cli.ts";

async function withMock(
  turns: MockTurn[],
  fn: (dir: string, url: string) => Promise<void>,
  models?: string[],
) {
  const dir = await Deno.makeTempDir({ prefix: "nanocoder-e2e-msg-" });
  const mock = await startMockLlm({ turns, models });
  try {
    await fn(dir, mock.url);
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("NANOCODER_PROVIDERS holding one provider object says it got an object", async () => {
  await withMock([], async (dir, url) => {
    const provider = JSON.stringify({ name: "local", baseUrl: url, models: ["m"] });
    const result = await runCli(["run", "hi"], {
      cwd: dir,
      env: { NANOCODER_PROVIDERS: provider },
    });
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      'error: Invalid config "NANOCODER_PROVIDERS": (top level): expected an array of ' +
        'providers (a single provider goes in [ ]) or {"providers": [...]}, got an object\n',
    );
  });
});

const read = (path: string): MockTurn => ({
  toolCalls: [{ name: "read_file", arguments: { path } }],
});

Deno.test("a model repeating the same failing call is stopped after three", async () => {
  await withMock([read("gone.ts"), read("gone.ts"), read("gone.ts"), { text: "never" }], async (
    dir,
    url,
  ) => {
    const result = await runCli(["--base-url", url, "--model", "m", "run", "read it"], {
      cwd: dir,
    });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /error: Stopped: the model made the same failing "read_file" call 3 times, with the same arguments/,
    );
  });
});

Deno.test("a model trying other arguments after failures is not stopped", async () => {
  await withMock(
    [read("a.ts"), read("b.ts"), read("c.ts"), read("d.ts"), { text: "None of them exist." }],
    async (dir, url) => {
      const result = await runCli(["--base-url", url, "--model", "m", "run", "find it"], {
        cwd: dir,
      });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "None of them exist.\n");
    },
  );
});

Deno.test("no --model and a server that is down: says it cannot be reached, once", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nanocoder-e2e-msg-" });
  try {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const url = `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}/v1`;
    listener.close();
    const result = await runCli(["--base-url", url, "run", "hi"], { cwd: dir });
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `error: Cannot reach provider "${url}": connection refused ` +
        "(is the server running and the URL right?)\n",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("no --model and a server with several: lists them and says --model once", async () => {
  await withMock([], async (dir, url) => {
    const result = await runCli(["--base-url", url, "run", "hi"], { cwd: dir });
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      'error: No model chosen for provider "custom": pass --model NAME (or list "models" ' +
        "for it in agents.config.json); the server has: big, small\n",
    );
  }, ["big", "small"]);
});

Deno.test("a web page answering instead of the API says so, and what to check", async () => {
  const page = { fault: { status: 200, body: "<html><title>Sign in</title></html>" } };
  await withMock([page], async (dir, url) => {
    const result = await runCli(["--base-url", url, "--model", "m", "run", "hi"], { cwd: dir });
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `error: Provider "${url}" answered with something other than JSON: ` +
        "<html><title>Sign in</title></html> (a proxy or a web page answered, not the API: " +
        "check that the base URL ends in /v1 and points at the API itself)\n",
    );
  });
});
