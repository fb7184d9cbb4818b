/**
 * A prompt the model never answered (cancelled, or failed) does not leave two user
 * messages in a row: chat templates that require alternating roles would reject every
 * later request of the session.
 */
import assert from "node:assert/strict";
import { UNANSWERED_NOTE, withUnansweredNotes } from "../../src/agent/unanswered.ts";
import type { ChatMessage } from "../../src/ai/types.ts";

Deno.test("a note stands where the model gave no answer; answered turns are left as they are", () => {
  const history: ChatMessage[] = [
    { role: "user", content: "first prompt" },
    { role: "user", content: "second prompt" },
    { role: "assistant", content: "Answer." },
    { role: "user", content: [{ type: "text", text: "third" }] },
  ];
  assert.deepEqual(withUnansweredNotes(history), [
    { role: "user", content: "first prompt" },
    { role: "assistant", content: UNANSWERED_NOTE },
    { role: "user", content: "second prompt" },
    { role: "assistant", content: "Answer." },
    { role: "user", content: [{ type: "text", text: "third" }] },
  ]);
  // The same history gives the same request: the prefix stays byte for byte.
  assert.deepEqual(withUnansweredNotes(history), withUnansweredNotes(history));
});
