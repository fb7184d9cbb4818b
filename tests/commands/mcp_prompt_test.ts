/** What a person types after `/mcp__server__prompt`, as the prompt's named arguments. */
import assert from "node:assert/strict";
import { mcpPromptArguments, mcpPromptUsage } from "../../src/engine/mod.ts";

Deno.test("an MCP prompt's typed words: by name, in order, the rest joined into the last", () => {
  const prompt = {
    name: "trip",
    arguments: [
      { name: "city", required: true },
      { name: "days", required: false },
      { name: "notes", required: false },
    ],
  };
  assert.deepEqual(mcpPromptArguments(prompt, '"New York" 3 bring a coat'), {
    arguments: { city: "New York", days: "3", notes: "bring a coat" },
    missing: [],
  });
  assert.deepEqual(mcpPromptArguments(prompt, "days=2 Paris"), {
    arguments: { days: "2", city: "Paris" },
    missing: [],
  });
  assert.deepEqual(mcpPromptArguments(prompt, "unknown=1"), {
    arguments: { city: "unknown=1" },
    missing: [],
  });
  assert.deepEqual(mcpPromptArguments(prompt, ""), { arguments: {}, missing: ["city"] });
  assert.equal(mcpPromptUsage(prompt), "<city> [days] [notes]");
});
