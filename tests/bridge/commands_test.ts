/** Which prompts are the bridge's slash commands. */
import assert from "node:assert/strict";
import { commandOf, slashOf } from "../../src/bridge/commands.ts";

Deno.test("a prompt that is a known command is that command with its argument", () => {
  assert.deepEqual(commandOf([{ type: "text", text: "/compact" }]), {
    name: "compact",
    argument: "",
  });
  assert.deepEqual(commandOf([{ type: "text", text: "  /model  qwen3:8b \n" }]), {
    name: "model",
    argument: "qwen3:8b",
  });
});

Deno.test("anything else goes to the model", () => {
  assert.equal(commandOf([{ type: "text", text: "/unknown thing" }]), undefined);
  assert.equal(commandOf([{ type: "text", text: "please /compact" }]), undefined);
  assert.equal(commandOf([{ type: "text", text: "/models" }]), undefined);
  assert.equal(
    commandOf([{ type: "text", text: "/compact" }, { type: "file", path: "a.ts" }]),
    undefined,
  );
});

Deno.test("slashOf() reads any `/name` that starts a prompt, for commands of other kinds", () => {
  assert.deepEqual(
    slashOf([{ type: "text", text: "/mcp__docs__search  deno permissions" }, {
      type: "file",
      path: "a.ts",
    }]),
    { name: "mcp__docs__search", argument: "deno permissions" },
  );
  assert.equal(slashOf([{ type: "text", text: "//comment" }]), undefined);
  assert.equal(slashOf([{ type: "text", text: "no command" }]), undefined);
  assert.equal(slashOf([{ type: "file", path: "/a.ts" }]), undefined);
  assert.equal(slashOf([]), undefined);
});
