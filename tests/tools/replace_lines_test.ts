import assert from "node:assert/strict";
import { readFileTool } from "../../src/tools/read_file.ts";
import { replaceLinesTool } from "../../src/tools/replace_lines.ts";
import type { ToolContext } from "../../src/tools/tool.ts";
import { readText, withTempProject } from "../_helpers/file_fixture.ts";

async function readThen(ctx: ToolContext, dir: string, name: string, bytes: string | Uint8Array) {
  if (typeof bytes === "string") await Deno.writeTextFile(`${dir}/${name}`, bytes);
  else await Deno.writeFile(`${dir}/${name}`, bytes);
  const read = await readFileTool.execute({ path: name }, ctx);
  assert.equal(read.ok, true, read.output);
}

Deno.test("replace_lines replaces an inclusive range and shows the region renumbered", async () => {
  await withTempProject(async (dir, ctx) => {
    await readThen(ctx, dir, "a.ts", "1\n2\n3\n4\n5\n");
    const result = await replaceLinesTool.execute(
      { path: "a.ts", start_line: 2, end_line: 3, content: "two\nthree\nthree-and-a-half\n" },
      ctx,
    );
    assert.deepEqual(result, {
      ok: true,
      output: "Edited a.ts: +3 -2\nLines 1-6 of 6 now read:\n" +
        "     1\t1\n     2\ttwo\n     3\tthree\n     4\tthree-and-a-half\n     5\t4\n     6\t5",
      summary: "Edited a.ts: +3 -2",
      diff:
        "--- a/a.ts\n+++ b/a.ts\n@@ -1,5 +1,6 @@\n 1\n-2\n-3\n+two\n+three\n+three-and-a-half\n 4\n 5\n",
      filesChanged: ["a.ts"],
      changes: [{
        path: `${dir}/a.ts`,
        oldText: "1\n2\n3\n4\n5\n",
        newText: "1\ntwo\nthree\nthree-and-a-half\n4\n5\n",
      }],
    });
    assert.equal(await readText(dir, "a.ts"), "1\ntwo\nthree\nthree-and-a-half\n4\n5\n");
  });
});

Deno.test("replace_lines keeps CRLF endings, the BOM and a missing final newline", async () => {
  await withTempProject(async (dir, ctx) => {
    const bom = [0xef, 0xbb, 0xbf];
    await readThen(
      ctx,
      dir,
      "w.txt",
      new Uint8Array([...bom, ...new TextEncoder().encode("a\r\nb\r\nc")]),
    );
    await replaceLinesTool.execute(
      { path: "w.txt", start_line: 3, end_line: 3, content: "C\nD" },
      ctx,
    );
    assert.deepEqual(
      await Deno.readFile(`${dir}/w.txt`),
      new Uint8Array([...bom, ...new TextEncoder().encode("a\r\nb\r\nC\r\nD")]),
    );
    await readThen(ctx, dir, "n.txt", "x\ny");
    await replaceLinesTool.execute(
      { path: "n.txt", start_line: 1, end_line: 1, content: "X\n" },
      ctx,
    );
    assert.equal(await readText(dir, "n.txt"), "X\ny");
  });
});

Deno.test("replace_lines keeps untouched lines of a mixed-EOL file byte for byte", async () => {
  await withTempProject(async (dir, ctx) => {
    await readThen(ctx, dir, "m.txt", "a\r\nb\nc\r\nd\r\n");
    await replaceLinesTool.execute(
      { path: "m.txt", start_line: 3, end_line: 3, content: "C" },
      ctx,
    );
    assert.equal(await readText(dir, "m.txt"), "a\r\nb\nC\r\nd\r\n");
  });
});

Deno.test("replace_lines with empty content removes the range", async () => {
  await withTempProject(async (dir, ctx) => {
    await readThen(ctx, dir, "a.txt", "1\n2\n3\n");
    await replaceLinesTool.execute({ path: "a.txt", start_line: 1, end_line: 2, content: "" }, ctx);
    assert.equal(await readText(dir, "a.txt"), "3\n");
  });
});

Deno.test("replace_lines refuses a range outside the file, naming its line count", async () => {
  await withTempProject(async (dir, ctx) => {
    await readThen(ctx, dir, "a.txt", "1\n2\n3\n");
    await readThen(ctx, dir, "e.txt", "");
    const cases: [Record<string, unknown>, string][] = [
      [
        { path: "a.txt", start_line: 2, end_line: 4 },
        'Error: lines 2-4 are outside "a.txt", which has 3 lines: valid lines are 1-3.',
      ],
      [
        { path: "a.txt", start_line: 3, end_line: 2 },
        "Error: end_line (2) is before start_line (3).",
      ],
      [
        { path: "e.txt", start_line: 1, end_line: 1 },
        'Error: lines 1-1 are outside "e.txt", which is empty (0 lines): there are no lines to change.',
      ],
    ];
    for (const [args, output] of cases) {
      const result = await replaceLinesTool.execute({ content: "x", ...args } as never, ctx);
      assert.deepEqual(result, { ok: false, output });
    }
    assert.equal(await readText(dir, "a.txt"), "1\n2\n3\n");
  });
});

Deno.test("replace_lines refuses a file never read and a file changed since the read", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/a.txt`, "1\n2\n");
    const args = { path: "a.txt", start_line: 1, end_line: 1, content: "one" };
    assert.deepEqual(await replaceLinesTool.execute(args, ctx), {
      ok: false,
      output: 'Error: "a.txt" has not been read yet: call read_file on it first, then edit ' +
        "using the line numbers it shows.",
    });
    await readFileTool.execute({ path: "a.txt" }, ctx);
    await Deno.writeTextFile(`${dir}/a.txt`, "0\n1\n2\n");
    const stale = await replaceLinesTool.execute(args, ctx);
    assert.match(stale.output, /changed on disk since you last read it: call read_file again/);
    assert.equal(await readText(dir, "a.txt"), "0\n1\n2\n");
    await readFileTool.execute({ path: "a.txt" }, ctx);
    assert.equal((await replaceLinesTool.execute(args, ctx)).ok, true);
    assert.equal(await readText(dir, "a.txt"), "one\n1\n2\n");
  });
});

Deno.test("replace_lines refuses binary and non-UTF-8 files", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeFile(`${dir}/b.bin`, new Uint8Array([1, 0, 2, 0, 10]));
    const latin1 = new TextEncoder().encode("caf? au lait, a Latin-1 line of text\n");
    latin1[3] = 0xe9; // "é" in Latin-1: invalid as UTF-8
    await Deno.writeFile(`${dir}/l1.txt`, latin1);
    ctx.knownFiles.set(`${dir}/b.bin`, "x");
    await readFileTool.execute({ path: "l1.txt" }, ctx);
    const args = { start_line: 1, end_line: 1, content: "x" };
    const bin = await replaceLinesTool.execute({ path: "b.bin", ...args }, ctx);
    assert.equal(bin.output, 'Error: "b.bin" is a binary file; it cannot be edited.');
    const latin = await replaceLinesTool.execute({ path: "l1.txt", ...args }, ctx);
    assert.match(latin.output, /^Error: "l1\.txt" is not valid UTF-8/);
  });
});

Deno.test("replace_lines preview shows the diff without writing or recording", async () => {
  await withTempProject(async (dir, ctx) => {
    await readThen(ctx, dir, "a.txt", "1\n2\n");
    const known = new Map(ctx.knownFiles);
    const preview = await replaceLinesTool.preview!(
      { path: "a.txt", start_line: 2, end_line: 2, content: "B" },
      ctx,
    );
    assert.deepEqual(preview, {
      diff: "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n 1\n-2\n+B\n",
      changes: [{ path: `${dir}/a.txt`, oldText: "1\n2\n", newText: "1\nB\n" }],
    });
    assert.equal(await readText(dir, "a.txt"), "1\n2\n");
    assert.deepEqual(ctx.knownFiles, known);
  });
});
