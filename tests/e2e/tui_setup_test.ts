/**
 * End-to-end in tmux: the first run with nothing configured finds a model server on
 * this machine, lets the person pick a model and where to save it, writes
 * agents.config.json and opens the chat with it. The server is the mock listening on
 * Ollama's port, so the test runs only when that port is free.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startMockLlm } from "../_helpers/mock_llm.ts";
import { tmuxMissing, TmuxSession } from "./_tmux.ts";

const OLLAMA_PORT = 11434;

function portBusy(port: number): string | undefined {
  try {
    Deno.listen({ hostname: "127.0.0.1", port }).close();
    return undefined;
  } catch {
    return `port ${port} is in use (a real Ollama?): the mock cannot stand in for it`;
  }
}

const skip = tmuxMissing() ?? portBusy(OLLAMA_PORT);
if (skip) console.log(`setup test skipped: ${skip}`);

Deno.test({
  name: "tui: first run finds the local server, and the chosen model is saved and used",
  ignore: !!skip,
  async fn() {
    const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-setup-" }));
    const mock = await startMockLlm({
      port: OLLAMA_PORT,
      models: ["qwen3-coder", "llama3.2"],
      turns: [{ text: "Hello from the local model." }],
    });
    const tui = await TmuxSession.start("setup", dir, ["--trust-directory"]);
    try {
      const found = await tui.waitFor("No model provider is configured yet");
      assert.match(found, /Ollama at http:\/\/127\.0\.0\.1:11434\/v1\s+qwen3-coder, llama3\.2/);
      await tui.save("setup-found");
      const row = found.split("\n").find((l) => l.includes("Ollama at"))!;
      const number = /(\d)\. Ollama/.exec(row)![1];
      await tui.keys(number);
      await tui.waitFor("Which model?");
      await tui.keys("Down");
      await tui.waitFor(/❯ 2\. llama3\.2/);
      await tui.keys("Enter");
      await tui.waitFor("Save this provider for");
      await tui.keys("Enter"); // This project
      await tui.waitFor(/ollama · llama3\.2/);
      const config = JSON.parse(await Deno.readTextFile(join(dir, "agents.config.json")));
      assert.deepEqual(config, {
        nanocoder: {
          providers: [{
            name: "ollama",
            baseUrl: "http://127.0.0.1:11434/v1",
            models: ["llama3.2", "qwen3-coder"],
          }],
        },
      });
      await tui.type("hi");
      await tui.waitFor("> hi");
      await tui.keys("Enter");
      await tui.waitFor("Hello from the local model.");
      assert.equal(mock.chatRequests().at(-1)!.body.model, "llama3.2");
    } finally {
      await tui.save("last");
      await tui.stop();
      await mock.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
