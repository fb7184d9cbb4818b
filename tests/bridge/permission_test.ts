/** Approval requests as ACP permission options, and the editor's answers as ops. */
import assert from "node:assert/strict";
import { answerOp, permissionOptions } from "../../src/bridge/permission.ts";
import type { AgentEvent } from "../../src/protocol.ts";

const request = (
  options: Extract<AgentEvent, { type: "approval_request" }>["options"],
): Extract<AgentEvent, { type: "approval_request" }> => ({
  type: "approval_request",
  sessionId: "s",
  callId: "c1",
  name: "execute_bash",
  kind: "execute",
  title: "execute_bash: npm test",
  arguments: { command: "npm test" },
  options,
  scope: { key: "bash:npm test", label: "`npm test` commands" },
});

Deno.test("the options name what an always answer covers", () => {
  assert.deepEqual(
    permissionOptions(request(["reject_always", "allow_once", "allow_always", "reject_once"])),
    [
      { optionId: "allow_once", name: "Allow", kind: "allow_once" },
      { optionId: "allow_always", name: "Always allow `npm test` commands", kind: "allow_always" },
      { optionId: "reject_once", name: "Reject", kind: "reject_once" },
      {
        optionId: "reject_always",
        name: "Always reject `npm test` commands",
        kind: "reject_always",
      },
    ],
  );
});

Deno.test("a dangerous command offers no allow always", () => {
  const ids = permissionOptions(request(["allow_once", "reject_once", "reject_always"]))
    .map((o) => o.optionId);
  assert.deepEqual(ids, ["allow_once", "reject_once", "reject_always"]);
});

Deno.test("each answer becomes the op that resolves the request", () => {
  const op = (optionId: string) => answerOp("c1", { outcome: "selected", optionId });
  assert.deepEqual(op("allow_once"), { type: "approve", callId: "c1" });
  assert.deepEqual(op("allow_always"), { type: "approve", callId: "c1", always: true });
  assert.deepEqual(op("reject_once"), { type: "deny", callId: "c1" });
  assert.deepEqual(op("reject_always"), { type: "deny", callId: "c1", always: true });
  assert.deepEqual(answerOp("c1", { outcome: "cancelled" }), { type: "cancel" });
  assert.deepEqual(op("maybe"), {
    type: "deny",
    callId: "c1",
    reason: 'the editor answered with an unknown option "maybe"',
  });
});
