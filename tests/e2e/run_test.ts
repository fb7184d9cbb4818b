/**
 * End-to-end: the real CLI in `run` mode against the mock OpenAI-compatible server,
 * in a temp project, as a user or a CI job would run it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type MockTurn, startMockLlm } from "../_helpers/mock_llm.ts";
import { cliCommand, jsonLines, runCli } from "./_cli.ts";

async function withProject(
  turns: MockTurn[],
  fn: (
    ctx: { dir: string; url: string; mock: Awaited<ReturnType<typeof startMockLlm>> },
  ) => Promise<void>,
  models?: string[],
) {
  const dir = await Deno.makeTempDir({ prefix: "nanocoder-e2e-" });
  const mock = await startMockLlm({ turns, models });
  try {
    await fn({ dir, url: mock.url, mock });
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const base = (
  url: string,
  ...rest: string[]
) => ["--base-url", url, "--model", "test-model", ...rest];

Deno.test("run prints the model's answer on stdout and exits 0", async () => {
  await withProject([{ text: "The answer is 42." }], async ({ dir, url, mock }) => {
    const result = await runCli(base(url, "run", "what is the answer?"), { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "The answer is 42.\n");
    const body = mock.chatRequests()[0].body;
    assert.equal(body.model, "test-model");
    assert.equal(body.stream, true);
    assert.equal(body.messages.at(-1).content, "what is the answer?");
    assert.match(body.messages[0].content, /Working directory: /);
  });
});

Deno.test("run creates a file through a native tool call", async () => {
  await withProject([
    {
      toolCalls: [{
        name: "create_file",
        arguments: { path: "src/hello.ts", content: "export const hi = 1;\n" },
      }],
    },
    { text: "Created src/hello.ts." },
  ], async ({ dir, url, mock }) => {
    const result = await runCli(base(url, "run", "create hello"), { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await Deno.readTextFile(join(dir, "src/hello.ts")), "export const hi = 1;\n");
    assert.match(result.stderr, /● create_file\(path: "src\/hello.ts"/);
    assert.equal(result.stdout, "Created src/hello.ts.\n");
    const second = mock.chatRequests()[1].body.messages;
    assert.equal(second.at(-1).role, "tool");
  });
});

Deno.test("run reads then edits a file and reports it in the JSON result", async () => {
  await withProject([
    { toolCalls: [{ name: "read_file", arguments: { path: "cli.ts" } }] },
    {
      toolCalls: [{
        name: "string_replace",
        arguments: {
          path: "cli.ts",
          old_str: "const verbose = false;",
          new_str: 'const verbose = Deno.args.includes("--verbose");',
        },
      }],
    },
    { text: "Added --verbose." },
  ], async ({ dir, url }) => {
    await Deno.writeTextFile(
      join(dir, "cli.ts"),
      "const verbose = false;\nconsole.log(verbose);\n",
    );
    const result = await runCli(
      base(url, "--output-format", "json", "run", "add a --verbose flag"),
      {
        cwd: dir,
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      await Deno.readTextFile(join(dir, "cli.ts")),
      'const verbose = Deno.args.includes("--verbose");\nconsole.log(verbose);\n',
    );
    const final = JSON.parse(result.stdout);
    assert.equal(final.kind, "result");
    assert.equal(final.exitCode, 0);
    assert.equal(final.finalText, "Added --verbose.");
    assert.deepEqual(final.filesChanged, ["cli.ts"]);
    assert.deepEqual(final.toolCalls.map((c: { name: string; ok: boolean }) => [c.name, c.ok]), [
      ["read_file", true],
      ["string_replace", true],
    ]);
  });
});

Deno.test("run retries a 429 with retry-after and then succeeds", async () => {
  await withProject([
    { fault: { status: 429, retryAfter: "0" } },
    { text: "after the rate limit" },
  ], async ({ dir, url, mock }) => {
    const result = await runCli(base(url, "run", "hi"), { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "after the rate limit\n");
    assert.match(result.stderr, /\[retry 1 in /);
    assert.equal(mock.chatRequests().length, 2);
  });
});

Deno.test("run recovers from a connection dropped before headers", async () => {
  await withProject([
    { fault: "drop_before_headers" },
    { text: "second try" },
  ], async ({ dir, url }) => {
    const result = await runCli(base(url, "run", "hi"), { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "second try\n");
  });
});

Deno.test("a stream dropped mid-way is re-requested and its tool call runs once", async () => {
  const call = { name: "create_file", arguments: { path: "once.txt", content: "x\n" } };
  await withProject([
    {
      text: "Creating the file now, please wait while I",
      toolCalls: [call],
      fault: "drop_mid_stream",
    },
    { text: "Creating the file.", toolCalls: [call] },
    { text: "Done." },
  ], async ({ dir, url }) => {
    const result = await runCli(
      base(url, "--output-format", "stream-json", "run", "make once.txt"),
      {
        cwd: dir,
      },
    );
    assert.equal(result.code, 0, result.stderr);
    const events = jsonLines(result.stdout);
    assert.ok(events.some((e) => e.type === "turn_restart"));
    const ended = events.filter((e) => e.type === "tool_call_ended");
    assert.equal(ended.length, 1);
    assert.equal(ended[0].ok, true);
    assert.equal(await Deno.readTextFile(join(dir, "once.txt")), "x\n");
    assert.equal(events.at(-1)?.kind, "result");
  });
});

Deno.test("an unknown model fails with exit 1 and the models the server has", async () => {
  await withProject([{ text: "never" }], async ({ dir, url }) => {
    const result = await runCli(["--base-url", url, "--model", "no-such-model", "run", "hi"], {
      cwd: dir,
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /no-such-model/);
    assert.match(result.stderr, /qwen3-coder/);
  }, ["qwen3-coder", "llama3.2"]);
});

Deno.test("a server that is down fails with exit 1 and says it cannot be reached", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    listener.close();
    const result = await runCli([
      "--base-url",
      `http://127.0.0.1:${port}/v1`,
      "--model",
      "m",
      "run",
      "hi",
    ], {
      cwd: dir,
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`Cannot reach provider "http://127.0.0.1:${port}/v1"`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("malformed tool arguments are answered with an error and the model corrects them", async () => {
  await withProject([
    { toolCalls: [{ name: "create_file", arguments: '{"path": 7, "content": }' }] },
    { toolCalls: [{ name: "create_file", arguments: { path: "fixed.txt", content: "ok\n" } }] },
    { text: "Fixed it." },
  ], async ({ dir, url, mock }) => {
    const result = await runCli(base(url, "--output-format", "json", "run", "write it"), {
      cwd: dir,
    });
    assert.equal(result.code, 0, result.stderr);
    const final = JSON.parse(result.stdout);
    assert.deepEqual(final.toolCalls.map((c: { ok: boolean }) => c.ok), [false, true]);
    const errorSent = mock.chatRequests()[1].body.messages.at(-1);
    assert.equal(errorSent.role, "tool");
    assert.match(errorSent.content, /^Error: /);
    assert.equal(await Deno.readTextFile(join(dir, "fixed.txt")), "ok\n");
  });
});

Deno.test("Ctrl+C mid-stream cancels the run and exits 130", async () => {
  const long = "word ".repeat(400);
  await withProject([{ text: long, chunkSize: 5, delayMs: 20 }], async ({ dir, url, mock }) => {
    const child = cliCommand(base(url, "run", "talk"), { cwd: dir }).spawn();
    // The answer is streaming (the mock sends it over 1.6 s) once its request arrived.
    while (mock.chatRequests().length === 0) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    child.kill("SIGINT");
    const [status, stdout] = await Promise.all([
      child.status,
      new Response(child.stdout).text(),
      child.stderr.cancel(),
    ]);
    assert.equal(status.code, 130);
    // A piped stdout gets complete messages only: the cancelled one is not an answer.
    assert.equal(stdout, "");
  });
});

Deno.test("the turn limit stops a looping model with exit 1", async () => {
  const loop: MockTurn = { toolCalls: [{ name: "list_directory", arguments: {} }] };
  await withProject([loop, loop, loop], async ({ dir, url }) => {
    const result = await runCli(base(url, "--max-turns", "2", "run", "loop"), { cwd: dir });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Stopped after 2 model turns/);
  });
});

Deno.test("a broken config file stops with its path and exit 1, writing nothing", async () => {
  await withProject([{ text: "never" }], async ({ dir, url, mock }) => {
    await Deno.writeTextFile(join(dir, "agents.config.json"), '{"nanocoder": {"providers": [}');
    const result = await runCli(base(url, "run", "hi"), { cwd: dir });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /agents\.config\.json/);
    assert.equal(mock.chatRequests().length, 0);
  });
});

Deno.test("a setup error in --json mode prints the same final object as a run", async () => {
  await withProject([{ text: "never" }], async ({ dir, url }) => {
    await Deno.writeTextFile(join(dir, "agents.config.json"), '{"nanocoder": {"providers": [}');
    const result = await runCli(base(url, "--json", "run", "hi"), { cwd: dir });
    assert.equal(result.code, 1);
    const [final] = jsonLines(result.stdout);
    assert.deepEqual(Object.keys(final).sort(), [
      "context",
      "errors",
      "exitCode",
      "filesChanged",
      "finalText",
      "kind",
      "model",
      "provider",
      "reason",
      "reasoning",
      "toolCalls",
      "usage",
    ]);
    assert.equal(final.model, "test-model");
    assert.equal(final.reason, "error");
    assert.match(String((final.errors as string[])[0]), /agents\.config\.json/);
  });
});

Deno.test("a usage error exits 2", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const result = await runCli(["--mode", "reckless", "run", "hi"], { cwd: dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /reckless/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("run works under narrow permissions: file tools in the project, no shell", async () => {
  await withProject([
    {
      toolCalls: [
        { name: "create_file", arguments: { path: "ok.txt", content: "inside\n" } },
        { name: "read_file", arguments: { path: "../outside.txt" } },
        { name: "execute_bash", arguments: { command: "echo hi" } },
      ],
    },
    { text: "Done what I could." },
  ], async ({ dir, url, mock }) => {
    const host = new URL(url).host;
    const result = await runCli(
      base(url, "--mode", "yolo", "--output-format", "json", "run", "write and run"),
      {
        cwd: dir,
        permissions: [
          `--allow-read=${dir}`,
          `--allow-write=${dir}`,
          `--allow-net=${host}`,
          "--allow-env",
        ],
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await Deno.readTextFile(join(dir, "ok.txt")), "inside\n");
    const final = JSON.parse(result.stdout);
    assert.deepEqual(final.toolCalls.map((c: { name: string; ok: boolean }) => [c.name, c.ok]), [
      ["create_file", true],
      ["read_file", false],
      ["execute_bash", false],
    ]);
    const [first, second] = mock.chatRequests().map((r) => r.body);
    const offered = first.tools.map((t: { function: { name: string } }) => t.function.name);
    assert.ok(offered.includes("create_file") && !offered.includes("execute_bash"));
    assert.match(first.messages[0].content, /execute_bash: Needs permission to run "bash"/);
    const results = second.messages.filter((m: { role: string }) => m.role === "tool");
    assert.match(results[1].content, /outside the project directory/);
    assert.match(results[2].content, /disabled: Needs permission to run "bash"/);
  });
});

Deno.test("a local model's tool call written as text runs like a native one", async () => {
  const qwen =
    "I'll create it.\n<tool_call>\n<function=create_file>\n<parameter=path>\nnotes.md\n" +
    "</parameter>\n<parameter=content>\n# Notes\n\n</parameter>\n</function>\n</tool_call>";
  await withProject([{ text: qwen }, { text: "Created notes.md." }], async ({ dir, url, mock }) => {
    const result = await runCli(base(url, "--tool-calling", "xml", "run", "make notes"), {
      cwd: dir,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await Deno.readTextFile(join(dir, "notes.md")), "# Notes\n");
    // The markup is not shown; the result goes back as a user message the model understands,
    // in the wrapper Qwen models are trained on.
    assert.equal(result.stdout, "I'll create it.\nCreated notes.md.\n");
    const [first, second] = mock.chatRequests().map((r) => r.body);
    assert.equal(first.tools, undefined);
    assert.match(first.messages[0].content, /<create_file>/);
    assert.equal(second.messages.at(-1).role, "user");
    assert.match(second.messages.at(-1).content, /^<tool_response>/);
  });
});
