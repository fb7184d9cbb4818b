/**
 * A long session's transcript keeps tool output whole up to a budget (more than any
 * model's window); older calls keep a head and tail of their long texts, so memory stays
 * flat however many commands a session runs.
 */
import assert from "node:assert/strict";
import { TRANSCRIPT_OUTPUT_BUDGET, TranscriptRecorder } from "../../src/engine/transcript.ts";
import type { AgentEventBody, TranscriptItem } from "../../src/protocol.ts";

function call(recorder: TranscriptRecorder, id: number, output: string, content?: string) {
  const events: AgentEventBody[] = [
    {
      type: "tool_call_started",
      callId: `c${id}`,
      name: "create_file",
      kind: "write",
      activity: "edit",
      title: `create_file f${id}`,
      locations: [],
      arguments: { path: `f${id}`, content: content ?? "short" },
    },
    {
      type: "tool_call_ended",
      callId: `c${id}`,
      name: "create_file",
      outcome: "ok",
      ok: true,
      result: output,
      changes: [{ path: `/p/f${id}`, oldText: null, newText: content ?? "short" }],
    },
  ];
  for (const event of events) recorder.record(event);
}

type Call = Extract<TranscriptItem, { type: "tool_call" }>;

Deno.test("the transcript shrinks the oldest tool output once the budget is spent", () => {
  const recorder = new TranscriptRecorder();
  const big = "x".repeat(300_000);
  const calls = Math.ceil(TRANSCRIPT_OUTPUT_BUDGET / (2 * big.length)) + 3;
  for (let i = 0; i < calls; i++) call(recorder, i, `result ${i} ${big}`, big);
  const items = recorder.items as Call[];
  const [oldest, newest] = [items[0], items.at(-1)!];
  assert.equal(newest.result, `result ${calls - 1} ${big}`);
  assert.equal(newest.arguments.content, big);
  assert.ok(newest.changes);
  assert.match(
    oldest.result,
    /^result 0 x{191}\n\[\.\.\. 299609 characters of this older call are no longer kept \.\.\.\]\nx{200}$/,
  );
  assert.ok(String(oldest.arguments.content).length < 600);
  assert.equal(oldest.arguments.path, "f0");
  assert.equal(oldest.changes, undefined);
  const kept = items.reduce(
    (sum, item) => sum + item.result.length + String(item.arguments.content).length,
    0,
  );
  assert.ok(kept <= TRANSCRIPT_OUTPUT_BUDGET + 1_000 * calls, `${kept} characters kept`);
});

Deno.test("the transcript keeps small tool output whole", () => {
  const recorder = new TranscriptRecorder();
  for (let i = 0; i < 1000; i++) call(recorder, i, `listed ${i} files`);
  assert.equal((recorder.items[0] as Call).result, "listed 0 files");
  assert.ok((recorder.items[0] as Call).changes);
});
