/**
 * The approval prompt: a write shows its diff (a new file its content) before anything
 * happens, a command shows itself and its danger warning; y, a and n answer, n then
 * takes an optional reason for the model, arrows and Enter work too, Esc stops the run.
 */
import assert from "node:assert/strict";
import type { AgentEventBody } from "../../src/protocol.ts";
import { KEY, mountApp, type MountedApp } from "./_app.ts";
import { assertSnapshot } from "./_snapshot.ts";

type Request = Extract<AgentEventBody, { type: "approval_request" }>;

const EDIT: Request = {
  type: "approval_request",
  callId: "call-1",
  name: "string_replace",
  kind: "write",
  title: "string_replace src/total.ts",
  arguments: { path: "src/total.ts", old_str: "i < n - 1", new_str: "i < n" },
  diff: [
    "--- a/src/total.ts",
    "+++ b/src/total.ts",
    "@@ -10,5 +10,5 @@",
    " export function total(items: number[]): number {",
    "   let sum = 0;",
    "-  for (let i = 0; i < n - 1; i++) sum += items[i];",
    "+  for (let i = 0; i < n; i++) sum += items[i];",
    "   return sum;",
    "",
  ].join("\n"),
  options: ["allow_once", "allow_always", "reject_once", "reject_always"],
  scope: { key: "tool:string_replace", label: "string_replace" },
};

const COMMAND: Request = {
  type: "approval_request",
  callId: "call-2",
  name: "execute_bash",
  kind: "execute",
  title: "execute_bash: rm -rf build && npm run build",
  arguments: { command: "rm -rf build && npm run build" },
  warning: "rm -rf deletes files recursively; check the path",
  options: ["allow_once", "reject_once"],
};

/** Starts a run and puts an approval request on screen. */
async function ask(app: MountedApp, request: Request): Promise<string> {
  await app.type("go");
  await app.type(KEY.enter);
  const runId = app.engine.ops.at(-1)!.id;
  app.engine.emit({
    type: "tool_call_started",
    callId: request.callId,
    name: request.name,
    kind: request.kind,
    activity: request.kind === "execute" ? "execute" : "edit",
    title: request.title,
    locations: [],
    arguments: request.arguments,
  }, { runId });
  app.engine.emit(request, { runId });
  await app.ui.waitFor((f) => f.includes(`Allow ${request.title}?`), "the approval prompt");
  return runId;
}

Deno.test("an edit's diff is shown before it is approved, and y approves it once", async () => {
  const app = await mountApp();
  try {
    await ask(app, EDIT);
    await assertSnapshot("approval_edit_diff", app.frame());
    await app.type("y");
    assert.deepEqual(app.engine.opsOf("approve"), [
      { type: "approve", callId: "call-1", always: false },
    ]);
    await app.ui.waitFor((f) => !f.includes("Allow string_replace"), "the prompt to close");
  } finally {
    app.unmount();
  }
});

Deno.test("a always allows the scope that is shown", async () => {
  const app = await mountApp();
  try {
    await ask(app, EDIT);
    assert.match(app.frame(), /don't ask again this session for string_replace \(a\)/);
    await app.type("a");
    assert.deepEqual(app.engine.opsOf("approve"), [
      { type: "approve", callId: "call-1", always: true },
    ]);
  } finally {
    app.unmount();
  }
});

Deno.test("a command shows itself and its warning, with no 'always' when none is offered", async () => {
  const app = await mountApp();
  try {
    await ask(app, COMMAND);
    const frame = app.frame();
    assert.ok(!frame.includes("(a)"), frame);
    await assertSnapshot("approval_command_warning", frame);
    await app.type("a"); // not offered: nothing happens
    assert.deepEqual(app.engine.opsOf("approve"), []);
  } finally {
    app.unmount();
  }
});

Deno.test("n denies, after an optional reason that goes to the model", async () => {
  const app = await mountApp();
  try {
    await ask(app, COMMAND);
    await app.type("n");
    await app.ui.waitFor((f) => f.includes("Why not?"), "the reason field");
    assert.deepEqual(app.engine.opsOf("deny"), []);
    await app.type("use make instead");
    await app.ui.waitFor((f) => f.includes("> use make instead"));
    await app.type(KEY.enter);
    assert.deepEqual(app.engine.opsOf("deny"), [
      { type: "deny", callId: "call-2", reason: "use make instead" },
    ]);
  } finally {
    app.unmount();
  }
});

Deno.test("arrows and Enter choose an answer too", async () => {
  const app = await mountApp();
  try {
    await ask(app, EDIT);
    await app.type(KEY.down);
    await app.ui.waitFor((f) => /❯ 2\. Yes, and don't ask/.test(f), "the second answer selected");
    await app.type(KEY.enter);
    assert.deepEqual(app.engine.opsOf("approve"), [
      { type: "approve", callId: "call-1", always: true },
    ]);
  } finally {
    app.unmount();
  }
});

Deno.test("Esc during an approval cancels the run", async () => {
  const app = await mountApp();
  try {
    await ask(app, EDIT);
    await app.type(KEY.escape);
    await new Promise((r) => setTimeout(r, 40)); // Ink waits briefly to tell Esc from a sequence
    assert.equal(app.engine.opsOf("cancel").length, 1);
  } finally {
    app.unmount();
  }
});

Deno.test("a diff is coloured: added lines green, removed lines red", async () => {
  const app = await mountApp({ color: true });
  try {
    await ask(app, EDIT);
    const raw = app.ui.lastFrame().split("\n");
    const green = "\x1b[32m";
    const red = "\x1b[31m";
    const added = raw.find((l) => l.includes("+   for (let i = 0; i < n; i++)"));
    const removed = raw.find((l) => l.includes("-   for (let i = 0; i < n - 1; i++)"));
    assert.ok(added?.includes(green), added);
    assert.ok(removed?.includes(red), removed);
  } finally {
    app.unmount();
  }
});
