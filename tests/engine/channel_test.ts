import assert from "node:assert/strict";
import { LateSink } from "../../src/engine/channel.ts";

Deno.test("LateSink keeps values pushed before its receiver and forwards the rest in order", () => {
  const sink = new LateSink<string>();
  sink.push("a");
  sink.push("b");
  const got: string[] = [];
  sink.drainTo((v) => got.push(v));
  sink.push("c");
  assert.deepEqual(got, ["a", "b", "c"]);
});
