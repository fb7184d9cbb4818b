/**
 * MCP beyond tools, through the engine's contract: a server's prompts and resources are
 * reported in `mcp_status`, listed by `list_mcp_resources`, and usable in a prompt as
 * `mcp_prompt` / `mcp_resource` blocks; a server's elicitation reaches the frontend as
 * `elicitation_request` and its answer goes back to the server.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../e2e/_cli.ts";
import { withEngine } from "./_engine.ts";
import type { AgentEvent } from "../../src/protocol.ts";

const everything = join(ROOT, "node_modules/@modelcontextprotocol/server-everything/dist/index.js");
const servers = { everything: { command: "node", args: [everything, "stdio"] } };
const connected = (e: AgentEvent) => e.type === "mcp_status" && e.state === "connected";

Deno.test("an MCP prompt and resource in a prompt reach the model as text", async () => {
  await withEngine(
    { turns: [{ text: "warm-up" }, { text: "ok" }] },
    { mcpServers: servers },
    async ({ engine, log, mock }) => {
      await log.done(engine.submit({ type: "prompt", text: "hello" }));
      const status = await log.waitFor(connected);
      assert.ok(status.type === "mcp_status");
      assert.ok(status.prompts?.some((p) => p.name === "args-prompt"));
      assert.ok((status.resourceCount ?? 0) > 0);

      const listId = engine.submit({ type: "list_mcp_resources" });
      const listed = await log.waitFor((e) =>
        e.type === "mcp_resources" && e.submissionId === listId
      );
      assert.ok(listed.type === "mcp_resources");
      const doc = listed.resources.find((r) => r.name === "architecture.md");
      assert.ok(doc);

      await log.done(engine.submit({
        type: "prompt",
        content: [
          {
            type: "mcp_prompt",
            server: "everything",
            name: "args-prompt",
            arguments: { city: "Paris" },
          },
          { type: "mcp_resource", server: "everything", uri: doc.uri },
        ],
      }));
      const sent = mock.chatRequests()[1].body.messages.at(-1).content as string;
      assert.match(sent, /Paris/);
      assert.match(
        sent,
        /<resource server="everything" uri="demo:\/\/resource\/static\/document\/architecture\.md">\n# Everything Server – Architecture/,
      );
    },
  );
});

Deno.test("a prompt naming an MCP prompt that does not exist fails with the server's reason", async () => {
  await withEngine(
    { turns: [{ text: "warm-up" }] },
    { mcpServers: servers },
    async ({ engine, log }) => {
      await log.done(engine.submit({ type: "prompt", text: "hello" }));
      await log.waitFor(connected);
      const runId = engine.submit({
        type: "prompt",
        content: [{ type: "mcp_prompt", server: "everything", name: "nope" }],
      });
      const done = await log.done(runId);
      assert.equal(done.reason, "error");
      const error = log.ofRun(runId).find((e) => e.type === "error");
      assert.ok(error?.type === "error");
      assert.match(error.message, /^Cannot get prompt "nope" of MCP server "everything": /);
    },
  );
});

Deno.test("an elicitation goes to the frontend as an event and its answer back to the server", async () => {
  await withEngine(
    {
      turns: [
        { text: "warm-up" },
        { toolCalls: [{ name: "mcp__everything__trigger-elicitation-request", arguments: {} }] },
        { text: "done" },
      ],
    },
    { mcpServers: servers, mode: "yolo" },
    async ({ engine, log, mock }) => {
      await log.done(engine.submit({ type: "prompt", text: "hello" }));
      await log.waitFor(connected);
      const runId = engine.submit({ type: "prompt", text: "ask me" });
      const request = await log.waitFor((e) => e.type === "elicitation_request");
      assert.ok(request.type === "elicitation_request");
      assert.equal(request.server, "everything");
      assert.equal(request.defaults.firstLine, "It was a dark and stormy night.");
      engine.submit({
        type: "elicitation_response",
        requestId: request.requestId,
        action: "accept",
        content: { name: "Ada", check: true },
      });
      await log.done(runId);
      const resolved = log.events.find((e) => e.type === "elicitation_resolved");
      assert.deepEqual(
        resolved && { type: resolved.type, action: "action" in resolved && resolved.action },
        { type: "elicitation_resolved", action: "accept" },
      );
      const toolResult = mock.chatRequests()[2].body.messages.at(-1).content as string;
      assert.match(toolResult, /Ada/);
    },
  );
});

Deno.test("an elicitation answer for an unknown request is an invalid_op error", async () => {
  await withEngine({ turns: [] }, {}, async ({ engine, log }) => {
    const id = engine.submit({ type: "elicitation_response", requestId: "x", action: "decline" });
    const error = await log.waitFor((e) => e.type === "error" && e.submissionId === id);
    assert.ok(error.type === "error");
    assert.equal(error.code, "invalid_op");
  });
});
