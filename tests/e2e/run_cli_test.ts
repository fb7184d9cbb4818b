/**
 * End-to-end: the `run` command line as people type it — help, typos, `-p`, prompts and
 * context from stdin, empty prompts — and what its output promises: stdout without the
 * fragment of a re-requested stream, a cut-off answer reported, the run's whole usage.
 */
import assert from "node:assert/strict";
import { type MockLlm, type MockTurn, startMockLlm } from "../_helpers/mock_llm.ts";
import { cliCommand, type CliResult, runCli } from "./_cli.ts";
import { MAX_STDIN_BYTES } from "../../src/cli/run_input.ts";

async function withMock(
  turns: MockTurn[],
  fn: (ctx: { dir: string; url: string; mock: MockLlm }) => Promise<void>,
  models?: string[],
) {
  const dir = await Deno.makeTempDir({ prefix: "nanocoder-e2e-cli-" });
  const mock = await startMockLlm({ turns, models });
  try {
    await fn({ dir, url: mock.url, mock });
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const base = (url: string, ...rest: string[]) => ["--base-url", url, "--model", "m", ...rest];

/** Runs the CLI with `input` written to its stdin (a pipe, as `git diff |` gives). */
async function runPiped(args: string[], dir: string, input: string): Promise<CliResult> {
  const child = cliCommand(args, { cwd: dir, stdin: "piped" }).spawn();
  const writer = child.stdin.getWriter();
  // The program may stop reading early (input over the limit): a closed pipe is fine.
  await writer.write(new TextEncoder().encode(input)).catch(() => {});
  await writer.close().catch(() => {});
  const out = await child.output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

const lastUserMessage = (mock: MockLlm) =>
  mock.chatRequests()[0].body.messages.findLast((m: { role: string }) => m.role === "user")
    .content;

Deno.test("run --help lists every flag that applies to run", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const result = await runCli(["run", "--help"], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    for (
      const flag of [
        "--provider",
        "--model",
        "--base-url",
        "--mode",
        "--trust-directory",
        "--context-max",
        "--max-turns",
        "--tool-calling",
        "--sandbox",
        "--json",
        "--output-format",
        "--cwd",
        "-p, --print",
      ]
    ) assert.ok(result.stdout.includes(flag), `${flag} in:\n${result.stdout}`);
    assert.match(result.stdout, /"-" reads it from stdin/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an unknown command says so and suggests the closest one (exit 2)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const typo = await runCli(["rnu", "fix it"], { cwd: dir });
    assert.equal(typo.code, 2);
    assert.equal(
      typo.stderr,
      'error: Unknown command "rnu": did you mean "run"? (see nanocoder --help)\n',
    );
    const prompt = await runCli(["fix", "the", "bug"], { cwd: dir });
    assert.equal(prompt.code, 2);
    assert.match(prompt.stderr, /; to run a prompt: nanocoder run "fix the bug"/);
    assert.equal((await runCli(["modles"], { cwd: dir })).stderr.includes('"models"'), true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("-p/--print PROMPT is run PROMPT, flags before or after", async () => {
  await withMock([{ text: "printed" }, { text: "printed again" }], async ({ dir, url, mock }) => {
    const first = await runCli(["-p", "say it", ...base(url)], { cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, "printed\n");
    const second = await runCli([...base(url), "--print", "say it", "again"], { cwd: dir });
    assert.equal(second.stdout, "printed again\n");
    assert.equal(mock.chatRequests()[1].body.messages.at(-1).content, "say it again");
  });
});

Deno.test("an empty prompt is a usage error (exit 2) and nothing is sent", async () => {
  await withMock([{ text: "never" }], async ({ dir, url, mock }) => {
    for (const args of [["run", ""], ["run", " ", "  "], ["run"]]) {
      const result = await runCli(base(url, ...args), { cwd: dir });
      assert.equal(result.code, 2, JSON.stringify(args));
      assert.match(result.stderr, /^error: (The prompt is empty|run needs a prompt)/);
    }
    const empty = await runPiped(base(url, "run", "-"), dir, "  \n");
    assert.equal(empty.code, 2);
    assert.equal(empty.stderr, "error: The prompt on stdin is empty\n");
    assert.equal(mock.chatRequests().length, 0);
  });
});

Deno.test("run - reads the prompt from stdin, and so does -p with no words", async () => {
  await withMock([{ text: "read it" }, { text: "read it too" }], async ({ dir, url, mock }) => {
    const result = await runPiped(base(url, "run", "-"), dir, "explain this repo\n");
    assert.equal(result.code, 0, result.stderr);
    assert.equal(lastUserMessage(mock), "explain this repo");
    const print = await runPiped(["-p", ...base(url)], dir, "and this one\n");
    assert.equal(print.stdout, "read it too\n");
    assert.equal(mock.chatRequests()[1].body.messages.at(-1).content, "and this one");
  });
});

Deno.test("input piped to a prompt goes with it as context", async () => {
  await withMock([{ text: "looks fine" }], async ({ dir, url, mock }) => {
    const diff = "--- a/x.ts\n+++ b/x.ts\n@@ -1 +1 @@\n-old\n+new\n";
    const result = await runPiped(base(url, "run", "review this"), dir, diff);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      lastUserMessage(mock),
      `review this\n\nInput piped to this command (stdin):\n<stdin>\n${diff.trimEnd()}\n</stdin>`,
    );
  });
});

Deno.test("piped input over the limit is cut off, and both the model and the user are told", async () => {
  await withMock([{ text: "ok" }], async ({ dir, url, mock }) => {
    const big = "x".repeat(99) + "\n";
    const result = await runPiped(
      base(url, "run", "summarize"),
      dir,
      big.repeat(MAX_STDIN_BYTES / 100 + 50),
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /note: stdin is over 512 KB: the model gets the first 512 KB/);
    const sent = lastUserMessage(mock) as string;
    assert.match(sent, /^summarize\n\nInput piped to this command \(stdin\), cut off after/);
    assert.ok(sent.length < MAX_STDIN_BYTES + 200);
  });
});

Deno.test("a stream dropped mid-answer leaves only the final answer on a piped stdout", async () => {
  await withMock([
    { text: "The first half of an answer that", fault: "drop_mid_stream" },
    { text: "The whole answer." },
    { text: "Fragment from llama", fault: { streamError: "Failed to parse input at pos 7" } },
    { text: "Second whole answer." },
  ], async ({ dir, url }) => {
    const dropped = await runCli(base(url, "run", "answer"), { cwd: dir });
    assert.equal(dropped.code, 0, dropped.stderr);
    assert.equal(dropped.stdout, "The whole answer.\n");
    // One line says it, the reason once: "[retry 1 in 0.4s: stream dropped after 3 chunks: …]".
    assert.match(
      dropped.stderr,
      /^\[retry 1 in \d+\.\ds: stream dropped after \d+ chunks: [^\]]+\]$/m,
    );
    assert.equal(dropped.stderr.match(/stream dropped/g)?.length, 1, dropped.stderr);
    const errorEvent = await runCli(base(url, "run", "answer"), { cwd: dir });
    assert.equal(errorEvent.code, 0, errorEvent.stderr);
    assert.equal(errorEvent.stdout, "Second whole answer.\n");
  });
});

Deno.test("an answer cut off by the output limit exits 1 with reason max_tokens and a warning", async () => {
  await withMock([
    { text: "The first three steps are", finishReason: "length" },
    { text: "Cut again", finishReason: "length" },
  ], async ({ dir, url }) => {
    const text = await runCli(base(url, "run", "explain"), { cwd: dir });
    assert.equal(text.code, 1);
    assert.equal(text.stdout, "The first three steps are\n");
    assert.match(text.stderr, /warning: the answer was cut off by the output limit/);
    const json = await runCli(base(url, "--json", "run", "explain"), { cwd: dir });
    const final = JSON.parse(json.stdout);
    assert.deepEqual([json.code, final.exitCode, final.reason], [1, 1, "max_tokens"]);
  });
});

Deno.test("usage in the JSON result sums every model call; context is the last fill", async () => {
  await withMock([
    {
      toolCalls: [{ name: "list_directory", arguments: {} }],
      usage: { prompt_tokens: 1200, completion_tokens: 20 },
    },
    { text: "Empty.", usage: { prompt_tokens: 1300, completion_tokens: 5 } },
  ], async ({ dir, url }) => {
    const result = await runCli(base(url, "--context-max", "10000", "--json", "run", "ls"), {
      cwd: dir,
    });
    assert.equal(result.code, 0, result.stderr);
    const { usage, context } = JSON.parse(result.stdout);
    assert.deepEqual(
      [usage.promptTokens, usage.completionTokens, usage.totalTokens, usage.calls, usage.source],
      [2500, 25, 2525, 2, "server"],
    );
    assert.equal(context.max, 10000);
    assert.ok(context.used >= 1300 && context.used < 2000, String(context.used));
    assert.deepEqual(
      [usage.contextUsed, usage.contextMax, usage.contextPercent],
      [context.used, context.max, context.percent],
    );
  });
});

Deno.test("a request that cannot fit the window is refused before it is sent", async () => {
  await withMock([{ text: "never" }], async ({ dir, url, mock }) => {
    const result = await runCli(base(url, "--context-max", "1k", "run", "hi"), { cwd: dir });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /error: The request cannot fit the model's context window: the system prompt and \d+ tool definitions alone take about \d+ of its 1000 tokens.*--context-max/,
    );
    assert.equal(mock.chatRequests().length, 0);
  });
});

Deno.test("run without --model uses the only model the server serves, and says which", async () => {
  await withMock([{ text: "hi from the only model" }], async ({ dir, url, mock }) => {
    const result = await runCli(["--base-url", url, "run", "hello"], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "hi from the only model\n");
    assert.match(result.stderr, /No model given: using "qwen3-coder:30b", the only one/);
    assert.equal(mock.chatRequests()[0].body.model, "qwen3-coder:30b");
  }, ["qwen3-coder:30b"]);
});
