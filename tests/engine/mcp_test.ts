/**
 * MCP servers connect in the background after the first request is on its way; from the
 * next request on, their tools are offered (native) and described (text mode), and every
 * change of a server is reported as `mcp_status`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../e2e/_cli.ts";
import { withEngine } from "./_engine.ts";

const everything = join(ROOT, "node_modules/@modelcontextprotocol/server-everything/dist/index.js");
const servers = { everything: { command: "node", args: [everything, "stdio"] } };

for (const toolCalling of ["native", "xml"] as const) {
  Deno.test(`an MCP server connecting after the first request reaches the next one (${toolCalling})`, async () => {
    await withEngine(
      { turns: [{ text: "one" }, { text: "two" }] },
      { toolCalling, mcpServers: servers },
      async ({ engine, log, mock }) => {
        const configured = await log.waitFor((e) => e.type === "session_configured");
        assert.deepEqual(
          configured.type === "session_configured" && configured.mcpServers,
          [{ name: "everything", state: "connecting" }],
        );
        await log.done(engine.submit({ type: "prompt", text: "first" }));
        const connected = await log.waitFor((e) =>
          e.type === "mcp_status" && e.state === "connected"
        );
        assert.ok(
          connected.type === "mcp_status" && connected.tools.includes("mcp__everything__echo"),
        );
        await log.done(engine.submit({ type: "prompt", text: "second" }));
        const [first, second] = mock.chatRequests().map((r) => r.body);
        const system = (body: { messages: { content: string }[] }) => body.messages[0].content;
        assert.doesNotMatch(system(first), /mcp__everything__echo/);
        assert.match(system(second), /- mcp__everything__echo: /);
        if (toolCalling === "native") {
          const names = (body: { tools?: { function: { name: string } }[] }) =>
            (body.tools ?? []).map((t) => t.function.name);
          assert.ok(!names(first).includes("mcp__everything__echo"));
          assert.ok(names(second).includes("mcp__everything__echo"));
        } else {
          assert.equal(second.tools, undefined);
          assert.match(system(second), /<mcp__everything__echo>/);
        }
        const statuses = log.events.filter((e) => e.type === "mcp_status");
        assert.deepEqual(
          statuses.map((e) => e.type === "mcp_status" && e.state),
          ["connecting", "connected"],
        );
      },
    );
  });
}
