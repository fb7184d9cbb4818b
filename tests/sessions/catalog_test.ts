/**
 * The session store without an engine: files written by several writers at once, a
 * listing that survives a lost or broken index, references as users type them, secrets
 * that never reach the disk, and a file whose last line was cut short.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { AgentEvent } from "../../src/protocol.ts";
import { findSession, listSessions, loadSession, SessionLog } from "../../src/sessions/mod.ts";
import { redact } from "../../src/sessions/records.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "nanocoder-sessions-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function prompt(sessionId: string, text: string, answer: string): AgentEvent[] {
  const tags = { sessionId, runId: crypto.randomUUID() };
  return [
    { type: "run_started", prompt: [{ type: "text", text }], ...tags },
    { type: "text_delta", text: answer, ...tags },
    { type: "assistant_message", text: answer, reasoning: "", ...tags },
    { type: "done", reason: "completed", finalText: answer, ...tags },
  ];
}

function write(dir: string, id: string, prompts: [string, string][], secrets: string[] = []) {
  const log = new SessionLog({ dir, sessionId: id, cwd: "/p", secrets });
  log.record({
    type: "session_configured",
    sessionId: id,
    cwd: "/p",
    provider: "local",
    model: "qwen",
    mode: "normal",
    contextMax: 1000,
    toolCalling: "auto",
    tools: [],
    disabledTools: [],
    mcpServers: [],
    warnings: [],
  });
  for (const [text, answer] of prompts) for (const e of prompt(id, text, answer)) log.record(e);
  log.close();
}

Deno.test("sessions written at the same time list as they are, whatever the index says", async () => {
  await withDir(async (dir) => {
    // Interleaved writers, as two runs in one project would be.
    const a = new SessionLog({ dir, sessionId: "aaaa1111", cwd: "/p", secrets: [] });
    const b = new SessionLog({ dir, sessionId: "bbbb2222", cwd: "/p", secrets: [] });
    const pa = prompt("aaaa1111", "first a", "A");
    const pb = prompt("bbbb2222", "first b", "B");
    for (let i = 0; i < pa.length; i++) {
      a.record(pa[i]);
      b.record(pb[i]);
    }
    a.close();
    b.close();
    const listed = await listSessions(dir);
    assert.deepEqual(listed.map((s) => [s.id, s.title, s.prompts]).sort(), [
      ["aaaa1111", "first a", 1],
      ["bbbb2222", "first b", 1],
    ]);
    // A broken index (two writers, a crash) is a cache miss, never a failure.
    await Deno.writeTextFile(join(dir, "index.json"), '{"v":1,"sessions":{"aaaa1111":');
    assert.equal((await listSessions(dir)).length, 2);
    // A stale entry (the file grew since) is read again.
    write(dir, "aaaa1111", [["second a", "A2"]]);
    const again = await listSessions(dir);
    assert.equal(again.find((s) => s.id === "aaaa1111")?.prompts, 2);
  });
});

Deno.test("the transcript keeps complete messages only; a cut last line is skipped", async () => {
  await withDir(async (dir) => {
    write(dir, "s1", [["hello", "Hi there."]]);
    await Deno.writeTextFile(join(dir, "s1.jsonl"), '{"type":"assistant_mess', { append: true });
    const [info] = await listSessions(dir);
    const loaded = await loadSession(info);
    assert.equal(loaded.skipped, 1);
    assert.deepEqual(loaded.transcript, [
      { type: "user", content: [{ type: "text", text: "hello" }] },
      { type: "assistant", text: "Hi there." },
    ]);
    assert.ok(!loaded.events.some((e) => e.type === "text_delta"));
    // The next writer starts on a line of its own.
    write(dir, "s1", [["again", "Again."]]);
    assert.equal((await loadSession(info)).transcript.length, 4);
  });
});

Deno.test("references: last, a number in the listing, an id or a unique start of one", () => {
  const at = (id: string, updatedAt: string) => ({
    id,
    updatedAt,
    cwd: "/p",
    title: id,
    provider: "",
    model: "",
    createdAt: updatedAt,
    prompts: 1,
    file: "",
  });
  const sessions = [at("abcd-new", "2026-02-01"), at("abce-old", "2026-01-01")];
  assert.equal(findSession(sessions, "last")?.id, "abcd-new");
  assert.equal(findSession(sessions, "2")?.id, "abce-old");
  assert.equal(findSession(sessions, "abce")?.id, "abce-old");
  assert.equal(findSession(sessions, "abc"), undefined, "too short to be a prefix");
  assert.equal(findSession(sessions, "abc-"), undefined);
  assert.equal(findSession(sessions, "3"), undefined);
});

Deno.test("API keys never reach the file, raw or escaped inside JSON", async () => {
  await withDir(async (dir) => {
    write(dir, "s1", [['my key is sk-abc"def-123', 'Noted: sk-abc"def-123']], ['sk-abc"def-123']);
    const text = await Deno.readTextFile(join(dir, "s1.jsonl"));
    assert.ok(!text.includes("sk-abc"), text);
    assert.match(text, /Noted: \[REDACTED\]/);
  });
  assert.equal(redact("key=short", ["short"]), "key=short", "too short to redact safely");
});

Deno.test("after /clear a session is the new conversation: its title, its count, no old tasks", async () => {
  await withDir(async (dir) => {
    write(dir, "s1", [["old work", "Done."]]);
    const log = new SessionLog({ dir, sessionId: "s1", cwd: "/p", secrets: [] });
    log.record({
      type: "tasks_updated",
      tasks: [{ title: "old task", status: "pending" }],
      sessionId: "s1",
    });
    log.record({ type: "conversation_cleared", sessionId: "s1" });
    for (const e of prompt("s1", "fresh start", "Hello.")) log.record(e);
    log.close();
    const [info] = await listSessions(dir);
    assert.equal(info.title, "fresh start");
    assert.equal(info.prompts, 1);
    const loaded = await loadSession(info);
    assert.deepEqual(loaded.tasks, []);
  });
});

Deno.test("a call saved without its activity is shown with its kind's default", async () => {
  await withDir(async (dir) => {
    write(dir, "s1", []);
    const tags = { sessionId: "s1", runId: "r1" };
    const log = new SessionLog({ dir, sessionId: "s1", cwd: "/p", secrets: [] });
    for (const e of prompt("s1", "edit it", "Done.").slice(0, 1)) log.record(e);
    // As a session file from before tool_call_started carried `activity` holds it.
    log.record({
      type: "tool_call_started",
      callId: "c1",
      name: "string_replace",
      kind: "write",
      title: "string_replace a.ts",
      locations: [],
      arguments: { path: "a.ts" },
      ...tags,
    } as unknown as AgentEvent);
    log.record({
      type: "tool_call_ended",
      callId: "c1",
      name: "string_replace",
      outcome: "ok",
      ok: true,
      result: "Replaced 1 line",
      ...tags,
    });
    log.close();
    const [info] = await listSessions(dir);
    const call = (await loadSession(info)).transcript.find((i) => i.type === "tool_call");
    assert.equal(call?.type === "tool_call" && call.activity, "edit");
  });
});
