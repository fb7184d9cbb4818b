/** The built-in slash commands, typed into the real UI on a fake session. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { KEY, mountApp } from "./_app.ts";
import { assertSnapshot } from "./_snapshot.ts";
import { agentsInitPrompt } from "../../src/engine/mod.ts";
import { loadCustomCommands } from "../../src/commands/mod.ts";

Deno.test("/clear asks the engine to forget, and the transcript is cleared when it has", async () => {
  const app = await mountApp();
  try {
    await app.command("/help");
    await app.ui.waitFor((f) => f.includes("Custom commands") || f.includes("Keys"));
    await app.command("/clear");
    const op = app.engine.ops.find((s) => s.op.type === "clear");
    assert.ok(op);
    app.engine.emit({ type: "conversation_cleared" }, { submissionId: op.id });
    await app.ui.waitFor((f) => !f.includes("Keys") && f.includes("nanocoder"), "a fresh screen");
  } finally {
    app.unmount();
  }
});

Deno.test("/compact shows the work, then how much was saved", async () => {
  const app = await mountApp();
  try {
    await app.command("/compact");
    const op = app.engine.ops.find((s) => s.op.type === "compact")!;
    await app.ui.waitFor((f) => f.includes("Compacting the conversation"));
    app.engine.emit({ type: "compaction_started", reason: "requested" }, { submissionId: op.id });
    const summaryCall = {
      promptTokens: 9_000,
      completionTokens: 300,
      totalTokens: 9_300,
      contextUsed: 0,
      contextMax: 32768,
      contextPercent: 0,
      source: "server" as const,
    };
    app.engine.emit(
      {
        type: "compacted",
        tokensBefore: 12_000,
        tokensAfter: 3_100,
        summary: "…",
        usage: summaryCall,
      },
      { submissionId: op.id },
    );
    app.engine.emit({
      type: "usage",
      usage: {
        promptTokens: 0,
        completionTokens: 0,
        totalTokens: 0,
        contextUsed: 3100,
        contextMax: 32768,
        contextPercent: 9.5,
        source: "estimate",
      },
    }, { submissionId: op.id });
    const frame = await app.ui.waitFor((f) =>
      f.includes("Context compacted: 12,000 → 3,100 tokens")
    );
    assert.ok(!frame.includes("Compacting the conversation…"), frame);
    assert.match(frame, /ctx ~3\.1k\/32\.8k \(10%\)/);
    // The summary request is counted once; the context figure after it is no call.
    assert.deepEqual(app.store.state.status.totals, {
      prompt: 9_000,
      completion: 300,
      requests: 1,
    });
  } finally {
    app.unmount();
  }
});

Deno.test("/status, /tools and /usage print what the session knows", async () => {
  const app = await mountApp({ rows: 50 });
  try {
    await app.command("/tools");
    await app.ui.waitFor((f) => /web_search +no search API key is configured/.test(f));
    await app.command("/usage");
    await app.ui.waitFor((f) => f.includes("Completion tokens"));
    await app.command("/status");
    const frame = await app.ui.waitFor((f) => f.includes("AGENTS.md"));
    await assertSnapshot("panels_tools_usage_status", frame);
  } finally {
    app.unmount();
  }
});

Deno.test("/init has the model explore in plan mode, writes its answer as AGENTS.md, and restores the mode", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nanocoder-init-" });
  const app = await mountApp({ cwd: dir });
  try {
    await app.command("/init");
    await app.ui.waitFor(() => app.engine.opsOf("prompt").length === 1, "the prompt");
    assert.deepEqual((await app.engine.opOf("prompt")).content, [
      { type: "text", text: await agentsInitPrompt(dir) },
    ]);
    assert.deepEqual(app.engine.opsOf("set_mode"), [{ type: "set_mode", mode: "plan" }]);
    const runId = app.engine.ops.find((s) => s.op.type === "prompt")!.id;
    const answer = "# Project\n\nRun `deno task test`.";
    app.engine.emit({ type: "done", reason: "completed", finalText: answer }, { runId });
    await app.ui.waitFor((f) => /Wrote .*AGENTS\.md \(3 lines\)/.test(f), "the file written");
    assert.equal(await Deno.readTextFile(join(dir, "AGENTS.md")), `${answer}\n`);
    assert.deepEqual(app.engine.opsOf("set_mode").at(-1), { type: "set_mode", mode: "normal" });
    await app.command("/init");
    await app.ui.waitFor((f) => f.includes("AGENTS.md already exists: /init --force"));
    assert.equal(app.engine.opsOf("prompt").length, 1);
  } finally {
    app.unmount();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("/mode plan switches the mode; yolo is refused unless the session started in it", async () => {
  const app = await mountApp();
  try {
    await app.command("/mode plan");
    assert.deepEqual(app.engine.opsOf("set_mode"), [{ type: "set_mode", mode: "plan" }]);
    await app.ui.waitFor((f) => f.includes("Mode: plan — "), "the switch said in the transcript");
    await app.command("/mode yolo");
    await app.ui.waitFor((f) => f.includes('Unknown mode "yolo"') && /--mode\s+yolo/.test(f));
    assert.equal(app.engine.opsOf("set_mode").length, 1);
  } finally {
    app.unmount();
  }
});

Deno.test("an unknown command says so; a path is a message, not a command", async () => {
  const app = await mountApp();
  try {
    await app.command("/frobnicate now");
    await app.ui.waitFor((f) => f.includes("Unknown command: /frobnicate. Type /help"));
    await app.command("/etc/hosts looks odd");
    assert.deepEqual((await app.engine.opOf("prompt")).content?.[0], {
      type: "text",
      text: "/etc/hosts looks odd",
    });
  } finally {
    app.unmount();
  }
});

Deno.test("a prompt typed while a run goes waits, and is sent when the run ends", async () => {
  const app = await mountApp();
  try {
    await app.type("first");
    await app.type(KEY.enter);
    const runId = app.engine.ops.at(-1)!.id;
    await app.type("second");
    await app.type(KEY.enter);
    await app.ui.waitFor((f) => f.includes("queued: second"));
    assert.equal(app.engine.opsOf("prompt").length, 1);
    app.engine.emit({ type: "done", reason: "completed", finalText: "" }, { runId });
    await app.ui.waitFor((f) => !f.includes("queued: second"));
    assert.deepEqual(app.engine.opsOf("prompt")[1].content, [{ type: "text", text: "second" }]);
  } finally {
    app.unmount();
  }
});

Deno.test("Ctrl+C once stops the run and warns; twice exits", async () => {
  const app = await mountApp();
  try {
    await app.type("work");
    await app.type(KEY.enter);
    await app.type(KEY.ctrlC);
    assert.equal(app.engine.opsOf("cancel").length, 1);
    await app.ui.waitFor((f) => f.includes("Press Ctrl+C again to exit"));
    assert.deepEqual(app.exits, []);
    await app.type(KEY.ctrlC);
    await app.ui.waitFor(() => app.exits.length > 0, "the exit");
    assert.deepEqual(app.exits, [0]);
  } finally {
    app.unmount();
  }
});

Deno.test("keys read together (typed ahead) are each handled: Enter sends, the rest is typed", async () => {
  const app = await mountApp();
  try {
    await app.type("first\rsec");
    assert.deepEqual((await app.engine.opOf("prompt")).content, [{ type: "text", text: "first" }]);
    assert.equal(app.store.editor.text, "sec");
    await app.type("ond \\\rline");
    assert.equal(app.store.editor.text, "second \nline", "a trailing \\ still continues");
  } finally {
    app.unmount();
  }
});

Deno.test("a custom command named like a built-in does not take its place", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(join(dir, ".nanocoder", "commands"), { recursive: true });
  await Deno.writeTextFile(join(dir, ".nanocoder", "commands", "mode.md"), "Say mode.");
  const app = await mountApp({ cwd: dir });
  try {
    app.controller.commands = await loadCustomCommands(dir, undefined);
    assert.equal(app.controller.commands[0]?.name, "mode");
    await app.command("/mode plan");
    assert.deepEqual(app.engine.opsOf("set_mode"), [{ type: "set_mode", mode: "plan" }]);
    assert.deepEqual(app.engine.opsOf("prompt"), []);
  } finally {
    app.unmount();
    await Deno.remove(dir, { recursive: true });
  }
});
