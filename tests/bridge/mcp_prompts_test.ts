/** MCP servers' prompts as slash commands: the list, the hint, the arguments typed. */
import assert from "node:assert/strict";
import { McpPromptCommands, promptArguments, usageMessage } from "../../src/bridge/mcp_prompts.ts";
import type { McpPromptInfo } from "../../src/protocol.ts";

const weather: McpPromptInfo = {
  name: "weather",
  description: "Weather of a place",
  arguments: [
    { name: "city", description: "Name of the city", required: true },
    { name: "state", required: false },
  ],
};
const review: McpPromptInfo = { name: "review", arguments: [] };

const status = (server: string, state: "connected" | "failed", prompts?: McpPromptInfo[]) => ({
  type: "mcp_status" as const,
  sessionId: "s",
  server,
  state,
  tools: [],
  ...(prompts ? { prompts } : {}),
});

Deno.test("a connected server's prompts are commands named /mcp__server__prompt, with a hint", () => {
  const commands = new McpPromptCommands();
  assert.equal(commands.update(status("docs", "connected", [weather, review])), true);
  assert.deepEqual(commands.list(), [
    {
      name: "mcp__docs__weather",
      description: 'Weather of a place (MCP server "docs")',
      input: { hint: "city [state]" },
    },
    { name: "mcp__docs__review", description: 'Prompt "review" (MCP server "docs")' },
  ]);
  assert.equal(commands.find("mcp__docs__review")?.prompt, review);
  assert.equal(commands.find("mcp__docs__nope"), undefined);
});

Deno.test("the commands change only when a server's prompts do, and go with the server", () => {
  const commands = new McpPromptCommands();
  commands.update(status("docs", "connected", [weather]));
  assert.equal(commands.update(status("docs", "connected", [weather])), false);
  assert.equal(commands.update(status("other", "connected")), false, "a server without prompts");
  assert.equal(commands.update(status("docs", "failed", [weather])), true);
  assert.deepEqual(commands.list(), []);
});

Deno.test("arguments are name=value pairs or values in the declared order", () => {
  assert.deepEqual(promptArguments(weather, "city=Paris state=TX"), {
    ok: true,
    arguments: { city: "Paris", state: "TX" },
    rest: "",
  });
  assert.deepEqual(promptArguments(weather, "Paris TX"), {
    ok: true,
    arguments: { city: "Paris", state: "TX" },
    rest: "",
  });
  assert.deepEqual(promptArguments(weather, 'state=NY "New York"'), {
    ok: true,
    arguments: { city: "New York", state: "NY" },
    rest: "",
  });
  assert.deepEqual(promptArguments(weather, `--city='Le Mans'`), {
    ok: true,
    arguments: { city: "Le Mans" },
    rest: "",
  });
});

Deno.test("words beyond the last argument join it; a prompt without arguments gets them after", () => {
  assert.deepEqual(promptArguments(weather, "Paris Texas and around"), {
    ok: true,
    arguments: { city: "Paris", state: "Texas and around" },
    rest: "",
  });
  const oneArgument = { name: "search", arguments: [{ name: "query", required: true }] };
  assert.deepEqual(promptArguments(oneArgument, "how do I use a=b in Deno"), {
    ok: true,
    arguments: { query: "how do I use a=b in Deno" },
    rest: "",
  });
  assert.deepEqual(promptArguments(review, "focus on the tests"), {
    ok: true,
    arguments: {},
    rest: "focus on the tests",
  });
});

Deno.test("a required argument missing is named, with how to type the command", () => {
  const result = promptArguments(weather, "state=TX");
  assert.deepEqual(result, { ok: false, missing: ["city"] });
  assert.equal(
    usageMessage({ name: "mcp__docs__weather", server: "docs", prompt: weather }, ["city"]),
    "`/mcp__docs__weather` needs `city`.\n\n" +
      "Type `/mcp__docs__weather city=… state=…`, or the values in this order (quoted when " +
      "they hold spaces):\n- `city`: Name of the city\n- `state` (optional)",
  );
});
