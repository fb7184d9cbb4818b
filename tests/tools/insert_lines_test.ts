import assert from "node:assert/strict";
import { insertLinesTool } from "../../src/tools/insert_lines.ts";
import { readFileTool } from "../../src/tools/read_file.ts";
import { readText, withTempProject } from "../_helpers/file_fixture.ts";

Deno.test("insert_lines inserts before the given line, at the top and at count + 1", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/a.txt`, "b\nd\n");
    await readFileTool.execute({ path: "a.txt" }, ctx);
    const mid = await insertLinesTool.execute({ path: "a.txt", line: 2, content: "c\n" }, ctx);
    assert.deepEqual(mid, {
      ok: true,
      output: "Edited a.txt: +1 -0\nLines 1-3 of 3 now read:\n     1\tb\n     2\tc\n     3\td",
      summary: "Edited a.txt: +1 -0",
      diff: "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,3 @@\n b\n+c\n d\n",
      filesChanged: ["a.txt"],
      changes: [{ path: `${dir}/a.txt`, oldText: "b\nd\n", newText: "b\nc\nd\n" }],
    });
    await insertLinesTool.execute({ path: "a.txt", line: 1, content: "a" }, ctx);
    await insertLinesTool.execute({ path: "a.txt", line: 5, content: "e\nf" }, ctx);
    assert.equal(await readText(dir, "a.txt"), "a\nb\nc\nd\ne\nf\n");
  });
});

Deno.test("insert_lines appends to a file without final newline and keeps it that way", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/a.txt`, "a\r\nb");
    await readFileTool.execute({ path: "a.txt" }, ctx);
    await insertLinesTool.execute({ path: "a.txt", line: 3, content: "c\nd\n" }, ctx);
    assert.equal(await readText(dir, "a.txt"), "a\r\nb\r\nc\r\nd");
  });
});

Deno.test("insert_lines fills an empty file and inserts empty lines on request", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/e.txt`, "");
    await readFileTool.execute({ path: "e.txt" }, ctx);
    await insertLinesTool.execute({ path: "e.txt", line: 1, content: "x" }, ctx);
    assert.equal(await readText(dir, "e.txt"), "x\n");
    await insertLinesTool.execute({ path: "e.txt", line: 1, content: "\n" }, ctx);
    assert.equal(await readText(dir, "e.txt"), "\nx\n");
  });
});

Deno.test("insert_lines refuses a line past count + 1 with the real count", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/a.txt`, "1\n2\n");
    await readFileTool.execute({ path: "a.txt" }, ctx);
    assert.deepEqual(await insertLinesTool.execute({ path: "a.txt", line: 4, content: "x" }, ctx), {
      ok: false,
      output: 'Error: line 4 is outside "a.txt", which has 2 lines: use a line from 1 to 3 ' +
        "(3 appends at the end).",
    });
  });
});

Deno.test("insert_lines needs a read first and runs concurrent calls one after the other", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/a.txt`, "end\n");
    const unread = await insertLinesTool.execute({ path: "a.txt", line: 1, content: "x" }, ctx);
    assert.match(unread.output, /has not been read yet: call read_file on it first/);
    await readFileTool.execute({ path: "a.txt" }, ctx);
    const results = await Promise.all(
      Array.from(
        { length: 20 },
        (_, i) => insertLinesTool.execute({ path: "a.txt", line: 1, content: `l${i}` }, ctx),
      ),
    );
    assert.deepEqual(results.map((r) => r.ok), Array(20).fill(true));
    const lines = (await readText(dir, "a.txt")).split("\n");
    assert.equal(lines.length, 22);
    assert.deepEqual(
      lines.slice(0, 20).sort(),
      Array.from({ length: 20 }, (_, i) => `l${i}`).sort(),
    );
  });
});
