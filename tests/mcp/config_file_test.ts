import assert from "node:assert/strict";
import { join } from "node:path";
import { addServerToFile, fileHasServer, removeServerFromFile } from "../../src/mcp/config_file.ts";

async function inTemp(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("addServerToFile() creates nanocoder.mcpServers in a new agents.config.json", async () => {
  await inTemp(async (dir) => {
    const path = join(dir, "sub", "agents.config.json");
    await addServerToFile(path, "fs", { command: "npx", args: ["-y", "server"] });
    assert.deepEqual(JSON.parse(await Deno.readTextFile(path)), {
      nanocoder: { mcpServers: { fs: { command: "npx", args: ["-y", "server"] } } },
    });
    assert.equal(await fileHasServer(path, "fs"), true);
  });
});

Deno.test("addServerToFile() and removeServerFromFile() keep Nanocoder's array form and a .mcp.json's top level", async () => {
  await inTemp(async (dir) => {
    const array = join(dir, "agents.config.json");
    await Deno.writeTextFile(
      array,
      JSON.stringify({ nanocoder: { mcpServers: [{ name: "a", command: "x" }], other: true } }),
    );
    await addServerToFile(array, "b", { type: "http", url: "https://b/mcp" });
    assert.deepEqual(JSON.parse(await Deno.readTextFile(array)).nanocoder, {
      mcpServers: [{ name: "a", command: "x" }, { name: "b", type: "http", url: "https://b/mcp" }],
      other: true,
    });
    assert.equal(await removeServerFromFile(array, "a"), true);
    assert.equal(await removeServerFromFile(array, "a"), false);
    assert.deepEqual(JSON.parse(await Deno.readTextFile(array)).nanocoder.mcpServers, [
      { name: "b", type: "http", url: "https://b/mcp" },
    ]);

    const mcpJson = join(dir, ".mcp.json");
    await addServerToFile(mcpJson, "c", { command: "y" });
    assert.deepEqual(JSON.parse(await Deno.readTextFile(mcpJson)), {
      mcpServers: { c: { command: "y" } },
    });
  });
});

Deno.test("addServerToFile() refuses a name that exists and a file that is not JSON, changing nothing", async () => {
  await inTemp(async (dir) => {
    const path = join(dir, "agents.config.json");
    await addServerToFile(path, "a", { command: "x" });
    const before = await Deno.readTextFile(path);
    await assert.rejects(addServerToFile(path, "a", { command: "y" }), /already exists/);
    await Deno.writeTextFile(join(dir, "broken.json"), "{ nope");
    await assert.rejects(addServerToFile(join(dir, "broken.json"), "a", {}), /Invalid JSON/);
    assert.equal(await Deno.readTextFile(path), before);
  });
});
