import assert from "node:assert/strict";
import {
  Allowances,
  type ApprovalInput,
  approvalScope,
  decideApproval,
  TEXT_CALL_WARNING,
} from "../../src/agent/approval.ts";

const ALL = ["allow_once", "allow_always", "reject_once", "reject_always"];

function input(overrides: Partial<ApprovalInput>): ApprovalInput {
  return {
    mode: "normal",
    toolName: "tool",
    kind: "read",
    preview: {},
    scope: { key: "tool", label: 'every "tool" call' },
    alwaysAllowed: () => false,
    alwaysDenied: () => false,
    ...overrides,
  };
}

Deno.test("decideApproval() runs read tools in every mode", () => {
  for (const mode of ["normal", "auto-accept", "yolo", "plan"] as const) {
    assert.deepEqual(decideApproval(input({ mode, kind: "read" })), { action: "allow" });
  }
});

Deno.test("decideApproval() in plan mode refuses writes, commands and network tools", () => {
  for (const kind of ["write", "execute", "network"] as const) {
    assert.deepEqual(decideApproval(input({ mode: "plan", kind, toolName: "x" })), {
      action: "deny",
      reason: `Plan mode runs only read tools: "x" (${kind}) was not run`,
    });
  }
});

const SCOPED = { scope: { key: "execute_bash:npm test", label: "npm test …" } };

Deno.test("decideApproval() in normal mode asks for writes, commands, network and unknown kinds", () => {
  for (const kind of ["write", "execute", "network", undefined] as const) {
    assert.deepEqual(decideApproval(input({ kind, preview: SCOPED })), {
      action: "ask",
      warning: undefined,
      options: ALL,
    });
  }
});

Deno.test("decideApproval() in auto-accept mode runs writes but asks for commands", () => {
  assert.deepEqual(decideApproval(input({ mode: "auto-accept", kind: "write" })), {
    action: "allow",
    warning: undefined,
  });
  assert.deepEqual(
    decideApproval(input({ mode: "auto-accept", kind: "execute", preview: SCOPED })),
    { action: "ask", warning: undefined, options: ALL },
  );
});

Deno.test("decideApproval() never offers 'always' for a command its tool could not scope", () => {
  // A command that is not fully understood has no scope: "always" would cover every command.
  assert.deepEqual(decideApproval(input({ kind: "execute", preview: {} })), {
    action: "ask",
    warning: undefined,
    options: ["allow_once", "reject_once", "reject_always"],
  });
});

Deno.test("decideApproval() runs allow-listed commands unless they are dangerous", () => {
  assert.deepEqual(
    decideApproval(input({ kind: "execute", preview: { preapproved: true } })),
    { action: "allow" },
  );
  assert.deepEqual(
    decideApproval(input({
      mode: "auto-accept",
      kind: "execute",
      preview: { preapproved: true, warning: "deletes the home directory" },
    })),
    {
      action: "ask",
      warning: "deletes the home directory",
      options: ["allow_once", "reject_once", "reject_always"],
    },
  );
});

Deno.test("decideApproval() in yolo mode runs everything but still reports warnings", () => {
  assert.deepEqual(
    decideApproval(input({ mode: "yolo", kind: "execute", preview: { warning: "force push" } })),
    { action: "allow", warning: "force push" },
  );
});

Deno.test("decideApproval() honours 'always' by scope, except for dangerous calls", () => {
  const scope = { key: "execute_bash:npm test", label: "npm test" };
  const alwaysAllowed = (key: string) => key === "execute_bash:npm test";
  assert.deepEqual(
    decideApproval(input({ kind: "execute", toolName: "execute_bash", scope, alwaysAllowed })),
    { action: "allow" },
  );
  assert.deepEqual(
    decideApproval(input({
      kind: "execute",
      toolName: "execute_bash",
      scope: { key: "execute_bash:rm", label: "rm" },
      alwaysAllowed,
    })).action,
    "ask",
  );
  assert.deepEqual(
    decideApproval(input({
      kind: "execute",
      scope,
      alwaysAllowed,
      preview: { warning: "rm -rf /" },
    })).action,
    "ask",
  );
});

Deno.test("decideApproval() refuses a scope rejected 'always', in every mode", () => {
  for (const mode of ["normal", "auto-accept", "yolo"] as const) {
    assert.deepEqual(
      decideApproval(input({ mode, kind: "execute", alwaysDenied: (key) => key === "tool" })),
      { action: "deny", reason: 'The user refused every "tool" call for this session' },
    );
  }
});

Deno.test("decideApproval() asks about a call written as text in every mode, never 'always'", () => {
  for (const mode of ["normal", "auto-accept", "yolo", "plan"] as const) {
    assert.deepEqual(decideApproval(input({ mode, kind: "read", writtenAsText: true })), {
      action: "ask",
      warning: TEXT_CALL_WARNING,
      options: ["allow_once", "reject_once"],
    });
  }
});

Deno.test("decideApproval() lets a tool's own refusal win in every mode", () => {
  assert.deepEqual(
    decideApproval(input({ mode: "yolo", kind: "execute", preview: { refuse: "no sandbox" } })),
    { action: "deny", reason: "no sandbox" },
  );
});

Deno.test("approvalScope() takes the preview's scope, else the whole tool", () => {
  assert.deepEqual(approvalScope("create_file", {}), {
    key: "create_file",
    label: 'every "create_file" call',
  });
  const scope = { key: "execute_bash:git status", label: "git status" };
  assert.deepEqual(approvalScope("execute_bash", { scope }), scope);
});

Deno.test("Allowances remember the last answer per scope", () => {
  const allowances = new Allowances();
  const scope = { key: "k", label: "k" };
  allowances.allow(scope);
  assert.deepEqual([allowances.isAllowed("k"), allowances.isDenied("k")], [true, false]);
  allowances.deny(scope);
  assert.deepEqual([allowances.isAllowed("k"), allowances.isDenied("k")], [false, true]);
  assert.equal(allowances.isAllowed("other"), false);
});
