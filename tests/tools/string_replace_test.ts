import assert from "node:assert/strict";
import { readFileTool } from "../../src/tools/read_file.ts";
import { stringReplaceTool } from "../../src/tools/string_replace.ts";
import { readText, withTempProject } from "../_helpers/file_fixture.ts";

const CODE =
  "function add(a, b) {\n  return a + b;\n}\n\nfunction sub(a, b) {\n  return a - b;\n}\n";

Deno.test("string_replace replaces a unique match and shows the edited region", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/m.js`, CODE);
    await readFileTool.execute({ path: "m.js" }, ctx);
    const result = await stringReplaceTool.execute(
      { path: "m.js", old_str: "  return a - b;", new_str: "  // subtract\n  return a - b;" },
      ctx,
    );
    assert.deepEqual(result, {
      ok: true,
      output: "Edited m.js: +1 -0\nLines 3-8 of 8 now read:\n" +
        "     3\t}\n     4\t\n     5\tfunction sub(a, b) {\n     6\t  // subtract\n" +
        "     7\t  return a - b;\n     8\t}",
      summary: "Edited m.js: +1 -0",
      diff: "--- a/m.js\n+++ b/m.js\n@@ -3,5 +3,6 @@\n }\n \n function sub(a, b) {\n" +
        "+  // subtract\n   return a - b;\n }\n",
      filesChanged: ["m.js"],
      changes: [{
        path: `${dir}/m.js`,
        oldText: CODE,
        newText: CODE.replace("  return a - b;", "  // subtract\n  return a - b;"),
      }],
    });
    assert.equal(
      await readText(dir, "m.js"),
      CODE.replace("  return a - b;", "  // subtract\n  return a - b;"),
    );
  });
});

Deno.test("string_replace inserts new_str literally, without $ patterns", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/a.txt`, "price\n");
    await stringReplaceTool.execute({ path: "a.txt", old_str: "price", new_str: "$& $1 $$" }, ctx);
    assert.equal(await readText(dir, "a.txt"), "$& $1 $$\n");
  });
});

Deno.test("string_replace refuses an ambiguous match, listing count and lines", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/m.js`, CODE);
    const result = await stringReplaceTool.execute({
      path: "m.js",
      old_str: "(a, b)",
      new_str: "(x, y)",
    }, ctx);
    assert.deepEqual(result, {
      ok: false,
      output: 'Error: old_str occurs 2 times in "m.js" (at lines 1, 5). Add surrounding lines to ' +
        "old_str so it matches once, or set replace_all: true to replace all of them.",
    });
    const all = await stringReplaceTool.execute(
      { path: "m.js", old_str: "(a, b)", new_str: "(x,\ny)", replace_all: true },
      ctx,
    );
    assert.equal(all.output.split("\n")[1], "Replaced 2 occurrences (now at lines 1, 6).");
    assert.equal(await readText(dir, "m.js"), CODE.replaceAll("(a, b)", "(x,\ny)"));
  });
});

Deno.test("string_replace without exact match points at the whitespace-insensitive match", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/m.js`, CODE);
    const result = await stringReplaceTool.execute(
      { path: "m.js", old_str: "function sub(a,b) {\n    return a - b;", new_str: "x" },
      ctx,
    );
    assert.deepEqual(result, {
      ok: false,
      output: 'Error: old_str was not found in "m.js".\n' +
        "Ignoring whitespace, old_str matches one place: at lines 5-6, which actually reads:\n" +
        "     5\tfunction sub(a, b) {\n     6\t  return a - b;\n" +
        "Copy the whitespace exactly (indentation, spaces, line breaks).",
    });
    assert.equal(await readText(dir, "m.js"), CODE);
  });
});

Deno.test("string_replace without any close match names a line it shares, or says to re-read", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/m.js`, CODE);
    const partial = await stringReplaceTool.execute(
      { path: "m.js", old_str: "function sub(a, b) {\n  return b - a;", new_str: "x" },
      ctx,
    );
    assert.match(
      partial.output,
      /its line "function sub\(a, b\) \{" occurs at line 5:\n {5}5\tfunction sub/,
    );
    const none = await stringReplaceTool.execute(
      { path: "m.js", old_str: "zzz_qqq", new_str: "x" },
      ctx,
    );
    assert.equal(
      none.output,
      'Error: old_str was not found in "m.js". Read the file again and copy the text exactly.',
    );
    const numbered = await stringReplaceTool.execute(
      { path: "m.js", old_str: "     2\t  return a + b;", new_str: "x" },
      ctx,
    );
    assert.match(numbered.output, /seems to start its lines with read_file's line numbers/);
  });
});

Deno.test("string_replace matches LF old_str in a CRLF file and writes CRLF", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/w.txt`, "one\r\ntwo\r\nthree\r\n");
    const result = await stringReplaceTool.execute(
      { path: "w.txt", old_str: "one\ntwo\n", new_str: "1\n2\n2.5\n" },
      ctx,
    );
    assert.equal(result.summary, "Edited w.txt: +3 -2");
    assert.equal(await readText(dir, "w.txt"), "1\r\n2\r\n2.5\r\nthree\r\n");
    await Deno.writeTextFile(`${dir}/u.txt`, "one\ntwo\n");
    await stringReplaceTool.execute(
      { path: "u.txt", old_str: "one\r\ntwo", new_str: "1\r\n2" },
      ctx,
    );
    assert.equal(await readText(dir, "u.txt"), "1\n2\n");
  });
});

Deno.test("string_replace allows a never-read file but refuses one changed since its read", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/a.txt`, "alpha\nbeta\n");
    const unread = await stringReplaceTool.execute({
      path: "a.txt",
      old_str: "alpha",
      new_str: "A",
    }, ctx);
    assert.equal(unread.ok, true, unread.output);
    await Deno.writeTextFile(`${dir}/a.txt`, "A\nbeta\ngamma\n");
    const stale = await stringReplaceTool.execute(
      { path: "a.txt", old_str: "beta", new_str: "B" },
      ctx,
    );
    assert.deepEqual(stale, {
      ok: false,
      output: 'Error: "a.txt" changed on disk since you last read it: call read_file again and ' +
        "redo the edit against its current content.",
    });
    assert.equal(await readText(dir, "a.txt"), "A\nbeta\ngamma\n");
  });
});

Deno.test("string_replace edits in sequence and concurrently stay consistent", async () => {
  await withTempProject(async (dir, ctx) => {
    const words = Array.from({ length: 30 }, (_, i) => `w${i}`);
    await Deno.writeTextFile(`${dir}/a.txt`, words.join("\n") + "\n");
    await readFileTool.execute({ path: "a.txt" }, ctx);
    assert.equal(
      (await stringReplaceTool.execute({ path: "a.txt", old_str: "w0\n", new_str: "W0\n" }, ctx))
        .ok,
      true,
    );
    assert.equal(
      (await stringReplaceTool.execute({ path: "a.txt", old_str: "w1\n", new_str: "W1\n" }, ctx))
        .ok,
      true,
    );
    const results = await Promise.all(
      words.slice(2).map((w) =>
        stringReplaceTool.execute({
          path: "a.txt",
          old_str: `\n${w}\n`,
          new_str: `\n${w.toUpperCase()}\n`,
        }, ctx)
      ),
    );
    assert.deepEqual(results.filter((r) => !r.ok), []);
    assert.equal(await readText(dir, "a.txt"), words.map((w) => w.toUpperCase()).join("\n") + "\n");
  });
});

Deno.test("string_replace refuses empty and identical strings and missing files", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/a.txt`, "a\n");
    const cases: [Record<string, unknown>, string][] = [
      [
        { path: "a.txt", old_str: "", new_str: "x" },
        "Error: old_str is empty. To add text, use insert_lines; for a new file, create_file.",
      ],
      [
        { path: "a.txt", old_str: "a", new_str: "a" },
        "Error: old_str and new_str are identical; nothing to change.",
      ],
      [
        { path: "b.txt", old_str: "a", new_str: "b" },
        'Error: "b.txt" does not exist. Check the path, or use create_file to create it.',
      ],
    ];
    for (const [args, output] of cases) {
      assert.deepEqual(await stringReplaceTool.execute(args as never, ctx), { ok: false, output });
    }
  });
});

Deno.test("string_replace diffs a small edit of a 10k-line file quickly via its preview", async () => {
  await withTempProject(async (dir, ctx) => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `line ${i}`);
    await Deno.writeTextFile(`${dir}/big.txt`, lines.join("\n") + "\n");
    const preview = await stringReplaceTool.preview!(
      { path: "big.txt", old_str: "line 5000\n", new_str: "LINE 5000\n" },
      ctx,
    );
    assert.equal(
      preview.diff,
      "--- a/big.txt\n+++ b/big.txt\n@@ -4998,7 +4998,7 @@\n line 4997\n line 4998\n line 4999\n" +
        "-line 5000\n+LINE 5000\n line 5001\n line 5002\n line 5003\n",
    );
  });
});
