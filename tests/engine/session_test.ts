/**
 * The engine session as a frontend drives it: ops through `submit`, one event stream,
 * against the mock OpenAI-compatible server.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { withEngine } from "./_engine.ts";

Deno.test("a session starts with session_configured and tags every event with its ids", async () => {
  await withEngine({ turns: [{ text: "Hello." }] }, {}, async ({ engine, log, dir }) => {
    const first = await log.waitFor((e) => e.type === "session_configured");
    assert.equal(log.events[0], first);
    assert.equal(first.type === "session_configured" && first.cwd, dir);
    assert.deepEqual(
      first.type === "session_configured" &&
        [first.model, first.mode, first.contextMax, first.toolCalling, first.provider],
      ["test-model", "normal", 100_000, "auto", "custom"],
    );
    assert.ok(
      first.type === "session_configured" &&
        first.tools.some((t) =>
          t.name === "create_file" && t.kind === "write" && t.source === "builtin"
        ),
    );
    const runId = engine.submit({ type: "prompt", text: "hi" });
    await log.done(runId);
    const run = log.ofRun(runId);
    assert.deepEqual(log.types(run), [
      "run_started",
      "turn_start",
      "text_delta",
      "usage",
      "assistant_message",
      "done",
    ]);
    assert.equal(run[0].type, "run_started");
    assert.ok(log.events.every((e) => e.sessionId === engine.sessionId));
    assert.deepEqual(run.at(-1), {
      type: "done",
      reason: "completed",
      finalText: "Hello.",
      sessionId: engine.sessionId,
      runId,
    });
  });
});

Deno.test("two prompts in one session keep the history", async () => {
  await withEngine(
    { turns: [{ text: "The answer is 42." }, { text: "You asked about the answer." }] },
    {},
    async ({ engine, log, mock }) => {
      await log.done(engine.submit({ type: "prompt", text: "what is the answer?" }));
      await log.done(engine.submit({ type: "prompt", text: "what did I ask?" }));
      const second = mock.chatRequests()[1].body.messages;
      assert.deepEqual(second.slice(1).map((m: { role: string; content: string }) => m), [
        { role: "user", content: "what is the answer?" },
        { role: "assistant", content: "The answer is 42." },
        { role: "user", content: "what did I ask?" },
      ]);
      assert.deepEqual(engine.transcript(), [
        { type: "user", content: [{ type: "text", text: "what is the answer?" }] },
        { type: "assistant", text: "The answer is 42." },
        { type: "user", content: [{ type: "text", text: "what did I ask?" }] },
        { type: "assistant", text: "You asked about the answer." },
      ]);
    },
  );
});

Deno.test("a second prompt while one runs is refused as busy and the first one finishes", async () => {
  const slow = { text: "word ".repeat(50), chunkSize: 5, delayMs: 5 };
  await withEngine({ turns: [slow] }, {}, async ({ engine, log, mock }) => {
    const first = engine.submit({ type: "prompt", text: "talk" });
    await log.waitFor((e) => e.type === "text_delta" && e.runId === first);
    const second = engine.submit({ type: "prompt", text: "and this?" });
    await log.done(second);
    const refused = log.ofRun(second);
    assert.deepEqual(log.types(refused), ["error", "done"]);
    assert.equal(refused[0].type === "error" && refused[0].code, "busy");
    assert.match(refused[0].type === "error" ? refused[0].message : "", /still going/);
    const done = await log.done(first);
    assert.equal(done.reason, "completed");
    assert.equal(mock.chatRequests().length, 1);
  });
});

Deno.test("set_model mid-session: a new session_configured, and the next request uses it", async () => {
  await withEngine(
    { turns: [{ text: "one" }, { text: "two" }] },
    {},
    async ({ engine, log, mock }) => {
      await log.done(engine.submit({ type: "prompt", text: "first" }));
      const id = engine.submit({ type: "set_model", model: "other-model" });
      const configured = await log.waitFor((e) =>
        e.type === "session_configured" && e.submissionId === id
      );
      assert.equal(configured.type === "session_configured" && configured.model, "other-model");
      await log.done(engine.submit({ type: "prompt", text: "second" }));
      assert.deepEqual(mock.chatRequests().map((r) => r.body.model), [
        "test-model",
        "other-model",
      ]);
      // The conversation went on with the new model.
      assert.equal(mock.chatRequests()[1].body.messages.length, 4);
    },
  );
});

Deno.test("set_mode plan reaches the next system prompt and refuses writes", async () => {
  const write = { name: "create_file", arguments: { path: "plan.txt", content: "no\n" } };
  await withEngine(
    { turns: [{ text: "ok" }, { toolCalls: [write] }, { text: "Here is the plan." }] },
    { mode: "auto-accept" },
    async ({ engine, log, mock, dir }) => {
      await log.done(engine.submit({ type: "prompt", text: "hi" }));
      const id = engine.submit({ type: "set_mode", mode: "plan" });
      const changed = await log.waitFor((e) => e.type === "mode_changed");
      assert.deepEqual(changed, {
        type: "mode_changed",
        mode: "plan",
        sessionId: engine.sessionId,
        submissionId: id,
      });
      const runId = engine.submit({ type: "prompt", text: "write plan.txt" });
      await log.done(runId);
      const [before, after] = mock.chatRequests().map((r) => r.body.messages[0].content);
      assert.match(before, /Mode: auto-accept/);
      assert.match(after, /Mode: plan \(read-only/);
      const ended = log.ofRun(runId).find((e) => e.type === "tool_call_ended");
      assert.equal(ended?.type === "tool_call_ended" && ended.outcome, "denied");
      await assert.rejects(Deno.stat(join(dir, "plan.txt")), Deno.errors.NotFound);
    },
  );
});

Deno.test("compact while idle summarizes the conversation and reports fresh usage", async () => {
  const turns = [
    { text: "answer one " + "x ".repeat(200) },
    { text: "answer two " + "y ".repeat(200) },
    { text: "answer three " + "z ".repeat(200) },
    { text: "- the user asked three questions" }, // the summary request
    { text: "after compaction" },
  ];
  await withEngine({ turns }, {}, async ({ engine, log, mock }) => {
    for (const q of ["one", "two", "three"]) {
      await log.done(engine.submit({ type: "prompt", text: `question ${q}` }));
    }
    const id = engine.submit({ type: "compact" });
    const usage = await log.waitFor((e) => e.type === "usage" && e.submissionId === id);
    const answers = log.events.filter((e) => e.submissionId === id);
    assert.deepEqual(log.types(answers), ["compaction_started", "compacted", "usage"]);
    const compacted = answers[1];
    assert.equal(
      compacted.type === "compacted" && compacted.summary,
      "- the user asked three questions",
    );
    assert.ok(
      compacted.type === "compacted" && compacted.tokensAfter < compacted.tokensBefore,
    );
    assert.equal(
      usage.type === "usage" && usage.usage.contextUsed,
      compacted.type === "compacted" && compacted.tokensAfter,
    );
    await log.done(engine.submit({ type: "prompt", text: "go on" }));
    const next = mock.chatRequests().at(-1)!.body.messages;
    assert.match(next[1].content, /the user asked three questions/);
    assert.ok(engine.transcript().some((item) => item.type === "compaction"));
  });
});

Deno.test("list_models is answered by a models event", async () => {
  await withEngine({ models: ["test-model", "qwen3-coder"] }, {}, async ({ engine, log }) => {
    const id = engine.submit({ type: "list_models" });
    const models = await log.waitFor((e) => e.type === "models");
    assert.deepEqual(models, {
      type: "models",
      provider: "custom",
      models: ["test-model", "qwen3-coder"],
      sessionId: engine.sessionId,
      submissionId: id,
    });
  });
});

Deno.test("an answer to an approval nobody asked for is an invalid_op error", async () => {
  await withEngine({}, {}, async ({ engine, log }) => {
    const id = engine.submit({ type: "approve", callId: "nope" });
    const error = await log.waitFor((e) => e.type === "error");
    assert.equal(error.type === "error" && error.code, "invalid_op");
    assert.equal(error.submissionId, id);
  });
});

Deno.test("a prompt with a file reference sends the file's text with its path", async () => {
  await withEngine({ turns: [{ text: "Seen." }] }, {}, async ({ engine, log, mock, dir }) => {
    await Deno.writeTextFile(join(dir, "notes.md"), "# Notes\nbuy milk\n");
    const runId = engine.submit({
      type: "prompt",
      content: [{ type: "text", text: "summarize" }, { type: "file", path: "notes.md" }],
    });
    await log.done(runId);
    assert.equal(
      mock.chatRequests()[0].body.messages.at(-1).content,
      'summarize\n\n<file path="notes.md">\n# Notes\nbuy milk\n\n</file>',
    );
    const started = log.ofRun(runId)[0];
    assert.deepEqual(started.type === "run_started" && started.prompt[1], {
      type: "file",
      path: "notes.md",
      text: "# Notes\nbuy milk\n",
    });
  });
});

Deno.test("a prompt naming a file that cannot be read ends with config_error, nothing sent", async () => {
  await withEngine({}, {}, async ({ engine, log, mock }) => {
    const runId = engine.submit({
      type: "prompt",
      content: [{ type: "file", path: "missing.md" }],
    });
    const done = await log.done(runId);
    assert.equal(done.reason, "error");
    const error = log.ofRun(runId).find((e) => e.type === "error");
    assert.equal(error?.type === "error" && error.code, "config_error");
    assert.match(error?.type === "error" ? error.message : "", /Cannot attach "missing.md"/);
    assert.equal(mock.chatRequests().length, 0);
  });
});

Deno.test("a session seeded with a transcript continues that conversation", async () => {
  await withEngine({ turns: [{ text: "Yes, 42." }] }, {
    history: [
      { type: "user", content: [{ type: "text", text: "what is the answer?" }] },
      { type: "assistant", text: "" },
      {
        type: "tool_call",
        callId: "c1",
        name: "read_file",
        kind: "read",
        activity: "read",
        title: "read_file answer.txt",
        arguments: { path: "answer.txt" },
        outcome: "ok",
        result: "42",
      },
      { type: "assistant", text: "It is 42." },
    ],
  }, async ({ engine, log, mock }) => {
    await log.done(engine.submit({ type: "prompt", text: "sure?" }));
    assert.deepEqual(mock.chatRequests()[0].body.messages.slice(1), [
      { role: "user", content: "what is the answer?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{
          id: "c1",
          type: "function",
          function: { name: "read_file", arguments: '{"path":"answer.txt"}' },
        }],
      },
      { role: "tool", tool_call_id: "c1", content: "42" },
      { role: "assistant", content: "It is 42." },
      { role: "user", content: "sure?" },
    ]);
    assert.equal(engine.transcript().length, 6);
  });
});

Deno.test("a prompt with an image sends text and image parts", async () => {
  await withEngine({ turns: [{ text: "A red dot." }] }, {}, async ({ engine, log, mock }) => {
    await log.done(engine.submit({
      type: "prompt",
      content: [
        { type: "text", text: "what is this?" },
        { type: "image", mimeType: "image/png", data: "iVBORw0KGgo=" },
      ],
    }));
    assert.deepEqual(mock.chatRequests()[0].body.messages.at(-1), {
      role: "user",
      content: [
        { type: "text", text: "what is this?" },
        { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
      ],
    });
  });
});

Deno.test("a cancel right after a prompt cancels it before any request; idle, it is a no-op", async () => {
  await withEngine({ turns: [{ text: "answered" }] }, {}, async ({ engine, log, mock }) => {
    engine.submit({ type: "cancel" }); // nothing runs: must not poison the next prompt
    const first = engine.submit({ type: "prompt", text: "never sent" });
    engine.submit({ type: "cancel" });
    assert.equal((await log.done(first)).reason, "cancelled");
    assert.equal(mock.chatRequests().length, 0);
    const second = engine.submit({ type: "prompt", text: "sent" });
    assert.equal((await log.done(second)).finalText, "answered");
    assert.deepEqual(
      mock.chatRequests()[0].body.messages.slice(1).map((m: { content: string }) => m.content),
      ["sent"],
    );
  });
});

Deno.test("an empty prompt is refused as invalid_op", async () => {
  await withEngine({}, {}, async ({ engine, log, mock }) => {
    const runId = engine.submit({ type: "prompt", text: "  " });
    assert.equal((await log.done(runId)).reason, "error");
    const error = log.ofRun(runId)[0];
    assert.equal(error.type === "error" && error.code, "invalid_op");
    assert.equal(mock.chatRequests().length, 0);
  });
});
