/** Resources, prompts, elicitation and roots, against real servers. */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { McpManager } from "../../src/mcp/manager.ts";
import type { McpElicitationRequest } from "../../src/mcp/features.ts";
import { resolveCall, runTool } from "../../src/tools/executor.ts";
import { everythingStdio, setup, until } from "./_servers.ts";

const CATALOG = fileURLToPath(new URL("./_fixtures/catalog_server.ts", import.meta.url));
const CONFIG = fileURLToPath(new URL("../../deno.json", import.meta.url));

async function everything(extra: Record<string, unknown> = {}) {
  const { registry, ctx } = setup();
  const notices: string[] = [];
  const manager = new McpManager({ everything: everythingStdio() }, {
    registry,
    cwd: ctx.cwd,
    onNotice: (m) => notices.push(m),
    ...extra,
  });
  manager.start();
  assert.equal((await manager.ready())[0].state, "connected");
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const resolved = resolveCall(registry, { name, arguments: args });
    if (!resolved.ok) throw new Error(resolved.error);
    return await runTool(resolved.tool, resolved.args, ctx);
  };
  return { manager, registry, call, notices };
}

Deno.test("McpManager lists server-everything's resources and templates and reads them", async () => {
  const { manager, call } = await everything();
  try {
    const resources = manager.resources();
    assert.deepEqual(resources[0], {
      server: "everything",
      uri: "demo://resource/static/document/architecture.md",
      name: "architecture.md",
      description: "Static document file exposed from /docs: architecture.md",
      mimeType: "text/markdown",
    });
    assert.equal(manager.status()[0].resourceCount, resources.length);
    assert.deepEqual(manager.resourceTemplates().map((t) => t.uriTemplate), [
      "demo://resource/dynamic/text/{resourceId}",
      "demo://resource/dynamic/blob/{resourceId}",
    ]);
    const [doc] = await manager.readResource("everything", resources[0].uri);
    assert.match(doc.text ?? "", /^# Everything Server – Architecture/);
    // The model reads them through the resource tools.
    const listed = await call("list_mcp_resources", { server: "everything" });
    assert.match(
      listed.output,
      /^everything: demo:\/\/resource\/static\/document\/architecture\.md - architecture\.md \(text\/markdown\)/,
    );
    assert.match(
      listed.output,
      /everything: demo:\/\/resource\/dynamic\/text\/\{resourceId\} \(template\)/,
    );
    const read = await call("read_mcp_resource", {
      server: "everything",
      uri: "demo://resource/dynamic/text/3",
    });
    assert.equal(read.ok, true);
    assert.match(read.output, /^Resource 3: /);
    const missing = await call("read_mcp_resource", { server: "nope", uri: "x://y" });
    assert.deepEqual(missing, { ok: false, output: 'Error: Unknown MCP server "nope"' });
  } finally {
    await manager.close();
  }
});

Deno.test("McpManager lists prompts with their arguments and gets one with arguments filled in", async () => {
  const { manager } = await everything();
  try {
    const args = manager.prompts().find((p) => p.name === "args-prompt");
    assert.deepEqual(args, {
      server: "everything",
      name: "args-prompt",
      title: "Arguments Prompt",
      description: "A prompt with two arguments, one required and one optional",
      arguments: [
        { name: "city", description: "Name of the city", required: true },
        { name: "state", required: false },
      ],
    });
    const result = await manager.getPrompt("everything", "args-prompt", { city: "Paris" });
    assert.equal(result.messages[0].role, "user");
    assert.match(String(result.messages[0].content.text), /Paris/);
    await assert.rejects(
      manager.getPrompt("everything", "no-such-prompt"),
      /^Error: Cannot get prompt "no-such-prompt" of MCP server "everything": /,
    );
  } finally {
    await manager.close();
  }
});

Deno.test("an elicitation goes to the frontend's handler, with the schema; its answer reaches the server", async () => {
  const requests: McpElicitationRequest[] = [];
  const { manager, call } = await everything();
  manager.setElicitationHandler((request) => {
    requests.push(request);
    return Promise.resolve({ action: "accept", content: { name: "Ada", check: true } });
  });
  try {
    const result = await call("mcp__everything__trigger-elicitation-request");
    assert.equal(requests.length, 1);
    assert.equal(requests[0].server, "everything");
    assert.equal(requests[0].message, "Please provide inputs for the following fields:");
    assert.equal(
      requests[0].requestedSchema.properties.firstLine.default,
      "It was a dark and stormy night.",
    );
    // The server got the answer, with the schema's defaults for the fields left out.
    assert.match(result.output, /Ada/);
    assert.match(result.output, /It was a dark and stormy night\./);
  } finally {
    await manager.close();
  }
});

Deno.test("without a handler an elicitation is declined and the user is told", async () => {
  const { manager, call, notices } = await everything();
  try {
    const result = await call("mcp__everything__trigger-elicitation-request");
    assert.match(result.output, /decline/i);
    assert.deepEqual(notices, [
      'MCP server "everything" asked for input ("Please provide inputs for the following fields:"); declined: no one can answer here',
    ]);
  } finally {
    await manager.close();
  }
});

Deno.test("roots are the project and the allowed directories, and servers hear when they change", async () => {
  const project = await Deno.makeTempDir();
  const extra = await Deno.makeTempDir();
  const { manager, call } = await everything({ roots: [project] });
  try {
    const first = await call("mcp__everything__get-roots-list");
    assert.ok(first.output.includes(`file://${project}`), first.output);
    manager.setRoots([project, extra]);
    // The server re-asks for roots after the notification; wait for it (a deadline, not a timing).
    let output = "";
    await until(() => output.includes(`file://${extra}`), "the new roots", 10_000, async () => {
      output = (await call("mcp__everything__get-roots-list")).output;
    });
  } finally {
    await manager.close();
    await Deno.remove(project);
    await Deno.remove(extra);
  }
});

Deno.test("McpManager re-lists resources and prompts after list_changed and tells its listeners", async () => {
  const { registry, ctx } = setup();
  const manager = new McpManager({
    catalog: {
      command: Deno.execPath(),
      args: ["run", "-A", "--no-prompt", "--quiet", `--config=${CONFIG}`, CATALOG],
    },
  }, { registry, cwd: ctx.cwd });
  let changes = 0;
  manager.onChange(() => changes++);
  try {
    manager.start();
    await manager.ready();
    assert.deepEqual(manager.resources().map((r) => r.uri), ["note://1"]);
    assert.deepEqual(manager.prompts().map((p) => p.name), ["p1"]);
    const before = changes;
    await registry.get("mcp__catalog__add")!.execute({}, ctx);
    await until(
      () => manager.resources().length === 2 && manager.prompts().length === 2,
      "the new lists",
    );
    assert.ok(changes > before);
    const prompt = await manager.getPrompt("catalog", "p2", { topic: "tests" });
    assert.deepEqual(prompt.messages, [{
      role: "user",
      content: { type: "text", text: "p2 about tests" },
    }]);
  } finally {
    await manager.close();
  }
});
