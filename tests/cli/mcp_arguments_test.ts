/**
 * `nanocoder mcp call` with arguments that do not fit the tool: a person is told which
 * argument is wrong, what it should be and what it got — not the model's retry advice.
 */
import assert from "node:assert/strict";
import { argumentProblems } from "../../src/cli/mcp_arguments.ts";
import { adaptTool } from "../../src/mcp/tool_adapter.ts";

const inputSchema = {
  type: "object",
  properties: {
    path: { type: "string" },
    lines: { type: "integer" },
    mode: { type: "string", enum: ["fast", "slow"] },
    tags: { type: "array", items: { type: "string" } },
  },
  required: ["path", "lines"],
  additionalProperties: false,
};

function tool() {
  const adapted = adaptTool("fs", { name: "read", inputSchema }, () => {
    throw new Error("never called");
  });
  assert.ok(adapted.ok);
  return adapted.tool;
}

const label = 'tool "read" of MCP server "fs"';
const takes = "Arguments: path (string, required), lines (integer, required), mode (string), " +
  "tags (array)";

Deno.test("arguments that fit: no message", () => {
  assert.equal(argumentProblems(tool(), { path: "a.txt", lines: 3 }, label), undefined);
});

Deno.test("a wrong type names the argument, the type wanted and the value given", () => {
  assert.equal(
    argumentProblems(tool(), { path: 7, lines: "ten" }, label),
    [
      `Invalid arguments for ${label}:`,
      '  "path" must be a string, got a number (7)',
      '  "lines" must be a whole number, got a string ("ten")',
      takes,
    ].join("\n"),
  );
});

Deno.test("a missing argument, an unknown one, a value not allowed, a nested item", () => {
  const message = argumentProblems(
    tool(),
    { lines: 1, mode: "turbo", tags: ["a", 2], colour: "red" },
    label,
  )!;
  assert.equal(
    message,
    [
      `Invalid arguments for ${label}:`,
      '  "path" is missing: expected a string',
      '  "colour" is not an argument of this tool',
      '  "mode" must be one of "fast", "slow", got a string ("turbo")',
      '  "tags.1" must be a string, got a number (2)',
      takes,
    ].join("\n"),
  );
  assert.doesNotMatch(message, /call the tool again/);
});
