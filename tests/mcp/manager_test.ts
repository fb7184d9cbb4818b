import assert from "node:assert/strict";
import { McpManager } from "../../src/mcp/manager.ts";
import { resolveCall, runTool } from "../../src/tools/executor.ts";
import type { ToolRegistry } from "../../src/tools/registry.ts";
import type { ToolContext } from "../../src/tools/tool.ts";
import { everythingStdio, FILESYSTEM, setup, startEverythingHttp, until } from "./_servers.ts";

async function call(
  registry: ToolRegistry,
  ctx: ToolContext,
  name: string,
  args: Record<string, unknown>,
) {
  const resolved = resolveCall(registry, { name, arguments: JSON.stringify(args) });
  if (!resolved.ok) return { ok: false, output: resolved.error };
  return await runTool(resolved.tool, resolved.args, ctx);
}

Deno.test("McpManager.start() returns at once and connects server-everything over stdio in the background", async () => {
  const { registry, ctx } = setup();
  const manager = new McpManager({ everything: everythingStdio() }, { registry, cwd: ctx.cwd });
  try {
    manager.start();
    assert.equal(manager.status()[0].state, "connecting");
    assert.deepEqual(registry.names(), []);
    const [status] = await manager.ready();
    assert.equal(status.state, "connected", status.lastError);
    assert.equal(status.transport, "stdio");
    assert.ok(registry.names().includes("mcp__everything__echo"));
    assert.ok(registry.names().includes("mcp__everything__get-sum"));
    const serverTools = registry.names().filter((n) => n.startsWith("mcp__everything__"));
    assert.equal(status.toolCount, serverTools.length);
    // It has resources: the two resource tools are offered to the model too.
    assert.deepEqual(registry.names().filter((n) => !n.startsWith("mcp__")), [
      "list_mcp_resources",
      "read_mcp_resource",
    ]);
    assert.deepEqual(status.serverInfo?.name, "mcp-servers/everything");
    // A tool that only runs as an MCP task cannot be called here: listed as skipped.
    assert.deepEqual(status.skippedTools, [{
      name: "simulate-research-query",
      reason: "it can only run as an MCP task, not supported here",
    }]);
    // readOnlyHint → read; anything else → execute.
    assert.equal(registry.get("mcp__everything__echo")?.kind, "read");
    assert.equal(registry.get("mcp__everything__toggle-simulated-logging")?.kind, "execute");
    // The server's schema goes to the model as it is.
    const spec = registry.specs().find((s) => s.function.name === "mcp__everything__get-sum");
    assert.deepEqual(spec?.function.parameters, {
      type: "object",
      properties: {
        a: { type: "number", description: "First number" },
        b: { type: "number", description: "Second number" },
      },
      required: ["a", "b"],
      $schema: "http://json-schema.org/draft-07/schema#",
    });
  } finally {
    await manager.close();
  }
});

Deno.test("McpManager calls server-everything tools through the executor and formats their results", async () => {
  const { registry, ctx } = setup();
  const manager = new McpManager({ everything: everythingStdio() }, { registry, cwd: ctx.cwd });
  try {
    manager.start();
    await manager.ready();
    assert.deepEqual(await call(registry, ctx, "mcp__everything__echo", { message: "hi" }), {
      ok: true,
      output: "Echo: hi",
    });
    assert.deepEqual(await call(registry, ctx, "mcp__everything__get-sum", { a: 2, b: 40 }), {
      ok: true,
      output: "The sum of 2 and 40 is 42.",
    });
    const image = await call(registry, ctx, "mcp__everything__get-tiny-image", {});
    assert.equal(image.ok, true);
    assert.match(image.output, /^Here's the image you requested:\n\[image: image\/png, \d+ KB\]/);
    const links = await call(registry, ctx, "mcp__everything__get-resource-links", { count: 1 });
    assert.match(
      links.output,
      /\[resource link: .+ <demo:\/\/resource\/dynamic\/\w+\/1> \(text\/plain\)/,
    );
    const embedded = await call(registry, ctx, "mcp__everything__get-resource-reference", {});
    assert.match(
      embedded.output,
      /\[resource: <demo:\/\/resource\/dynamic\/text\/1> \(text\/plain\)\]\nResource 1: /,
    );
  } finally {
    await manager.close();
  }
});

Deno.test("McpManager checks arguments against the server's JSON Schema before calling", async () => {
  const { registry, ctx } = setup();
  const manager = new McpManager({ everything: everythingStdio() }, { registry, cwd: ctx.cwd });
  try {
    manager.start();
    await manager.ready();
    const result = await call(registry, ctx, "mcp__everything__get-sum", { a: "two" });
    assert.deepEqual(result, {
      ok: false,
      output: 'Error: invalid arguments for "mcp__everything__get-sum":\n' +
        "- (arguments): must have required property 'b'\n- a: must be number\n" +
        "Fix the arguments and call the tool again.",
    });
  } finally {
    await manager.close();
  }
});

Deno.test("McpManager re-lists tools when server-everything sends tools/list_changed", async () => {
  const { registry, ctx } = setup();
  const manager = new McpManager({ everything: everythingStdio() }, { registry, cwd: ctx.cwd });
  try {
    manager.start();
    await manager.ready();
    // server-everything registers its capability-dependent tools after initialization and
    // announces them with list_changed.
    await until(() => manager.status()[0].listChanges >= 1, "list_changed");
    const status = (await manager.ready())[0];
    assert.equal(status.state, "connected");
    assert.ok(registry.names().includes("mcp__everything__echo"));
  } finally {
    await manager.close();
  }
});

Deno.test("McpManager connects over Streamable HTTP", async () => {
  const server = await startEverythingHttp("streamableHttp");
  const { registry, ctx } = setup();
  const manager = new McpManager(
    { web: { type: "http", url: `${server.base}/mcp` } },
    { registry, cwd: ctx.cwd },
  );
  try {
    manager.start();
    const [status] = await manager.ready();
    assert.equal(status.state, "connected", status.lastError);
    assert.equal(status.transport, "http");
    assert.deepEqual(await call(registry, ctx, "mcp__web__echo", { message: "over http" }), {
      ok: true,
      output: "Echo: over http",
    });
  } finally {
    await manager.close();
    await server.close();
  }
});

Deno.test('McpManager speaks legacy SSE, and falls back to it when type "http" gets a 4xx', async () => {
  const server = await startEverythingHttp("sse");
  const { registry, ctx } = setup();
  const manager = new McpManager({
    legacy: { type: "sse", url: `${server.base}/sse` },
    guessed: { type: "http", url: `${server.base}/sse` },
  }, { registry, cwd: ctx.cwd });
  try {
    manager.start();
    const statuses = await manager.ready();
    assert.deepEqual(statuses.map((s) => [s.name, s.state, s.transport, s.lastError]), [
      ["legacy", "connected", "sse", undefined],
      ["guessed", "connected", "sse", undefined],
    ]);
    assert.deepEqual(await call(registry, ctx, "mcp__guessed__get-sum", { a: 1, b: 2 }), {
      ok: true,
      output: "The sum of 1 and 2 is 3.",
    });
  } finally {
    await manager.close();
    await server.close();
  }
});

Deno.test("McpManager reads a file with server-filesystem over stdio", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir());
  await Deno.writeTextFile(`${dir}/note.txt`, "hello from disk\n");
  const { registry, ctx } = setup();
  const manager = new McpManager(
    { fs: { command: "node", args: [FILESYSTEM, dir] } },
    { registry, cwd: dir },
  );
  try {
    manager.start();
    const [status] = await manager.ready();
    assert.equal(status.state, "connected", status.lastError);
    assert.equal(registry.get("mcp__fs__read_text_file")?.kind, "read");
    assert.equal(registry.get("mcp__fs__write_file")?.kind, "execute");
    const result = await call(registry, ctx, "mcp__fs__read_text_file", {
      path: `${dir}/note.txt`,
    });
    assert.deepEqual(result, { ok: true, output: "hello from disk\n" });
    const outside = await call(registry, ctx, "mcp__fs__read_text_file", { path: "/etc/hostname" });
    assert.equal(outside.ok, false);
    assert.match(outside.output, /Access denied|outside allowed/i);
  } finally {
    await manager.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("McpManager.close() stops servers and removes their tools; status says closed", async () => {
  const { registry, ctx } = setup();
  const manager = new McpManager({
    everything: everythingStdio(),
    off: { command: "node", args: ["-e", ""], enabled: false },
  }, { registry, cwd: ctx.cwd });
  manager.start();
  await manager.ready();
  assert.ok(registry.names().length > 0);
  await manager.close();
  assert.deepEqual(registry.names(), []);
  assert.deepEqual(
    manager.status().map((s) => [s.name, s.state, s.toolCount]),
    [["everything", "closed", 0], ["off", "disabled", 0]],
  );
});

Deno.test("McpManager marks a server whose command does not exist as failed with the reason", async () => {
  const { registry, ctx } = setup();
  const manager = new McpManager(
    { missing: { command: "nanocoder-no-such-command" } },
    { registry, cwd: ctx.cwd },
  );
  try {
    manager.start();
    const [status] = await manager.ready();
    assert.equal(status.state, "failed");
    assert.equal(status.lastError, 'Cannot start "nanocoder-no-such-command": command not found');
  } finally {
    await manager.close();
  }
});

Deno.test("McpManager passes a server's progress notifications to ctx.emitOutput", async () => {
  const chunks: string[] = [];
  const { registry, ctx } = setup();
  const manager = new McpManager({ everything: everythingStdio() }, { registry, cwd: ctx.cwd });
  try {
    manager.start();
    await manager.ready();
    const result = await call(
      registry,
      { ...ctx, emitOutput: (chunk) => chunks.push(chunk) },
      "mcp__everything__trigger-long-running-operation",
      { duration: 0.2, steps: 2 },
    );
    assert.equal(result.ok, true);
    // The last notification may race the result; the first one always comes before it.
    assert.match(chunks[0], /\(1\/2\)\n$/);
  } finally {
    await manager.close();
  }
});

Deno.test("stdio servers need only --allow-run for their command (no --allow-env)", async () => {
  const probe = new URL("../fixtures/mcp/connect_probe.ts", import.meta.url).pathname;
  const servers = JSON.stringify({ everything: everythingStdio() });
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", "--allow-read", "--allow-run=node", probe, servers],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  assert.equal(out.success, true, new TextDecoder().decode(out.stderr));
  assert.deepEqual(JSON.parse(text), [{ state: "connected" }]);
});

Deno.test("McpManager reports the exit code and stderr of a server that dies at start", async () => {
  const { registry, ctx } = setup();
  const manager = new McpManager(
    { dying: { command: "node", args: ["-e", "console.error('bad token'); process.exit(2)"] } },
    { registry, cwd: ctx.cwd },
  );
  try {
    manager.start();
    const [status] = await manager.ready();
    assert.equal(status.state, "failed");
    assert.match(status.lastError ?? "", /the server exited with code 2 \(stderr: bad token\)$/);
  } finally {
    await manager.close();
  }
});

Deno.test("McpManager marks a Streamable HTTP server that went away failed and removes its tools", async () => {
  const server = await startEverythingHttp("streamableHttp");
  const { registry, ctx } = setup();
  const manager = new McpManager(
    { web: { type: "http", url: `${server.base}/mcp` } },
    { registry, cwd: ctx.cwd },
  );
  try {
    manager.start();
    await manager.ready();
    await server.close();
    const result = await call(registry, ctx, "mcp__web__echo", { message: "anyone?" });
    assert.equal(result.ok, false);
    const [status] = manager.status();
    assert.equal(status.state, "failed");
    assert.match(status.lastError ?? "", /^Server closed the connection unexpectedly/);
    assert.deepEqual(registry.names(), []);
  } finally {
    await manager.close();
    await server.close();
  }
});
