/**
 * The chat as a person sees it, rendered by the real components on a fake terminal:
 * the streamed answer (markdown, reasoning folded), tool calls, the status line.
 */
import assert from "node:assert/strict";
import { KEY, mountApp } from "./_app.ts";
import { assertSnapshot } from "./_snapshot.ts";

const ANSWER = [
  "# Plan",
  "",
  "I will **fix** the `parse()` bug:",
  "",
  "1. read the file",
  "2. change the loop",
  "",
  "```ts",
  "for (const x of items) total += x;",
  "```",
  "",
  "| file | change |",
  "|---|---|",
  "| src/a.ts | loop |",
].join("\n");

Deno.test("a prompt is shown, its answer streams in as markdown and lands in the transcript", async () => {
  const app = await mountApp();
  try {
    await app.type("fix the parse bug");
    await app.type(KEY.enter);
    const prompt = await app.engine.opOf("prompt");
    assert.deepEqual(prompt.content, [{ type: "text", text: "fix the parse bug" }]);
    const runId = app.engine.ops.at(-1)!.id;
    app.engine.emit({ type: "run_started", prompt: prompt.content! }, { runId });
    app.engine.emit({ type: "turn_start", turn: 1 }, { runId });
    app.engine.emit({ type: "reasoning_delta", text: "The loop skips the last item." }, { runId });
    await app.ui.waitFor((f) => f.includes("Thinking…"), "reasoning while thinking");
    for (let i = 0; i < ANSWER.length; i += 7) {
      app.engine.emit({ type: "text_delta", text: ANSWER.slice(i, i + 7) }, { runId });
    }
    await app.ui.waitFor((f) => f.includes("change the loop"), "the streamed list");
    app.engine.emit({ type: "assistant_message", text: ANSWER, reasoning: "" }, { runId });
    app.engine.emit({
      type: "usage",
      usage: {
        promptTokens: 1200,
        completionTokens: 80,
        totalTokens: 1280,
        contextUsed: 1280,
        contextMax: 32768,
        contextPercent: 3.9,
        source: "server",
      },
    }, { runId });
    app.engine.emit({ type: "done", reason: "completed", finalText: ANSWER }, { runId });
    const frame = await app.ui.waitFor((f) => f.includes("ctx 1.3k/32.8k"), "the usage");
    assert.ok(!frame.includes("esc to stop"), "idle again");
    await assertSnapshot("chat_streamed_answer", app.frame());
  } finally {
    app.unmount();
  }
});

Deno.test("Enter sends a prompt to the engine before any frame is drawn; the frame follows", async () => {
  const app = await mountApp();
  try {
    await app.type("say hello");
    await app.ui.waitFor((f) => f.includes("> say hello"));
    const before = app.ui.frameCount();
    let framesAtSubmit = -1;
    app.engine.onSubmit = () => (framesAtSubmit = app.ui.frameCount());
    app.ui.stdin.write(KEY.enter);
    // Submitted in the key's own handler: nothing was drawn first (no disk, no frame).
    assert.equal(framesAtSubmit, before);
    await app.ui.waitFor((f) => f.includes("❯ say hello") && f.includes("Thinking"));
  } finally {
    app.unmount();
  }
});

Deno.test("the status line shows provider, model, mode and context, and Shift+Tab cycles modes", async () => {
  const app = await mountApp({ columns: 100 });
  try {
    await assertSnapshot("status_line_normal", app.frame().split("\n").at(-1)!);
    await app.type(KEY.shiftTab);
    assert.deepEqual(app.engine.opsOf("set_mode"), [{ type: "set_mode", mode: "auto-accept" }]);
    app.engine.emit({ type: "mode_changed", mode: "auto-accept" });
    await app.ui.waitFor((f) => f.includes("auto-accept mode"));
    await app.type(KEY.shiftTab);
    app.engine.emit({ type: "mode_changed", mode: "plan" });
    await app.ui.waitFor((f) => f.includes("plan mode"));
    await app.type(KEY.shiftTab);
    // yolo is reached only when the session started in it: plan goes back to normal.
    assert.deepEqual(app.engine.opsOf("set_mode").map((op) => op.mode), [
      "auto-accept",
      "plan",
      "normal",
    ]);
  } finally {
    app.unmount();
  }
});

Deno.test("a running command shows its output tail, then its exit code", async () => {
  const app = await mountApp();
  try {
    await app.type("!npm test");
    await app.type(KEY.enter);
    assert.deepEqual(app.engine.opsOf("shell"), [{ type: "shell", command: "npm test" }]);
    const runId = app.engine.ops.at(-1)!.id;
    app.engine.emit({
      type: "tool_call_started",
      callId: "c1",
      name: "execute_bash",
      kind: "execute",
      activity: "execute",
      title: "npm test",
      locations: [],
      arguments: { command: "npm test" },
      origin: "user",
    }, { runId });
    app.engine.emit({ type: "tool_output", callId: "c1", chunk: "test 1 ok\ntest 2 ok\n" }, {
      runId,
    });
    await app.ui.waitFor((f) => f.includes("test 2 ok") && f.includes("esc to stop"));
    app.engine.emit({ type: "tool_output", callId: "c1", chunk: "test 3 FAILED\n" }, { runId });
    app.engine.emit({
      type: "tool_call_ended",
      callId: "c1",
      name: "execute_bash",
      outcome: "failed",
      ok: false,
      result: "test 1 ok\ntest 2 ok\ntest 3 FAILED\n\nExit code: 1",
      exitCode: 1,
    }, { runId });
    app.engine.emit({ type: "done", reason: "completed", finalText: "" }, { runId });
    await app.ui.waitFor((f) => f.includes("exit 1") && !f.includes("esc to stop"));
    await assertSnapshot("command_exit_code", app.frame());
  } finally {
    app.unmount();
  }
});

Deno.test("tool calls are compact lines — diff, match count, failure — and Ctrl+O expands them", async () => {
  const app = await mountApp({ rows: 40 });
  try {
    await app.type("tidy up");
    await app.type(KEY.enter);
    const runId = app.engine.ops.at(-1)!.id;
    const call = (id: string, title: string, activity: "search" | "edit" | "read") => ({
      type: "tool_call_started" as const,
      callId: id,
      name: `tool_${id}`,
      kind: activity === "edit" ? "write" as const : "read" as const,
      activity,
      title,
      locations: [],
      arguments: {},
    });
    const end = (id: string, extra: Record<string, unknown>) => ({
      type: "tool_call_ended" as const,
      callId: id,
      name: `tool_${id}`,
      outcome: "ok" as const,
      ok: true,
      result: "",
      ...extra,
    });
    app.engine.emit(call("s", 'search_file_contents "TODO"', "search"), { runId });
    app.engine.emit(
      end("s", { summary: "Found 12 matches in 3 files", result: "a.ts:1: TODO\nb.ts:4: TODO" }),
      { runId },
    );
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    app.engine.emit(call("e", "string_replace src/long.ts", "edit"), { runId });
    app.engine.emit(
      end("e", {
        summary: "Edited src/long.ts: +20 -1",
        changes: [{
          path: "/work/project/src/long.ts",
          oldText: "old\n",
          newText: lines.join("\n") + "\n",
        }],
      }),
      { runId },
    );
    app.engine.emit(call("r", "read_file missing.ts", "read"), { runId });
    app.engine.emit({
      ...end("r", { result: 'Error: "missing.ts" does not exist. Check the path.' }),
      outcome: "failed",
      ok: false,
    }, { runId });
    app.engine.emit({ type: "done", reason: "completed", finalText: "" }, { runId });
    await app.ui.waitFor((f) => f.includes("does not exist") && f.includes("ctx"));
    const compact = app.frame();
    assert.match(compact, /… \d+ more lines/);
    assert.ok(!compact.includes("line 20"), compact);
    await assertSnapshot("tools_compact", compact);
    await app.type("\x0f"); // Ctrl+O
    const expanded = await app.ui.waitFor((f) => f.includes("line 20"), "the expanded diff");
    assert.ok(expanded.includes("b.ts:4: TODO"), expanded);
  } finally {
    app.unmount();
  }
});

Deno.test("typing after one Esc takes its hint away, and the next Esc is a first one again", async () => {
  const app = await mountApp();
  try {
    await app.type("a draft");
    await app.type(KEY.escape);
    await app.ui.waitFor((f) => f.includes("Press Esc again to clear the input"));
    await app.type("!");
    assert.equal(app.store.state.hint, undefined);
    await app.type(KEY.escape);
    assert.equal(app.store.editor.text, "a draft!", "not cleared: a first Esc after typing");
    await app.type(KEY.escape);
    await app.ui.waitFor(() => app.store.editor.text === "", "the second Esc to clear");
  } finally {
    app.unmount();
  }
});
