/**
 * End-to-end: a provider configured with `sdkProvider` ("anthropic", "google") talks its
 * own wire through `run`, tool calls included, with the key in that API's own header.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startMockLlm } from "../_helpers/mock_llm.ts";
import { runCli } from "./_cli.ts";

async function runWith(sdkProvider: "anthropic" | "google", baseUrl: (root: string) => string) {
  const dir = await Deno.makeTempDir({ prefix: "nanocoder-e2e-native-" });
  const mock = await startMockLlm({
    turns: [
      { toolCalls: [{ name: "create_file", arguments: { path: "a.txt", content: "hi\n" } }] },
      { text: "Created a.txt." },
    ],
  });
  try {
    // The user's own config (HOME is the temp dir in e2e runs), so the key may be sent.
    const configDir = join(dir, ".config-home", "nanocoder");
    await Deno.mkdir(configDir, { recursive: true });
    await Deno.writeTextFile(
      join(configDir, "agents.config.json"),
      JSON.stringify({
        nanocoder: {
          providers: [{
            name: "native",
            sdkProvider,
            baseUrl: baseUrl(mock.root),
            apiKey: "secret-key-123",
            models: ["native-model"],
          }],
        },
      }),
    );
    const result = await runCli(["--mode", "yolo", "run", "make a.txt"], { cwd: dir });
    return { result, mock, dir, file: await Deno.readTextFile(join(dir, "a.txt")) };
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("run talks Anthropic's Messages API to a provider with sdkProvider anthropic", async () => {
  const { result, mock, file } = await runWith("anthropic", (root) => `${root}/v1`);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(file, "hi\n");
  assert.equal(result.stdout, "Created a.txt.\n");
  const [first, second] = mock.chatRequests();
  assert.equal(first.path, "/v1/messages");
  assert.equal(first.headers.get("x-api-key"), "secret-key-123");
  assert.ok(Array.isArray(first.body.tools) && first.body.tools.length > 0);
  // The tool result goes back as a tool_result block answering the tool_use.
  const last = second.body.messages.at(-1);
  assert.equal(last.role, "user");
  assert.equal(last.content[0].type, "tool_result");
});

Deno.test("run talks Gemini's API to a provider with sdkProvider google", async () => {
  const { result, mock, file } = await runWith("google", (root) => `${root}/v1beta`);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(file, "hi\n");
  assert.equal(result.stdout, "Created a.txt.\n");
  const [first, second] = mock.chatRequests();
  assert.match(first.path, /^\/v1beta\/models\/native-model:streamGenerateContent/);
  assert.equal(first.headers.get("x-goog-api-key"), "secret-key-123");
  const parts = second.body.contents.at(-1).parts;
  assert.ok(parts.some((p: Record<string, unknown>) => "functionResponse" in p));
});
