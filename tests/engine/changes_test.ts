/**
 * Every write tool tells frontends where it writes (absolute locations, before it runs)
 * and what it changed (whole texts before and after), in every mode.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { AgentEvent, FileChange } from "../../src/protocol.ts";
import { withEngine } from "./_engine.ts";

const ORIGINAL = "one\ntwo\nthree\n";

/** A write tool call on its own file, and the file's text afterwards. */
const CASES: { name: string; args: Record<string, unknown>; file: string; after: string }[] = [
  {
    name: "create_file",
    file: "new.txt",
    args: { path: "new.txt", content: "fresh\n" },
    after: "fresh\n",
  },
  {
    name: "create_file",
    file: "over.txt",
    args: { path: "over.txt", content: "replaced\n", overwrite: true },
    after: "replaced\n",
  },
  {
    name: "string_replace",
    file: "sr.txt",
    args: { path: "sr.txt", old_str: "two", new_str: "2" },
    after: "one\n2\nthree\n",
  },
  {
    name: "replace_lines",
    file: "rl.txt",
    args: { path: "rl.txt", start_line: 2, end_line: 2, content: "TWO" },
    after: "one\nTWO\nthree\n",
  },
  {
    name: "insert_lines",
    file: "il.txt",
    args: { path: "il.txt", line: 2, content: "one and a half" },
    after: "one\none and a half\ntwo\nthree\n",
  },
  {
    name: "delete_lines",
    file: "dl.txt",
    args: { path: "dl.txt", start_line: 1, end_line: 1 },
    after: "two\nthree\n",
  },
];

Deno.test("every write tool reports its locations before and its changes after", async () => {
  const existing = CASES.filter((c) => c.file !== "new.txt");
  const reads = existing.map((c) => ({ name: "read_file", arguments: { path: c.file } }));
  const writes = CASES.map((c) => ({ name: c.name, arguments: c.args }));
  await withEngine(
    { turns: [{ toolCalls: reads }, { toolCalls: writes }, { text: "Done." }] },
    { mode: "yolo" },
    async ({ engine, log, dir }) => {
      const runId = engine.submit({ type: "prompt", text: "edit them all" });
      assert.equal((await log.done(runId)).reason, "completed");
      const events = log.ofRun(runId);
      const started = events.filter((e) => e.type === "tool_call_started" && e.kind === "write");
      const ended = events.filter((e) => e.type === "tool_call_ended" && e.name !== "read_file");
      assert.equal(started.length, CASES.length);
      for (const [i, c] of CASES.entries()) {
        const path = join(dir, c.file);
        const start = started[i] as Extract<AgentEvent, { type: "tool_call_started" }>;
        const end = ended[i] as Extract<AgentEvent, { type: "tool_call_ended" }>;
        assert.equal(start.name, c.name);
        assert.deepEqual(start.locations.map((l) => l.path), [path], c.name);
        assert.equal(start.activity, "edit");
        assert.match(start.title, new RegExp(`^${c.name}.*${c.file.replace(".", "\\.")}`));
        assert.ok(start.preview?.diff, `${c.name} shows its diff before it runs`);
        assert.equal(end.outcome, "ok", end.result);
        const change: FileChange = {
          path,
          oldText: c.file === "new.txt" ? null : ORIGINAL,
          newText: c.after,
        };
        assert.deepEqual(end.changes, [change], c.name);
        assert.equal(await Deno.readTextFile(path), c.after);
      }
    },
    async (dir) => {
      for (const c of CASES) {
        if (c.file !== "new.txt") await Deno.writeTextFile(join(dir, c.file), ORIGINAL);
      }
    },
  );
});
