import assert from "node:assert/strict";
import { createFileTool } from "../../src/tools/create_file.ts";
import { readFileTool } from "../../src/tools/read_file.ts";
import { replaceLinesTool } from "../../src/tools/replace_lines.ts";
import { readText, withTempProject } from "../_helpers/file_fixture.ts";

Deno.test("create_file creates a file and its parent dirs and reports a diff", async () => {
  await withTempProject(async (dir, ctx) => {
    const result = await createFileTool.execute(
      { path: "src/deep/ñew.ts", content: "a\nb\n" },
      ctx,
    );
    assert.deepEqual(result, {
      ok: true,
      output: "Created src/deep/ñew.ts: +2 -0\nWrote 2 lines (4 bytes).",
      summary: "Created src/deep/ñew.ts: +2 -0",
      diff: "--- a/src/deep/ñew.ts\n+++ b/src/deep/ñew.ts\n@@ -0,0 +1,2 @@\n+a\n+b\n",
      filesChanged: ["src/deep/ñew.ts"],
      changes: [{ path: `${dir}/src/deep/ñew.ts`, oldText: null, newText: "a\nb\n" }],
    });
    assert.equal(await readText(dir, "src/deep/ñew.ts"), "a\nb\n");
    assert.deepEqual([...Deno.readDirSync(`${dir}/src/deep`)].map((e) => e.name), ["ñew.ts"]);
  });
});

Deno.test("create_file of a new empty file says it created an empty file", async () => {
  await withTempProject(async (dir, ctx) => {
    const result = await createFileTool.execute({ path: "new/.gitkeep", content: "" }, ctx);
    assert.equal(result.ok, true);
    assert.equal(result.output, "Created new/.gitkeep: +0 -0\nThe file is empty.");
    assert.equal(await readText(dir, "new/.gitkeep"), "");
    // Writing the same content again is what "already identical" is for.
    const again = await createFileTool.execute(
      { path: "new/.gitkeep", content: "", overwrite: true },
      ctx,
    );
    assert.equal(again.output, "Overwrote new/.gitkeep: +0 -0 (the content was already identical)");
  });
});

Deno.test("create_file's own write counts as read: a line edit may follow directly", async () => {
  await withTempProject(async (dir, ctx) => {
    await createFileTool.execute({ path: "a.txt", content: "1\n2\n3\n" }, ctx);
    const edit = await replaceLinesTool.execute(
      { path: "a.txt", start_line: 2, end_line: 2, content: "two" },
      ctx,
    );
    assert.equal(edit.ok, true, edit.output);
    assert.equal(await readText(dir, "a.txt"), "1\ntwo\n3\n");
  });
});

Deno.test("create_file refuses to replace an existing file unless overwrite is true", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/a.txt`, "old\n");
    assert.deepEqual(await createFileTool.execute({ path: "a.txt", content: "new\n" }, ctx), {
      ok: false,
      output: 'Error: "a.txt" already exists. To replace all of it, call create_file again ' +
        "with overwrite: true; to change part of it, use string_replace or replace_lines.",
    });
    assert.equal(await readText(dir, "a.txt"), "old\n");
    const result = await createFileTool.execute(
      { path: "a.txt", content: "new\n", overwrite: true },
      ctx,
    );
    assert.equal(result.summary, "Overwrote a.txt: +1 -1");
    assert.equal(result.diff, "--- a/a.txt\n+++ b/a.txt\n@@ -1,1 +1,1 @@\n-old\n+new\n");
    assert.equal(await readText(dir, "a.txt"), "new\n");
  });
});

Deno.test("create_file overwrite keeps the mode, CRLF endings and BOM of the old file", async () => {
  await withTempProject(async (dir, ctx) => {
    const path = `${dir}/run.sh`;
    await Deno.writeFile(path, new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0d, 0x0a]));
    await Deno.chmod(path, 0o751);
    const result = await createFileTool.execute(
      { path: "run.sh", content: "x\ny\n", overwrite: true },
      ctx,
    );
    assert.equal(result.output.split("\n")[1], "Kept the file's CRLF line endings.");
    assert.deepEqual(
      await Deno.readFile(path),
      new Uint8Array([0xef, 0xbb, 0xbf, 0x78, 0x0d, 0x0a, 0x79, 0x0d, 0x0a]),
    );
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o751);
  });
});

Deno.test("create_file overwrite is refused when the file changed since it was read", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/a.txt`, "v1\n");
    await readFileTool.execute({ path: "a.txt" }, ctx);
    await Deno.writeTextFile(`${dir}/a.txt`, "v2 by the user\n");
    const result = await createFileTool.execute(
      { path: "a.txt", content: "v3\n", overwrite: true },
      ctx,
    );
    assert.deepEqual(result, {
      ok: false,
      output: 'Error: "a.txt" changed on disk since you last read it: call read_file again ' +
        "and redo the edit against its current content.",
    });
    assert.equal(await readText(dir, "a.txt"), "v2 by the user\n");
  });
});

Deno.test("create_file preview returns the diff and writes nothing", async () => {
  await withTempProject(async (dir, ctx) => {
    const preview = await createFileTool.preview!({ path: "n.txt", content: "hi\n" }, ctx);
    assert.deepEqual(preview, {
      diff: "--- a/n.txt\n+++ b/n.txt\n@@ -0,0 +1,1 @@\n+hi\n",
      changes: [{ path: `${dir}/n.txt`, oldText: null, newText: "hi\n" }],
    });
    await assert.rejects(Deno.stat(`${dir}/n.txt`), Deno.errors.NotFound);
    await Deno.writeTextFile(`${dir}/e.txt`, "a\n");
    const over = await createFileTool.preview!(
      { path: "e.txt", content: "b\n", overwrite: true },
      ctx,
    );
    assert.deepEqual(over, {
      diff: "--- a/e.txt\n+++ b/e.txt\n@@ -1,1 +1,1 @@\n-a\n+b\n",
      changes: [{ path: `${dir}/e.txt`, oldText: "a\n", newText: "b\n" }],
    });
    assert.equal(await readText(dir, "e.txt"), "a\n");
    assert.equal(ctx.knownFiles.size, 0);
  });
});

Deno.test("create_file refuses paths outside, including through a dangling symlink", async () => {
  await withTempProject(async (dir, ctx) => {
    const outside = await Deno.makeTempDir();
    try {
      await Deno.symlink(`${outside}/planted.txt`, `${dir}/trap.txt`);
      for (const path of ["../escape.txt", `${outside}/abs.txt`, "trap.txt"]) {
        const result = await createFileTool.execute({ path, content: "x", overwrite: true }, ctx);
        assert.equal(result.ok, false, path);
        assert.match(result.output, /^Error: access to .* is refused/);
      }
      assert.deepEqual([...Deno.readDirSync(outside)], []);
    } finally {
      await Deno.remove(outside, { recursive: true });
    }
  });
});

Deno.test("create_file refuses a directory and reports a missing permission by its flag", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.mkdir(`${dir}/d`);
    await Deno.writeTextFile(`${dir}/f`, "");
    assert.deepEqual(await createFileTool.execute({ path: "f/x.ts", content: "" }, ctx), {
      ok: false,
      output: 'Error: cannot create "f/x.ts": a parent of it is a file, not a directory.',
    });
    assert.deepEqual(await createFileTool.execute({ path: "d", content: "" }, ctx), {
      ok: false,
      output: 'Error: "d" is a directory, not a file.',
    });
    const script = await Deno.makeTempFile({ suffix: ".ts" });
    try {
      await Deno.writeTextFile(
        script,
        `import { createFileTool } from "${new URL(
          "../../src/tools/create_file.ts",
          import.meta.url,
        )}";
import { makeToolContext } from "${new URL("../_helpers/tool_context.ts", import.meta.url)}";
const ctx = makeToolContext(${JSON.stringify(dir)});
console.log(JSON.stringify(await createFileTool.execute({ path: "x.txt", content: "x" }, ctx)));`,
      );
      const config = new URL("../../deno.json", import.meta.url).pathname;
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--no-prompt", "--config", config, "--allow-read", "--allow-env", script],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const result = JSON.parse(new TextDecoder().decode(out.stdout));
      assert.deepEqual(result, {
        ok: false,
        output: 'Error: no permission to access "x.txt": nanocoder must be started with ' +
          "--allow-write covering this path. Tell the user; do not retry.",
      });
      await assert.rejects(Deno.stat(`${dir}/x.txt`), Deno.errors.NotFound);
    } finally {
      await Deno.remove(script);
    }
  });
});
