/**
 * End-to-end: `run` against servers that misbehave the way real ones do — a stream chunk
 * that is not JSON, a 200 stream ended by an error event, llama.cpp refusing `tools`
 * with HTTP 500.
 */
import assert from "node:assert/strict";
import { type MockLlmOptions, startMockLlm } from "../_helpers/mock_llm.ts";
import { jsonLines, runCli } from "./_cli.ts";

async function withServer(
  options: MockLlmOptions,
  fn: (
    ctx: { dir: string; url: string; mock: Awaited<ReturnType<typeof startMockLlm>> },
  ) => Promise<void>,
) {
  const dir = await Deno.makeTempDir({ prefix: "nanocoder-e2e-faults-" });
  const mock = await startMockLlm(options);
  try {
    await fn({ dir, url: mock.url, mock });
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const args = (url: string, ...rest: string[]) => [
  "--base-url",
  url,
  "--model",
  "test-model",
  ...rest,
];

const garbage = "<html><body>502 Bad Gateway</body></html>";

Deno.test("run fails with exit 1 and quotes the server when stream chunks are not JSON", async () => {
  const bad = { text: "an answer that loses a piece", fault: { malformedChunk: garbage } };
  await withServer({ turns: [bad, bad] }, async ({ dir, url, mock }) => {
    const result = await runCli(args(url, "run", "hello"), { cwd: dir });
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stderr,
      /error: Provider "custom" \(http:\/\/127\.0\.0\.1:\d+\/v1\) sent a stream chunk that is not JSON: "<html><body>502 Bad Gateway<\/body><\/html>" \(gave up after 1 retry\)/,
    );
    assert.equal(mock.chatRequests().length, 2);
  });
});

Deno.test("run reports the malformed chunk in its JSON result with the provider's code", async () => {
  const bad = { text: "x", fault: { malformedChunk: garbage } };
  await withServer({ turns: [bad, bad] }, async ({ dir, url }) => {
    const result = await runCli(args(url, "--output-format", "stream-json", "run", "hello"), {
      cwd: dir,
    });
    assert.equal(result.code, 1);
    const lines = jsonLines(result.stdout);
    const error = lines.find((l) => l.type === "error");
    assert.equal(error?.code, "bad_response");
    assert.match(String(error?.message), /not JSON: "<html>/);
  });
});

Deno.test("run recovers from one malformed chunk and from a stream ended by an error event", async () => {
  await withServer({
    flavor: "llamacpp",
    turns: [
      { text: "first try", fault: { malformedChunk: garbage } },
      { text: "second try", fault: { streamError: "Failed to parse input at pos 7" } },
      { text: "The answer." },
    ],
  }, async ({ dir, url, mock }) => {
    const result = await runCli(args(url, "run", "hello"), { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /The answer\.\n$/);
    assert.equal(mock.chatRequests().length, 3);
  });
});

Deno.test("run falls back to text tool calls at once when llama.cpp refuses tools with a 500", async () => {
  await withServer({
    flavor: "llamacpp",
    refuseTools: true,
    turns: [{ text: "Answered without native tools." }],
  }, async ({ dir, url, mock }) => {
    const result = await runCli(args(url, "run", "hello"), { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "Answered without native tools.\n");
    assert.match(result.stderr, /tools param requires --jinja flag/);
    const [refused, retried] = mock.chatRequests().map((r) => r.body);
    assert.ok(Array.isArray(refused.tools) && refused.tools.length > 0);
    assert.equal(retried.tools, undefined);
    assert.equal(mock.chatRequests().length, 2, "no retries of the refusal");
  });
});

Deno.test("run speaks Ollama's own /api/chat when the user gave the Ollama provider a window", async () => {
  await withServer({
    flavor: "ollama",
    models: ["qwen3-coder"],
    turns: [
      { toolCalls: [{ name: "list_directory", arguments: { path: "." } }] },
      { text: "The directory is empty." },
    ],
  }, async ({ dir, url, mock }) => {
    const providers = [{
      name: "ollama",
      baseUrl: url,
      models: ["qwen3-coder"],
      contextWindow: 16384,
    }];
    const result = await runCli(["--provider", "ollama", "--model", "qwen3-coder", "run", "ls"], {
      cwd: dir,
      env: { NANOCODER_PROVIDERS: JSON.stringify(providers) },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "The directory is empty.\n");
    const [first, second] = mock.chatRequests();
    assert.equal(first.path, "/api/chat");
    assert.deepEqual(first.body.options, { num_ctx: 16384, num_predict: 4096 });
    assert.deepEqual(second.body.messages.at(-1), {
      role: "tool",
      content: second.body.messages.at(-1).content,
      tool_name: "list_directory",
    });
  });
});
