import assert from "node:assert/strict";
import { RunSummary } from "../../src/cli/run_summary.ts";

Deno.test("the summary's reasoning drops a re-requested stream and keeps <think> text", () => {
  const summary = new RunSummary("local", "qwen3");
  summary.add({ type: "reasoning_delta", text: "half a tho" });
  summary.add({ type: "turn_restart", reason: "connection reset" });
  summary.add({ type: "reasoning_delta", text: "a thought" });
  summary.add({ type: "assistant_message", text: "", reasoning: "a thought" });
  // A model that writes its reasoning into the text: no reasoning_delta at all.
  summary.add({ type: "assistant_message", text: "Done.", reasoning: "checked it" });
  summary.add({ type: "done", reason: "completed", finalText: "Done." });
  assert.deepEqual(summary.result(0), {
    kind: "result",
    exitCode: 0,
    reason: "completed",
    finalText: "Done.",
    reasoning: "a thought\n\nchecked it",
    toolCalls: [],
    filesChanged: [],
    usage: null,
    context: null,
    provider: "local",
    model: "qwen3",
    errors: [],
  });
});

Deno.test("the summary keeps every call when a server reuses call ids across turns", () => {
  const summary = new RunSummary("local", "m");
  for (const [turn, path] of [[1, "a.txt"], [2, "b.txt"]] as const) {
    summary.add({ type: "turn_start", turn });
    summary.add({
      type: "tool_call_started",
      callId: "call_0",
      name: "read_file",
      kind: "read",
      activity: "read",
      title: `read_file ${path}`,
      locations: [],
      arguments: { path },
    });
    summary.add({
      type: "tool_call_ended",
      callId: "call_0",
      name: "read_file",
      outcome: path === "a.txt" ? "ok" : "failed",
      ok: path === "a.txt",
      result: "",
      summary: `Read ${path}`,
    });
  }
  assert.deepEqual(summary.result(0).toolCalls, [
    {
      id: "call_0",
      name: "read_file",
      arguments: { path: "a.txt" },
      ok: true,
      summary: "Read a.txt",
    },
    {
      id: "call_0",
      name: "read_file",
      arguments: { path: "b.txt" },
      ok: false,
      summary: "Read b.txt",
    },
  ]);
});

Deno.test("the summary takes provider and model from the session, and changed files from calls", () => {
  const summary = new RunSummary("", "");
  summary.add({
    type: "session_configured",
    sessionId: "s1",
    cwd: "/p",
    provider: "ollama",
    model: "qwen3",
    mode: "auto-accept",
    contextMax: 32768,
    toolCalling: "auto",
    tools: [],
    disabledTools: [],
    mcpServers: [],
    warnings: [],
  });
  summary.add({
    type: "tool_call_ended",
    callId: "c1",
    name: "create_file",
    outcome: "ok",
    ok: true,
    result: "Created b.txt",
    filesChanged: ["b.txt"],
  });
  const result = summary.result(0);
  assert.deepEqual([result.provider, result.model, result.filesChanged], [
    "ollama",
    "qwen3",
    ["b.txt"],
  ]);
});

const usage = (
  prompt: number,
  completion: number,
  used: number,
  source: "server" | "estimate" = "server",
) => ({
  type: "usage" as const,
  usage: {
    promptTokens: prompt,
    completionTokens: completion,
    totalTokens: prompt + completion,
    contextUsed: used,
    contextMax: 8000,
    contextPercent: Math.round((used / 8000) * 1000) / 10,
    source,
  },
});

Deno.test("the summary's usage sums every model call of the run; context is the last fill", () => {
  const summary = new RunSummary("local", "m");
  summary.add(usage(1000, 50, 1050));
  summary.add({ type: "compaction_started", reason: "auto" });
  summary.add({
    type: "compacted",
    tokensBefore: 7000,
    tokensAfter: 900,
    summary: "s",
    usage: { promptTokens: 6000, completionTokens: 200, totalTokens: 6200, source: "server" },
  });
  summary.add(usage(1200, 30, 1230));
  summary.add({ type: "done", reason: "completed", finalText: "ok" });
  const result = summary.result(0);
  assert.deepEqual([result.usage, result.context], [
    {
      promptTokens: 8200,
      completionTokens: 280,
      totalTokens: 8480,
      calls: 3,
      source: "server",
      contextUsed: 1230,
      contextMax: 8000,
      contextPercent: 15.4,
    },
    { used: 1230, max: 8000, percent: 15.4, source: "server" },
  ]);
});

Deno.test("the summary's usage says estimate once any call was estimated", () => {
  const summary = new RunSummary("local", "m");
  summary.add(usage(10, 5, 15));
  summary.add(usage(20, 5, 40, "estimate"));
  assert.equal(summary.result(0).usage?.source, "estimate");
});

Deno.test("a run that completed on an answer cut off by the output limit ends with reason max_tokens", () => {
  const summary = new RunSummary("local", "m");
  summary.add({ type: "assistant_message", text: "Half", reasoning: "", stopReason: "max_tokens" });
  summary.add({ type: "done", reason: "completed", finalText: "Half", stopReason: "max_tokens" });
  assert.equal(summary.result(1).reason, "max_tokens");
  const refused = new RunSummary("local", "m");
  refused.add({ type: "done", reason: "completed", finalText: "", stopReason: "refusal" });
  assert.equal(refused.result(1).reason, "refusal");
});
