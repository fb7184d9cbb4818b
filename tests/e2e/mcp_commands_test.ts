/** End to end: `mcp add`, `mcp call`, `mcp remove`, and `mcp list` with untrusted project servers. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, runCli } from "./_cli.ts";

/** stderr without the config's warning lines (the test's config has a key of its own). */
const withoutWarnings = (text: string) => text.replace(/^warning: .*\n/gm, "");

const everything = join(ROOT, "node_modules/@modelcontextprotocol/server-everything/dist/index.js");

Deno.test("mcp add writes the user's agents.config.json keeping its other keys; call and remove use it", async () => {
  const home = await Deno.makeTempDir();
  try {
    const config = join(home, ".config-home", "nanocoder", "agents.config.json");
    await Deno.mkdir(join(config, ".."), { recursive: true });
    const providers = [{ name: "local", baseUrl: "http://127.0.0.1:1/v1", models: ["m"] }];
    await Deno.writeTextFile(config, JSON.stringify({ nanocoder: { providers }, other: 1 }));
    const cli = (args: string[]) => runCli(args, { cwd: home });

    let out = await cli([
      "mcp",
      "add",
      "ev",
      "--command",
      "node",
      "--env",
      "A=1",
      "--",
      everything,
      "stdio",
    ]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, `Added MCP server "ev" to ${config}\n`);
    out = await cli([
      "mcp",
      "add",
      "web",
      "--url",
      "https://mcp.example.com/mcp",
      "--client-id",
      "abc",
    ]);
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(JSON.parse(await Deno.readTextFile(config)), {
      nanocoder: {
        providers,
        mcpServers: {
          ev: { command: "node", args: [everything, "stdio"], env: { A: "1" } },
          web: { type: "http", url: "https://mcp.example.com/mcp", oauth: { clientId: "abc" } },
        },
      },
      other: 1,
    });

    out = await cli(["mcp", "add", "ev", "--command", "node"]);
    assert.equal(out.code, 1);
    assert.match(
      out.stderr,
      /^error: MCP server "ev" already exists in ".*agents\.config\.json": remove it first/,
    );

    out = await cli(["mcp", "call", "ev", "get-sum", '{"a": 2, "b": 40}']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, "The sum of 2 and 40 is 42.\n");
    out = await cli(["mcp", "call", "ev", "get-sum", "{a: 2}"]);
    assert.equal(out.code, 1);
    assert.match(out.stderr, /^error: The arguments are not valid JSON: /);
    // Arguments of the wrong type: for a person (which one, what type), not the model's text.
    out = await cli(["mcp", "call", "ev", "get-sum", '{"a": "two"}']);
    assert.equal(out.code, 1);
    assert.equal(
      withoutWarnings(out.stderr),
      'error: Invalid arguments for tool "get-sum" of MCP server "ev":\n' +
        '  "b" is missing: expected a number\n' +
        '  "a" must be a number, got a string ("two")\n' +
        "Arguments: a (number, required), b (number, required)\n",
    );
    out = await cli(["mcp", "call", "ev", "no-such-tool"]);
    assert.equal(out.code, 1);
    assert.match(
      withoutWarnings(out.stderr),
      /^error: MCP server "ev" has no tool "no-such-tool" \(it has: .*get-sum/,
    );
    out = await cli(["mcp", "add", "gone", "--command", "definitely-not-a-command-nc"]);
    assert.equal(out.code, 0, out.stderr);
    out = await cli(["mcp", "call", "gone", "x"]);
    assert.equal(out.code, 1);
    assert.equal(
      withoutWarnings(out.stderr),
      'error: MCP server "gone" is not available: Cannot start "definitely-not-a-command-nc": ' +
        "command not found\n",
    );
    out = await cli(["mcp", "call", "ev", "get-env"]);
    assert.match(out.stdout, /"A": "1"/);

    out = await cli(["mcp", "remove", "ev"]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, `Removed MCP server "ev" from ${config}\n`);
    out = await cli(["mcp", "remove", "ev"]);
    assert.equal(out.code, 1);
    assert.match(out.stderr, /^error: No MCP server "ev" in /);
    assert.deepEqual(
      Object.keys(JSON.parse(await Deno.readTextFile(config)).nanocoder.mcpServers),
      ["web", "gone"],
    );
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("mcp list says the project's own servers were not started for lack of trust", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      join(dir, ".mcp.json"),
      JSON.stringify({ mcpServers: { sneaky: { command: "node", args: ["-e", ""] } } }),
    );
    const out = await runCli(["mcp", "list"], { cwd: dir });
    assert.equal(out.code, 0, out.stderr);
    assert.equal(
      out.stdout,
      "No MCP servers started: sneaky comes from the project's own config, which is not trusted (pass --trust-directory).\n",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
