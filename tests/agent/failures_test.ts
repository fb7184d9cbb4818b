import assert from "node:assert/strict";
import { createCallFailureTracker } from "../../src/agent/failures.ts";

Deno.test("the failure tracker stops on the third identical failure only", () => {
  const tracker = createCallFailureTracker();
  const bad = { ok: false, output: "Error: invalid arguments\n- path: required" };
  const args = '{"path": ""}';
  assert.equal(tracker.record("read_file", args, bad), undefined);
  assert.equal(tracker.record("read_file", args, { ok: false, output: "Error: other" }), undefined);
  assert.equal(tracker.record("read_file", args, { ok: true, output: "fine" }), undefined);
  assert.equal(tracker.record("create_file", args, bad), undefined);
  assert.equal(tracker.record("read_file", args, bad), undefined);
  assert.equal(
    tracker.record("read_file", args, bad),
    'Stopped: the model made the same failing "read_file" call 3 times, with the same arguments (Error: invalid arguments)',
  );
});

Deno.test("the failure tracker lets calls with other arguments go on, however alike their errors", () => {
  const tracker = createCallFailureTracker();
  const missing = { ok: false, output: "Error: no such file" };
  for (const path of ["a.ts", "b.ts", "c.ts", "d.ts"]) {
    assert.equal(tracker.record("read_file", { path }, missing), undefined, path);
  }
});

Deno.test("the failure tracker takes arguments that differ only in key order or spacing as the same", () => {
  const tracker = createCallFailureTracker();
  const failed = { ok: false, output: "Error: old_str not found" };
  tracker.record("string_replace", '{"path":"a","old_str":"x"}', failed);
  tracker.record("string_replace", '{ "old_str": "x", "path": "a" }', failed);
  assert.match(
    String(tracker.record("string_replace", { path: "a", old_str: "x" }, failed)),
    /call 3 times/,
  );
});
