/**
 * The ops interactive frontends add: `shell` (a command the user typed, whose output the
 * model gets with the next prompt) and `clear` (the conversation starts afresh).
 */
import assert from "node:assert/strict";
import { EventLog, openIsolated, withEngine } from "./_engine.ts";

Deno.test("shell runs the user's command as a tool call of origin user, then done", async () => {
  await withEngine({ turns: [] }, {}, async ({ engine, log }) => {
    const runId = engine.submit({ type: "shell", command: "echo hello; exit 3" });
    await log.done(runId);
    const run = log.ofRun(runId);
    assert.deepEqual(log.types(run).filter((t) => t !== "tool_output"), [
      "tool_call_started",
      "tool_call_ended",
      "done",
    ]);
    const started = run[0];
    assert.equal(started.type === "tool_call_started" && started.origin, "user");
    assert.equal(started.type === "tool_call_started" && started.title, "echo hello; exit 3");
    const ended = run.find((e) => e.type === "tool_call_ended");
    assert.ok(ended?.type === "tool_call_ended");
    assert.equal(ended.exitCode, 3);
    assert.match(ended.result, /hello[\s\S]*3/);
    assert.deepEqual(run.at(-1)?.type === "done" && run.at(-1), {
      type: "done",
      reason: "completed",
      finalText: "",
      sessionId: engine.sessionId,
      runId,
    });
    // Not a call the model made: the transcript has nothing yet.
    assert.deepEqual(engine.transcript(), []);
  });
});

Deno.test("the output of a user's command reaches the model with the next prompt", async () => {
  await withEngine({ turns: [{ text: "I see 42." }] }, {}, async ({ engine, log, mock }) => {
    await log.done(engine.submit({ type: "shell", command: "echo 42" }));
    await log.done(engine.submit({ type: "prompt", text: "what did it print?" }));
    const messages = mock.chatRequests()[0].body.messages;
    assert.equal(messages.length, 2); // system + one user message: no two user turns in a row
    const text: string = messages[1].content;
    assert.ok(text.startsWith("Bash command output:\n```\n$ echo 42\n42\n"), text);
    assert.ok(text.endsWith("\n```\n\nwhat did it print?"), text);
    assert.equal(engine.transcript()[0].type, "user");
  });
});

Deno.test("cancel stops a user's command at once", async () => {
  await withEngine({ turns: [] }, {}, async ({ engine, log }) => {
    const runId = engine.submit({ type: "shell", command: "sleep 30" });
    await log.waitFor((e) => e.type === "tool_call_started" && e.runId === runId);
    const started = performance.now();
    engine.submit({ type: "cancel" });
    const done = await log.done(runId);
    assert.equal(done.reason, "cancelled");
    assert.ok(performance.now() - started < 10_000);
    const ended = log.ofRun(runId).find((e) => e.type === "tool_call_ended");
    assert.equal(ended?.type === "tool_call_ended" && ended.outcome, "cancelled");
  });
});

Deno.test("a command while a prompt runs is refused as busy", async () => {
  const slow = { text: "word ".repeat(40), chunkSize: 5, delayMs: 5 };
  await withEngine({ turns: [slow] }, {}, async ({ engine, log }) => {
    const first = engine.submit({ type: "prompt", text: "talk" });
    await log.waitFor((e) => e.type === "text_delta" && e.runId === first);
    const shell = engine.submit({ type: "shell", command: "echo no" });
    await log.done(shell);
    assert.deepEqual(log.types(log.ofRun(shell)), ["error", "done"]);
    assert.equal((await log.done(first)).reason, "completed");
  });
});

Deno.test("clear empties the conversation: the next request has only the new prompt", async () => {
  await withEngine(
    { turns: [{ text: "First answer." }, { text: "Second answer." }] },
    {},
    async ({ engine, log, mock }) => {
      await log.done(engine.submit({ type: "prompt", text: "one" }));
      const id = engine.submit({ type: "clear" });
      const cleared = await log.waitFor((e) => e.type === "conversation_cleared");
      assert.equal(cleared.submissionId, id);
      assert.deepEqual(engine.transcript(), []);
      await log.done(engine.submit({ type: "prompt", text: "two" }));
      const messages = mock.chatRequests()[1].body.messages;
      assert.deepEqual(messages.slice(1), [{ role: "user", content: "two" }]);
    },
  );
});

Deno.test("after clear a usage event gives the context left (no call, no tokens spent)", async () => {
  const turn = {
    text: "A long answer. ".repeat(200),
    usage: { prompt_tokens: 6000, completion_tokens: 800 },
  };
  await withEngine({ turns: [turn] }, {}, async ({ engine, log }) => {
    await log.done(engine.submit({ type: "prompt", text: "one" }));
    const answered = log.events.findLast((e) => e.type === "usage");
    const id = engine.submit({ type: "clear" });
    const after = await log.waitFor((e) => e.type === "usage" && e.submissionId === id);
    assert.ok(answered?.type === "usage" && after.type === "usage");
    assert.ok(after.usage.contextUsed > 0, "the system prompt and tools still count");
    assert.ok(after.usage.contextUsed < answered.usage.contextUsed);
    assert.deepEqual(
      [after.usage.promptTokens, after.usage.completionTokens, after.usage.totalTokens],
      [0, 0, 0],
    );
  });
});

Deno.test("clear while a prompt runs is refused as busy and changes nothing", async () => {
  const slow = { text: "word ".repeat(40), chunkSize: 5, delayMs: 5 };
  await withEngine({ turns: [slow] }, {}, async ({ engine, log }) => {
    const run = engine.submit({ type: "prompt", text: "talk" });
    await log.waitFor((e) => e.type === "text_delta" && e.runId === run);
    const id = engine.submit({ type: "clear" });
    const error = await log.waitFor((e) => e.type === "error" && e.submissionId === id);
    assert.equal(error.type === "error" && error.code, "busy");
    await log.done(run);
    assert.equal(engine.transcript().length, 2);
  });
});

Deno.test("a prompt submitted as soon as the previous run's done arrives is accepted", async () => {
  await withEngine(
    { turns: [{ text: "One." }, { text: "Two." }] },
    {},
    async ({ engine, log }) => {
      await log.done(engine.submit({ type: "prompt", text: "one" }));
      const shell = await log.done(engine.submit({ type: "shell", command: "true" }));
      const second = await log.done(engine.submit({ type: "prompt", text: "two" }));
      assert.deepEqual([shell.reason, second.reason, second.finalText], [
        "completed",
        "completed",
        "Two.",
      ]);
      assert.ok(!log.events.some((e) => e.type === "error"), log.types().join(", "));
    },
  );
});

Deno.test("a cleared conversation stays cleared when the session is continued", async () => {
  await withEngine(
    { turns: [{ text: "Before." }, { text: "After." }, { text: "Continued." }] },
    {},
    async ({ engine, log, dir, mock }) => {
      await log.done(engine.submit({ type: "prompt", text: "one" }));
      engine.submit({ type: "clear" });
      await log.waitFor((e) => e.type === "conversation_cleared");
      await log.done(engine.submit({ type: "prompt", text: "two" }));
      await engine.close();
      const next = await openIsolated(
        { cwd: dir, baseUrl: mock.url, model: "test-model", continue: true },
        dir,
      );
      try {
        assert.deepEqual(next.transcript().map((item) => item.type), ["user", "assistant"]);
        const nextLog = new EventLog(next);
        await nextLog.done(next.submit({ type: "prompt", text: "three" }));
        const messages = mock.chatRequests().at(-1)!.body.messages;
        assert.deepEqual(
          messages.slice(1).map((m: { content: string }) => m.content),
          ["two", "After.", "three"],
        );
      } finally {
        await next.close();
      }
    },
  );
});
