import assert from "node:assert/strict";
import { join } from "node:path";
import { PromptHistory } from "../../src/ui/input/history.ts";

Deno.test("Up and Down walk the history and give the draft back", () => {
  const h = PromptHistory.memory(["one", "two"]);
  assert.equal(h.previous("draft"), "two");
  assert.equal(h.previous("two"), "one");
  assert.equal(h.previous("one"), undefined);
  assert.equal(h.next(), "two");
  assert.equal(h.next(), "draft");
  assert.equal(h.next(), undefined);
});

Deno.test("history is kept per project in the data dir and survives a restart", async () => {
  const data = await Deno.makeTempDir({ prefix: "nanocoder-history-" });
  try {
    const a = await PromptHistory.load(data, "/projects/a");
    await a.add("fix the bug");
    await a.add("fix the bug"); // a repeat is kept once
    await a.add("run the tests");
    const b = await PromptHistory.load(data, "/projects/b");
    await b.add("other project");
    assert.deepEqual((await PromptHistory.load(data, "/projects/a")).entries, [
      "fix the bug",
      "run the tests",
    ]);
    assert.deepEqual((await PromptHistory.load(data, "/projects/b")).entries, ["other project"]);
    const files = await Array.fromAsync(Deno.readDir(join(data, "history")));
    assert.equal(files.length, 2);
    if (Deno.build.os !== "windows") {
      assert.equal((await Deno.stat(join(data, "history", files[0].name))).mode! & 0o777, 0o600);
    }
  } finally {
    await Deno.remove(data, { recursive: true });
  }
});

Deno.test("two sessions of one project keep each other's prompts", async () => {
  const data = await Deno.makeTempDir({ prefix: "nanocoder-history-" });
  try {
    const first = await PromptHistory.load(data, "/p");
    const second = await PromptHistory.load(data, "/p");
    await first.add("from the first");
    await second.add("from the second");
    assert.deepEqual((await PromptHistory.load(data, "/p")).entries, [
      "from the first",
      "from the second",
    ]);
  } finally {
    await Deno.remove(data, { recursive: true });
  }
});
