/**
 * A turn's streamed text as an editor keeps it: what is sent stays, so a restarted
 * stream that repeats it sends nothing twice, one that goes further sends only the rest,
 * and one that differs becomes a new message after a note.
 */
import assert from "node:assert/strict";
import { RESTART_NOTE, TurnText } from "../../src/bridge/turn_text.ts";

function counter() {
  let n = 0;
  return () => `m${++n}`;
}

Deno.test("deltas pass through as one message per turn", () => {
  const text = new TurnText(counter());
  assert.deepEqual(text.push("Hel"), { text: "Hel", messageId: "m1" });
  assert.deepEqual(text.push("lo"), { text: "lo", messageId: "m1" });
  text.startTurn();
  assert.deepEqual(text.push("Next"), { text: "Next", messageId: "m2" });
});

Deno.test("a restart that repeats the text sends only what goes beyond it", () => {
  const text = new TurnText(counter());
  text.push("The answer is");
  text.restart();
  assert.equal(text.push("The ans"), undefined);
  assert.equal(text.push("wer is"), undefined);
  assert.deepEqual(text.push(" 42."), { text: " 42.", messageId: "m1" });
  assert.deepEqual(text.push(" Done."), { text: " Done.", messageId: "m1" });
});

Deno.test("a delta that crosses the end of the repeated text sends its new part", () => {
  const text = new TurnText(counter());
  text.push("abc");
  text.restart();
  assert.deepEqual(text.push("abcdef"), { text: "def", messageId: "m1" });
});

Deno.test("a restart with a different answer is a new message after a note", () => {
  const text = new TurnText(counter());
  text.push("First try");
  text.restart();
  assert.equal(text.push("Firs"), undefined);
  assert.deepEqual(text.push("+ second"), {
    text: `${RESTART_NOTE.trimStart()}Firs+ second`,
    messageId: "m2",
  });
  assert.deepEqual(text.push("!"), { text: "!", messageId: "m2" });
});

Deno.test("a restart before anything was sent changes nothing", () => {
  const text = new TurnText(counter());
  text.restart();
  assert.deepEqual(text.push("x"), { text: "x", messageId: "m1" });
});

Deno.test("finish sends what the stream held back, never what was sent", () => {
  const text = new TurnText(counter());
  text.push("Hello");
  assert.deepEqual(text.finish("Hello world"), { text: " world", messageId: "m1" });
  assert.equal(text.finish("Hello world"), undefined);
  text.restart();
  text.push("Hel");
  assert.equal(text.finish("Hello world"), undefined, "a repeat that stopped short");
  assert.equal(text.finish("Different"), undefined);
});
