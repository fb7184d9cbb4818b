import assert from "node:assert/strict";
import { type FindArgs, findFilesTool, listFiles, runFind } from "../../src/tools/find_files.ts";
import { findRipgrep } from "../../src/tools/_private/ripgrep.ts";
import type { ToolContext } from "../../src/tools/tool.ts";
import { withTempProject } from "../_helpers/file_fixture.ts";
import { SEARCH_FIXTURE, writeTree } from "../_helpers/search_tree.ts";

const rg = await findRipgrep();

function withFixture(fn: (dir: string, ctx: ToolContext) => Promise<void>): Promise<void> {
  return withTempProject(async (dir, ctx) => {
    await writeTree(dir, SEARCH_FIXTURE);
    await fn(dir, ctx);
  });
}

async function find(args: FindArgs, ctx: ToolContext): Promise<string[]> {
  const result = await runFind(args, ctx, "typescript");
  assert.equal(result.ok, true, result.output);
  return result.output.split("\n");
}

Deno.test("find_files matches **/*.ts in path order, skipping ignored files and node_modules", async () => {
  await withFixture(async (_dir, ctx) => {
    assert.deepEqual(await find({ pattern: "**/*.ts" }, ctx), [
      "src/main.ts",
      "src/nested/deep/a.ts",
      "src/util.ts",
      "src/ünïcödé/файл.ts",
    ]);
  });
});

Deno.test("find_files lists every kept file, with .gitignore negation, .git/info/exclude and hidden files", async () => {
  await withFixture(async (_dir, ctx) => {
    assert.deepEqual(await find({ pattern: "**" }, ctx), [
      ".gitignore",
      ".hidden/conf",
      "README.md",
      "bin.dat",
      "ctx.txt",
      "keep.log",
      "long.txt",
      "noeol.txt",
      "src/crlf.txt",
      "src/main.ts",
      "src/nested/.gitignore",
      "src/nested/deep/a.ts",
      "src/util.ts",
      "src/ünïcödé/файл.ts",
    ]);
  });
});

Deno.test("find_files expands brace sets and matches a bare name at any depth", async () => {
  await withFixture(async (_dir, ctx) => {
    assert.deepEqual(await find({ pattern: "*.{md,log}" }, ctx), ["README.md", "keep.log"]);
    assert.deepEqual(await find({ pattern: "a.ts" }, ctx), ["src/nested/deep/a.ts"]);
    assert.deepEqual(await find({ pattern: ".gitignore" }, ctx), [
      ".gitignore",
      "src/nested/.gitignore",
    ]);
  });
});

Deno.test("find_files anchors a pattern with a slash at the search path", async () => {
  await withFixture(async (_dir, ctx) => {
    assert.deepEqual(await find({ pattern: "src/*.ts" }, ctx), ["src/main.ts", "src/util.ts"]);
    assert.deepEqual(await find({ pattern: "deep/*.ts", path: "src/nested" }, ctx), [
      "src/nested/deep/a.ts",
    ]);
    assert.deepEqual(await find({ pattern: "./src/ünïcödé/*" }, ctx), ["src/ünïcödé/файл.ts"]);
  });
});

Deno.test("find_files caps the list and says how many were left out", async () => {
  await withFixture(async (dir, ctx) => {
    const result = await findFilesTool.execute({ pattern: "*", max_results: 3 }, ctx);
    assert.deepEqual(result, {
      ok: true,
      output: ".gitignore\n.hidden/conf\nREADME.md\n" +
        '… 11 more not shown (14 in all). Use a narrower pattern or path, or raise "max_results".',
      summary: "Found 14 files",
      locations: [".gitignore", ".hidden/conf", "README.md"].map((f) => ({ path: `${dir}/${f}` })),
    });
  });
});

Deno.test("find_files searches inside node_modules when it is the path", async () => {
  await withFixture(async (_dir, ctx) => {
    assert.deepEqual(await find({ pattern: "*.js", path: "node_modules" }, ctx), [
      "node_modules/pkg/index.js",
    ]);
  });
});

Deno.test("find_files says when nothing matches and refuses paths outside the project", async () => {
  await withFixture(async (_dir, ctx) => {
    assert.deepEqual(await runFind({ pattern: "*.rs" }, ctx, "auto"), {
      ok: true,
      output: 'No files match "*.rs".',
      summary: "No files found",
    });
    assert.deepEqual(await runFind({ pattern: "src" }, ctx, "auto"), {
      ok: true,
      output: 'No files match "src". If "src" is a directory, use "src/**" or list_directory.',
      summary: "No files found",
    });
    for (const args of [{ pattern: "*", path: ".." }, { pattern: "../*" }, { pattern: "/etc/*" }]) {
      const result = await runFind(args, ctx, "auto");
      assert.equal(result.ok, false, JSON.stringify(args));
      assert.match(result.output, /is refused: .*outside the project directory/);
    }
    const missing = await runFind({ pattern: "*", path: "nope" }, ctx, "auto");
    assert.equal(missing.ok, false);
    assert.match(missing.output, /^Error: directory "nope" does not exist/);
  });
});

Deno.test("find_files returns an empty-directory search as no match", async () => {
  await withFixture(async (_dir, ctx) => {
    assert.deepEqual(await runFind({ pattern: "*", path: "empty" }, ctx, "typescript"), {
      ok: true,
      output: 'No files match "*" in "empty".',
      summary: "No files found",
    });
  });
});

Deno.test({
  name: "find_files lists the same files with rg --files and with the TypeScript walk" +
    (rg ? "" : " (skipped: no rg binary found)"),
  ignore: !rg,
  fn: () =>
    withFixture(async (dir, ctx) => {
      for (const root of [dir, `${dir}/src`, `${dir}/node_modules`]) {
        const withRg = (await listFiles(root, "ripgrep")).sort();
        const withTs = (await listFiles(root, "typescript")).sort();
        assert.deepEqual(withRg, withTs, root);
      }
      for (
        const args of [{ pattern: "**/*.ts" }, { pattern: "*", max_results: 5 }, {
          pattern: "src/**",
        }]
      ) {
        assert.deepEqual(
          await runFind(args, ctx, "ripgrep"),
          await runFind(args, ctx, "typescript"),
        );
      }
    }),
});

Deno.test("find_files stops before the answer grows too long, and says so", async () => {
  await withTempProject(async (dir, ctx) => {
    const long = "d".repeat(90);
    const spec: Record<string, string> = {};
    for (let i = 0; i < 300; i++) spec[`${long}/f${String(i).padStart(3, "0")}.txt`] = "";
    await writeTree(dir, spec);
    const result = await runFind({ pattern: "*.txt", max_results: 1000 }, ctx, "auto");
    const lines = result.output.split("\n");
    const shown = lines.length - 1;
    assert.ok(shown > 100 && shown < 300, String(shown));
    assert.equal(
      lines.at(-1),
      `… ${300 - shown} more not shown (300 in all). ` +
        "The answer is limited to 20000 characters: use a narrower pattern or path.",
    );
  });
});
