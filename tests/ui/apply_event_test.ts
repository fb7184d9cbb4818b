/** Engine events into UI state: what is printed for good and what stays live. */
import assert from "node:assert/strict";
import { applyEvent } from "../../src/ui/state/apply_event.ts";
import { UiStore } from "../../src/ui/state/store.ts";
import type { AgentEvent, AgentEventBody } from "../../src/protocol.ts";
import { configured } from "./_fake_engine.ts";

function store(rows = 24) {
  const s = new UiStore({}, { rows, now: () => 0 });
  const apply = (body: AgentEventBody) =>
    applyEvent(s, { ...body, sessionId: "s", runId: "r" } as AgentEvent);
  return { s, apply };
}

Deno.test("finished blocks of a streaming answer are printed; only the last one is live", () => {
  const { s, apply } = store();
  try {
    apply({ type: "turn_start", turn: 1 });
    apply({ type: "text_delta", text: "First paragraph.\n\nSecond " });
    assert.deepEqual(s.state.entries.map((e) => e.kind), ["answer"]);
    assert.equal(s.state.live.tail, "Second ");
    apply({ type: "text_delta", text: "one." });
    apply({ type: "assistant_message", text: "First paragraph.\n\nSecond one.", reasoning: "" });
    assert.deepEqual(
      s.state.entries.map((e) => e.kind === "answer" && [e.source, e.first]),
      [["First paragraph.", true], ["Second one.", false]],
    );
    assert.equal(s.state.live.tail, "");
  } finally {
    s.dispose();
  }
});

Deno.test("streaming 2,000 lines keeps the live region small and prints as it goes", () => {
  const { s, apply } = store(24);
  try {
    apply({ type: "turn_start", turn: 1 });
    let maxTail = 0;
    apply({ type: "text_delta", text: "```ts\n" });
    for (let i = 0; i < 2000; i++) {
      apply({ type: "text_delta", text: `const line${i} = ${i};\n` });
      maxTail = Math.max(maxTail, s.state.live.tail.split("\n").length);
    }
    assert.ok(maxTail <= 13, `live tail grew to ${maxTail} lines`);
    assert.ok(s.state.entries.length >= 150, `${s.state.entries.length} entries printed`);
    apply({ type: "text_delta", text: "```\n" });
    apply({ type: "assistant_message", text: "", reasoning: "" });
    const code = s.state.entries.flatMap((e) =>
      e.kind === "answer" ? e.source.split("\n").filter((l) => l.startsWith("const")) : []
    );
    assert.equal(code.length, 2000);
  } finally {
    s.dispose();
  }
});

Deno.test("reasoning is folded into one entry when the answer starts", () => {
  const { s, apply } = store();
  try {
    apply({ type: "turn_start", turn: 1 });
    apply({ type: "reasoning_delta", text: "Let me think." });
    assert.equal(s.state.live.reasoning, "Let me think.");
    apply({ type: "text_delta", text: "Answer." });
    apply({ type: "assistant_message", text: "Answer.", reasoning: "Let me think." });
    assert.deepEqual(
      s.state.entries.map((e) => e.kind),
      ["reasoning", "answer"],
      "reasoning shown once, before the answer",
    );
  } finally {
    s.dispose();
  }
});

Deno.test("a dropped stream's partial output is discarded and said so", () => {
  const { s, apply } = store();
  try {
    apply({ type: "text_delta", text: "Half an ans" });
    apply({ type: "turn_restart", reason: "connection reset" });
    assert.equal(s.state.live.tail, "");
    assert.deepEqual(s.state.entries.map((e) => e.kind), ["notice"]);
    apply({ type: "text_delta", text: "Whole answer." });
    apply({ type: "assistant_message", text: "Whole answer.", reasoning: "" });
    assert.deepEqual(
      s.state.entries.flatMap((e) => (e.kind === "answer" ? [e.source] : [])),
      ["Whole answer."],
    );
  } finally {
    s.dispose();
  }
});

Deno.test("session facts, usage and mode reach the status; a model switch is announced", () => {
  const { s, apply } = store();
  try {
    apply(configured());
    assert.deepEqual(
      [s.state.status.provider, s.state.status.model, s.state.status.contextMax],
      ["ollama", "qwen3-coder", 32768],
    );
    apply({ type: "mode_changed", mode: "plan" });
    assert.equal(s.state.status.mode, "plan");
    apply(configured({ model: "qwen3-coder-big" }));
    const last = s.state.entries.at(-1);
    assert.equal(last?.kind === "notice" && last.text, "Model: qwen3-coder-big (ollama)");
    apply({
      type: "usage",
      usage: {
        promptTokens: 100,
        completionTokens: 20,
        totalTokens: 120,
        contextUsed: 120,
        contextMax: 32768,
        contextPercent: 0.4,
        source: "estimate",
      },
    });
    assert.deepEqual(s.state.status.totals, { prompt: 100, completion: 20, requests: 1 });
  } finally {
    s.dispose();
  }
});
