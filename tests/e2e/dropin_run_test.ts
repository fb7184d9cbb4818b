/**
 * Nanocoder's settings as `run` honours them, through the real CLI: the key kept in the
 * project's `.env` reaches the server, `alwaysAllow` runs a tool unasked in normal mode,
 * `disabledTools` are not offered, `NANOCODER_MAX_TURNS` over `headless.maxTurns` stop
 * the run, `NANOCODER_CONTEXT_LIMIT` sets the window, and `defaultMode` leaves `run` in
 * auto-accept as in Nanocoder.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type MockTurn, startMockLlm } from "../_helpers/mock_llm.ts";
import { jsonLines, runCli } from "./_cli.ts";

/** A temp project with the user's config (HOME is the temp dir) and project files. */
async function project(
  user: Record<string, unknown>,
  files: Record<string, string> = {},
): Promise<string & AsyncDisposable> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-e2e-dropin-" }));
  const configDir = join(dir, ".config-home", "nanocoder");
  await Deno.mkdir(configDir, { recursive: true });
  await Deno.writeTextFile(join(configDir, "agents.config.json"), JSON.stringify(user));
  for (const [name, text] of Object.entries(files)) await Deno.writeTextFile(join(dir, name), text);
  return Object.assign(dir, {
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  }) as string & AsyncDisposable;
}

async function withMock<T>(
  turns: MockTurn[],
  fn: (url: string, mock: Awaited<ReturnType<typeof startMockLlm>>) => Promise<T>,
) {
  const mock = await startMockLlm({ turns });
  try {
    return await fn(mock.url, mock);
  } finally {
    await mock.close();
  }
}

const provider = (url: string, extra: Record<string, unknown> = {}) => ({
  name: "local",
  baseUrl: url,
  models: ["m"],
  ...extra,
});

Deno.test("a key kept in the project's .env reaches the server, trusted or not", async () => {
  await withMock([{ text: "a" }, { text: "b" }], async (url, mock) => {
    await using dir = await project(
      { nanocoder: { providers: [provider(url, { apiKey: "${MY_PROVIDER_KEY}" })] } },
      { ".env": "MY_PROVIDER_KEY=key-from-dotenv\n" },
    );
    const untrusted = await runCli(["run", "hi"], { cwd: String(dir) });
    assert.equal(untrusted.code, 0, untrusted.stderr);
    const trusted = await runCli(["--trust-directory", "run", "hi"], { cwd: String(dir) });
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.deepEqual(
      mock.chatRequests().map((r) => r.headers.get("authorization")),
      ["Bearer key-from-dotenv", "Bearer key-from-dotenv"],
    );
  });
});

Deno.test("top-level alwaysAllow runs the tool unasked in run's normal mode", async () => {
  const call = { toolCalls: [{ name: "execute_bash", arguments: { command: "echo unasked" } }] };
  await withMock([call, { text: "done" }, call, { text: "done" }], async (url, mock) => {
    await using dir = await project({
      nanocoder: { providers: [provider(url)], alwaysAllow: ["execute_bash"] },
    });
    const ended = async () => {
      const out = await runCli(
        ["--mode", "normal", "--output-format", "stream-json", "run", "go"],
        {
          cwd: String(dir),
        },
      );
      return jsonLines(out.stdout).find((e) => e.type === "tool_call_ended");
    };
    const allowed = await ended();
    assert.equal(allowed?.outcome, "ok");
    assert.match(String(allowed?.result), /unasked/);
    // The control: the same call without alwaysAllow is refused in normal mode.
    await Deno.writeTextFile(
      join(String(dir), ".config-home", "nanocoder", "agents.config.json"),
      JSON.stringify({ nanocoder: { providers: [provider(url)] } }),
    );
    assert.equal((await ended())?.outcome, "denied");
    assert.equal(mock.chatRequests().length, 4);
  });
});

Deno.test("disabledTools are not offered in run, Nanocoder's names included", async () => {
  await withMock([{ text: "ok" }], async (url, mock) => {
    await using dir = await project({
      nanocoder: { providers: [provider(url)], disabledTools: ["execute_bash", "write_file"] },
    });
    const result = await runCli(["run", "hi"], { cwd: String(dir) });
    assert.equal(result.code, 0, result.stderr);
    const offered = mock.chatRequests()[0].body.tools.map((t: { function: { name: string } }) =>
      t.function.name
    );
    assert.ok(offered.includes("read_file"));
    for (const off of ["execute_bash", "create_file"]) assert.ok(!offered.includes(off), off);
  });
});

Deno.test("NANOCODER_MAX_TURNS over headless.maxTurns stops the run at its turn", async () => {
  const loop = { toolCalls: [{ name: "list_directory", arguments: {} }] };
  await withMock([], async (url, mock) => {
    mock.enqueue(loop, loop, loop, loop, loop);
    await using dir = await project({
      nanocoder: { providers: [provider(url)], headless: { maxTurns: 3 } },
    });
    const byConfig = await runCli(["run", "look"], { cwd: String(dir) });
    assert.equal(byConfig.code, 1);
    assert.match(byConfig.stderr, /Stopped after 3 model turns/);
    const byEnv = await runCli(["run", "look"], {
      cwd: String(dir),
      env: { NANOCODER_MAX_TURNS: "2" },
    });
    assert.match(byEnv.stderr, /Stopped after 2 model turns/);
    assert.equal(mock.chatRequests().length, 5);
  });
});

Deno.test("NANOCODER_CONTEXT_LIMIT sets the window; defaultMode leaves run in auto-accept", async () => {
  await withMock([{ text: "ok" }], async (url) => {
    await using dir = await project({
      nanocoder: { providers: [provider(url)], defaultMode: "plan" },
    });
    const result = await runCli(["--output-format", "stream-json", "run", "hi"], {
      cwd: String(dir),
      env: { NANOCODER_CONTEXT_LIMIT: "24000" },
    });
    const configured = jsonLines(result.stdout).find((e) => e.type === "session_configured");
    assert.deepEqual([configured?.contextMax, configured?.mode], [24000, "auto-accept"]);
  });
});

Deno.test("a websocket MCP server in .mcp.json is skipped with a warning; the run goes on", async () => {
  await withMock([{ text: "ran" }], async (url) => {
    await using dir = await project({ nanocoder: { providers: [provider(url)] } }, {
      ".mcp.json": JSON.stringify({
        mcpServers: {
          "realtime-data": { transport: "websocket", url: "wss://api.example.com/mcp" },
        },
      }),
    });
    const result = await runCli(["--trust-directory", "run", "hi"], { cwd: String(dir) });
    assert.deepEqual([result.code, result.stdout], [0, "ran\n"], result.stderr);
    assert.match(result.stderr, /Skipped MCP server "realtime-data": the websocket transport/);
  });
});
