/** Which prompts are the bridge's slash commands. */
import assert from "node:assert/strict";
import { commandOf } from "../../src/bridge/commands.ts";

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
