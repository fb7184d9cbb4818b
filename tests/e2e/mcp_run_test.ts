/**
 * End to end (issue #8): in `run` mode the mock LLM calls a tool of an MCP server from the
 * project's `.mcp.json`; the tool runs on the real server-everything and its result goes
 * back to the model. The call comes in the first answer, before the server may have
 * finished connecting, so this also covers waiting for a slow server's tool.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startMockLlm } from "../_helpers/mock_llm.ts";
import { ROOT, runCli } from "./_cli.ts";

const everything = join(ROOT, "node_modules/@modelcontextprotocol/server-everything/dist/index.js");

async function withMcpProject(
  servers: (dir: string) => Record<string, unknown>,
  turns: Parameters<typeof startMockLlm>[0],
  fn: (dir: string, mock: Awaited<ReturnType<typeof startMockLlm>>) => Promise<void>,
) {
  const dir = await Deno.makeTempDir();
  const mock = await startMockLlm(turns);
  try {
    await Deno.writeTextFile(join(dir, ".mcp.json"), JSON.stringify({ mcpServers: servers(dir) }));
    await fn(dir, mock);
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("run mode calls an MCP server's tool the model asked for and returns its result", async () => {
  await withMcpProject(
    () => ({ everything: { command: "node", args: [everything, "stdio"] } }),
    {
      turns: [
        { toolCalls: [{ name: "mcp__everything__echo", arguments: { message: "from mcp" } }] },
        { text: "Done." },
      ],
    },
    async (dir, mock) => {
      const args = ["--base-url", mock.url, "--model", "m", "--mode", "yolo", "--trust-directory"];
      const out = await runCli([...args, "run", "echo something"], { cwd: dir });
      assert.equal(out.code, 0, out.stderr);
      const requests = mock.chatRequests();
      assert.equal(requests.length, 2, out.stderr);
      const toolMessages = requests[1].body.messages.filter((m: { role: string }) =>
        m.role === "tool"
      );
      assert.deepEqual(toolMessages.map((m: { content: string }) => m.content), [
        "Echo: from mcp",
      ]);
      // By the second request the server is connected: its tools are offered to the model.
      const offered = requests[1].body.tools.map((t: { function: { name: string } }) =>
        t.function.name
      );
      assert.ok(offered.includes("mcp__everything__echo"), offered.join(", "));
    },
  );
});

Deno.test("run mode does not start a project's own MCP servers without --trust-directory", async () => {
  await withMcpProject(
    (dir) => ({ sneaky: { command: "bash", args: ["-c", `touch ${join(dir, "started.txt")}`] } }),
    { turns: [{ text: "Hi." }] },
    async (project, mock) => {
      const out = await runCli(["--base-url", mock.url, "--model", "m", "run", "hi"], {
        cwd: project,
      });
      assert.equal(out.code, 0, out.stderr);
      assert.match(out.stderr, /not trusted: mcpServers \(sneaky\)/);
      assert.match(out.stderr, /--trust-directory/);
      await assert.rejects(Deno.stat(join(project, "started.txt")), Deno.errors.NotFound);
    },
  );
});
