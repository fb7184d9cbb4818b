/**
 * Sessions saved as they happen and continued later: one project, several engine
 * sessions one after another (as separate runs would be), against the mock server.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Engine, EngineOptions } from "../../src/engine/mod.ts";
import { ConfigError } from "../../src/errors.ts";
import { projectStore } from "../../src/sessions/mod.ts";
import { type MockLlm, type MockTurn, startMockLlm } from "../_helpers/mock_llm.ts";
import { EventLog, openIsolated } from "./_engine.ts";

/** A project and a mock server that several sessions share. */
async function withProject(
  turns: MockTurn[],
  fn: (open: (o?: EngineOptions) => Promise<[Engine, EventLog]>, ctx: {
    dir: string;
    mock: MockLlm;
    sessionsDir: string;
  }) => Promise<void>,
): Promise<void> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-saved-" }));
  const mock = await startMockLlm({ turns });
  const engines: Engine[] = [];
  const open = async (options: EngineOptions = {}): Promise<[Engine, EventLog]> => {
    const engine = await openIsolated({
      cwd: dir,
      baseUrl: mock.url,
      apiKey: "sk-secret-key-1234",
      model: "test-model",
      contextMax: 100_000,
      mode: "yolo",
      ...options,
    }, dir);
    engines.push(engine);
    return [engine, new EventLog(engine)];
  };
  try {
    await fn(open, { dir, mock, sessionsDir: projectStore(join(dir, ".user-data"), dir).sessions });
  } finally {
    for (const engine of engines) await engine.close();
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
}

function lines(file: string): Record<string, unknown>[] {
  return Deno.readTextFileSync(file).trim().split("\n").map((line) => JSON.parse(line));
}

Deno.test("a session is saved as it happens: private file, kept events only, no API key", async () => {
  const turns = [{ text: "Your key is sk-secret-key-1234, noted." }];
  await withProject(turns, async (open, { sessionsDir, dir }) => {
    const [engine, log] = await open();
    await log.done(engine.submit({ type: "prompt", text: "remember my key" }));
    const file = join(sessionsDir, `${engine.sessionId}.jsonl`);
    const records = lines(file);
    assert.deepEqual(records.map((r) => r.type), [
      "session_file",
      "session_configured",
      "run_started",
      "usage",
      "assistant_message",
      "done",
    ]);
    assert.deepEqual([records[0].sessionId, records[0].cwd], [engine.sessionId, dir]);
    assert.equal(records[4].text, "Your key is [REDACTED], noted.");
    assert.ok(!Deno.readTextFileSync(file).includes("sk-secret-key-1234"));
    if (Deno.build.os !== "windows") {
      assert.equal(Deno.statSync(file).mode! & 0o777, 0o600);
      assert.equal(Deno.statSync(sessionsDir).mode! & 0o777, 0o700);
    }
  });
});

Deno.test("a session without a prompt leaves no file", async () => {
  await withProject([], async (open, { sessionsDir }) => {
    const [engine, log] = await open();
    await log.waitFor((e) => e.type === "session_configured");
    await engine.close();
    await assert.rejects(Deno.stat(sessionsDir), Deno.errors.NotFound);
  });
});

Deno.test("resume sends the earlier conversation and goes on in the same file", async () => {
  const turns = [{ text: "The answer is 42." }, { text: "You asked about the answer." }];
  await withProject(turns, async (open, { mock, sessionsDir }) => {
    const [first, log1] = await open();
    await log1.done(first.submit({ type: "prompt", text: "what is the answer?" }));
    await first.close();
    const [second, log2] = await open({ resume: "last" });
    const configured = await log2.waitFor((e) => e.type === "session_configured");
    assert.deepEqual(
      configured.type === "session_configured" && configured.resumed,
      { title: "what is the answer?", prompts: 1 },
    );
    assert.equal(second.sessionId, first.sessionId);
    await log2.done(second.submit({ type: "prompt", text: "what did I ask?" }));
    const sent = mock.chatRequests()[1].body.messages.slice(1);
    assert.deepEqual(sent, [
      { role: "user", content: "what is the answer?" },
      { role: "assistant", content: "The answer is 42." },
      { role: "user", content: "what did I ask?" },
    ]);
    const kinds = lines(join(sessionsDir, `${first.sessionId}.jsonl`)).map((r) => r.type);
    assert.equal(kinds.filter((k) => k === "run_started").length, 2);
    assert.equal(kinds.filter((k) => k === "session_file").length, 1);
  });
});

Deno.test("a last line cut short by a crash is skipped, and the session goes on", async () => {
  const turns = [{ text: "one" }, { text: "two" }];
  await withProject(turns, async (open, { mock, sessionsDir }) => {
    const [first, log1] = await open();
    await log1.done(first.submit({ type: "prompt", text: "first" }));
    await first.close();
    const file = join(sessionsDir, `${first.sessionId}.jsonl`);
    Deno.writeTextFileSync(file, '{"type":"run_started","prompt":[{"type":"te', { append: true });
    const [second, log2] = await open({ continue: true });
    const configured = await log2.waitFor((e) => e.type === "session_configured");
    assert.match(
      configured.type === "session_configured" ? configured.warnings.join("\n") : "",
      /1 damaged line was skipped/,
    );
    await log2.done(second.submit({ type: "prompt", text: "second" }));
    assert.equal(mock.chatRequests()[1].body.messages.length, 4);
    // The damaged line stays alone on its line; what came after it reads fine.
    const text = Deno.readTextFileSync(file);
    assert.match(text, /"te\n\{"type":"session_configured"/);
  });
});

Deno.test("continue without a saved session starts fresh; an unknown id is an error", async () => {
  await withProject([{ text: "hi" }], async (open) => {
    const [, log] = await open({ continue: true });
    const configured = await log.waitFor((e) => e.type === "session_configured");
    assert.deepEqual(
      configured.type === "session_configured" && configured.warnings,
      ["No previous session found for this directory — starting fresh"],
    );
    await assert.rejects(() => open({ resume: "nope" }), ConfigError);
  });
});

Deno.test("write_tasks emits tasks_updated, and a resumed session starts with the list", async () => {
  const tasks = [
    { title: "Read the code", status: "completed" },
    { title: "Fix the bug", status: "in_progress" },
    { title: "Run the tests" },
  ];
  const turns = [
    { toolCalls: [{ name: "write_tasks", arguments: { tasks } }] },
    { text: "Working on it." },
  ];
  const expected = [
    { title: "Read the code", status: "completed" },
    { title: "Fix the bug", status: "in_progress" },
    { title: "Run the tests", status: "pending" },
  ];
  await withProject(turns, async (open) => {
    const [first, log1] = await open({ mode: "plan" });
    const runId = first.submit({ type: "prompt", text: "plan it" });
    await log1.done(runId);
    const run = log1.ofRun(runId);
    const ended = run.findIndex((e) => e.type === "tool_call_ended");
    assert.equal(run[ended].type === "tool_call_ended" && run[ended].outcome, "ok");
    assert.deepEqual(run[ended + 1], {
      type: "tasks_updated",
      tasks: expected,
      sessionId: first.sessionId,
      runId,
    });
    await first.close();
    const [, log2] = await open({ resume: first.sessionId.slice(0, 8) });
    const update = await log2.waitFor((e) => e.type === "tasks_updated");
    assert.deepEqual(update.type === "tasks_updated" && update.tasks, expected);
    assert.deepEqual(log2.types().slice(0, 2), ["session_configured", "tasks_updated"]);
  });
});

Deno.test("a resumed conversation too long for the window is compacted before the request", async () => {
  // The window holds the system prompt and tools (about 3 900 tokens) but not the history.
  const long = (n: number) => ({ text: `answer ${n} ${"word ".repeat(1200)}` });
  const turns = [long(1), long(2), long(3), { text: "Summary of earlier work." }, {
    text: "Done.",
  }];
  await withProject(turns, async (open, { mock }) => {
    const [first, log1] = await open();
    for (const n of [1, 2, 3]) await log1.done(first.submit({ type: "prompt", text: `q${n}` }));
    await first.close();
    const [second, log2] = await open({ continue: true, contextMax: 6_000 });
    const runId = second.submit({ type: "prompt", text: "and now?" });
    await log2.done(runId);
    assert.ok(log2.types(log2.ofRun(runId)).includes("compacted"));
    const last = mock.chatRequests().at(-1)!.body.messages;
    assert.ok(JSON.stringify(last).length < JSON.stringify(mock.chatRequests()[2].body).length);
  });
});
