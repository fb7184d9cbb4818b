import assert from "node:assert/strict";
import { deleteLinesTool } from "../../src/tools/delete_lines.ts";
import { readFileTool } from "../../src/tools/read_file.ts";
import { readText, withTempProject } from "../_helpers/file_fixture.ts";

Deno.test("delete_lines deletes an inclusive range and shows the lines around it", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/a.txt`, "1\n2\n3\n4\n");
    await readFileTool.execute({ path: "a.txt" }, ctx);
    const result = await deleteLinesTool.execute(
      { path: "a.txt", start_line: 2, end_line: 3 },
      ctx,
    );
    assert.deepEqual(result, {
      ok: true,
      output: "Edited a.txt: +0 -2\nLines 1-2 of 2 now read:\n     1\t1\n     2\t4",
      summary: "Edited a.txt: +0 -2",
      diff: "--- a/a.txt\n+++ b/a.txt\n@@ -1,4 +1,2 @@\n 1\n-2\n-3\n 4\n",
      filesChanged: ["a.txt"],
      changes: [{ path: `${dir}/a.txt`, oldText: "1\n2\n3\n4\n", newText: "1\n4\n" }],
    });
    assert.equal(await readText(dir, "a.txt"), "1\n4\n");
  });
});

Deno.test("delete_lines of the last line keeps a missing final newline missing", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/a.txt`, "1\r\n2\r\n3");
    await readFileTool.execute({ path: "a.txt" }, ctx);
    const result = await deleteLinesTool.execute(
      { path: "a.txt", start_line: 3, end_line: 3 },
      ctx,
    );
    assert.equal(result.ok, true);
    assert.equal(await readText(dir, "a.txt"), "1\r\n2");
  });
});

Deno.test("delete_lines of every line leaves an empty file (with its BOM)", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeFile(`${dir}/a.txt`, new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0a]));
    await readFileTool.execute({ path: "a.txt" }, ctx);
    const result = await deleteLinesTool.execute(
      { path: "a.txt", start_line: 1, end_line: 1 },
      ctx,
    );
    assert.equal(result.output, "Edited a.txt: +0 -1\nThe file is now empty.");
    assert.deepEqual(await Deno.readFile(`${dir}/a.txt`), new Uint8Array([0xef, 0xbb, 0xbf]));
  });
});

Deno.test("delete_lines refuses out-of-range and stale edits", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/a.txt`, "1\n2\n");
    await readFileTool.execute({ path: "a.txt" }, ctx);
    assert.deepEqual(
      await deleteLinesTool.execute({ path: "a.txt", start_line: 1, end_line: 3 }, ctx),
      {
        ok: false,
        output: 'Error: lines 1-3 are outside "a.txt", which has 2 lines: valid lines are 1-2.',
      },
    );
    await Deno.writeTextFile(`${dir}/a.txt`, "1\n2\nnew\n");
    const stale = await deleteLinesTool.execute({ path: "a.txt", start_line: 1, end_line: 1 }, ctx);
    assert.match(stale.output, /changed on disk since you last read it/);
    assert.equal(await readText(dir, "a.txt"), "1\n2\nnew\n");
  });
});
