/**
 * End to end: with `--debug` (every log line on stderr, requests and responses traced)
 * a secret given in any place nanocoder takes one — config, environment, a provider
 * header, a URL query, `--api-key`, an MCP server's env and headers — appears nowhere:
 * not in the log file, not on stderr, not on stdout.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startMockLlm } from "../_helpers/mock_llm.ts";
import { runCli } from "./_cli.ts";

const SECRETS = {
  env: "envkey-5d1c0e8a9b7f",
  header: "hdrval-73ac91f02e4d",
  query: "qrytok-0b8e6f1d2c3a",
  flag: "flagkey-9e2d4c6b8a1f",
  mcpEnv: "mcpenv-4f6a8c0e2b1d",
  mcpHeader: "mcphdr-1a3c5e7b9d0f",
};

function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

function assertNowhere(where: Record<string, string>, secrets: string[]) {
  for (const [name, text] of Object.entries(where)) {
    for (const secret of secrets) {
      assert.ok(!text.includes(secret), `${secret} appears in ${name}:\n${text}`);
    }
  }
}

Deno.test("--debug shows no secret from config, env, headers, URLs or MCP servers", async () => {
  const mock = await startMockLlm({ models: ["m"], apiKey: SECRETS.env, repeatLast: true });
  const home = await Deno.makeTempDir({ prefix: "nanocoder-redact-" });
  const logFile = join(home, "nanocoder.log");
  try {
    const userDir = join(home, ".config-home", "nanocoder");
    await Deno.mkdir(userDir, { recursive: true });
    await Deno.writeTextFile(
      join(userDir, "agents.config.json"),
      JSON.stringify({
        nanocoder: {
          providers: [{
            name: "mock",
            baseUrl: mock.url,
            apiKey: "${MOCK_KEY}",
            headers: { "X-Org-Id": SECRETS.header },
            models: ["m"],
          }],
          mcpServers: {
            // Prints its env on stderr and exits: its error quotes that stderr.
            leaky: {
              command: "node",
              args: ["-e", "console.error('my setting is ' + process.env.LEAK); process.exit(3)"],
              env: { LEAK: SECRETS.mcpEnv },
            },
            remote: {
              type: "http",
              url: `http://127.0.0.1:${closedPort()}/mcp?token=${SECRETS.query}`,
              headers: { "X-Org-Id": SECRETS.mcpHeader },
            },
          },
        },
      }),
    );
    const env = {
      HOME: home,
      XDG_CONFIG_HOME: join(home, ".config-home"),
      MOCK_KEY: SECRETS.env,
      NANOCODER_LOG_FILE: logFile,
    };
    // A run that lets the MCP servers start (one turn with a tool call, then the answer).
    mock.enqueue(
      { toolCalls: [{ name: "list_directory", arguments: { path: "." } }] },
      { text: "done" },
    );
    const run = await runCli(["--debug", "run", "look around"], { cwd: home, env });
    assert.equal(run.code, 0, run.stderr);
    const doctor = await runCli(["--debug", "doctor"], { cwd: home, env });
    const log = await Deno.readTextFile(logFile);
    // The places secrets would have been: the traced request, the MCP servers' errors.
    assert.match(log, /"event":"http_request".*"authorization":"\[REDACTED\]"/);
    assert.match(
      log,
      /"event":"mcp_state",.*"server":"leaky","state":"failed".*my setting is \[REDACTED\]/,
    );
    assert.match(doctor.stdout, /token=\[REDACTED\]/);
    assertNowhere(
      {
        log,
        runStdout: run.stdout,
        runStderr: run.stderr,
        doctorOut: doctor.stdout,
        doctorErr: doctor.stderr,
      },
      Object.values(SECRETS),
    );
  } finally {
    await mock.close();
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("--debug shows no --api-key, also when the server quotes it in an error", async () => {
  // A server that echoes the key it rejects, whole (some proxies do).
  const mock = await startMockLlm({
    models: ["m"],
    turns: [{
      fault: { status: 401, body: { error: { message: `Invalid key "${SECRETS.flag}"` } } },
    }],
  });
  const home = await Deno.makeTempDir({ prefix: "nanocoder-redact-" });
  try {
    const logFile = join(home, "nanocoder.log");
    const args = ["--debug", "--base-url", mock.url, "--api-key", SECRETS.flag, "--model", "m"];
    const run = await runCli([...args, "run", "hi"], {
      cwd: home,
      env: { NANOCODER_LOG_FILE: logFile },
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /rejected the request \(401\): Invalid key "\[REDACTED\]"/);
    const log = await Deno.readTextFile(logFile);
    assert.match(log, /"event":"provider_error".*"code":"unauthorized"/);
    assertNowhere({ log, stdout: run.stdout, stderr: run.stderr }, [SECRETS.flag]);
  } finally {
    await mock.close();
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("the help shown when nothing is configured keeps its placeholders (not redacted)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nanocoder-redact-" });
  try {
    // Network only to a closed port: the local servers' default ports never answer.
    const permissions = ["--allow-read", "--allow-write", "--allow-env", "--allow-run"];
    const result = await runCli(["run", "hi"], {
      cwd: dir,
      permissions: [...permissions, "--allow-sys", `--allow-net=127.0.0.1:${closedPort()}`],
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /No provider is configured and no local model server answered/);
    assert.match(
      result.stderr,
      / {2}NANOCODER_BASE_URL=\.\.\. NANOCODER_MODEL=\.\.\. \[NANOCODER_API_KEY=\.\.\.\] nanocoder run/,
    );
    assert.match(result.stderr, /--model MODEL \[--api-key KEY\] run/);
    assert.doesNotMatch(result.stderr, /REDACTED/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
