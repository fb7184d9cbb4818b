/**
 * Contract v2 of the built-in file and web tools: the activity a frontend shows, a
 * one-line title and absolute locations for every call, and `changes` (whole texts
 * before and after, bounded) for every write, in its preview and in its result.
 */
import assert from "node:assert/strict";
import { createFileTool } from "../../src/tools/create_file.ts";
import { deleteLinesTool } from "../../src/tools/delete_lines.ts";
import { findFilesTool } from "../../src/tools/find_files.ts";
import { insertLinesTool } from "../../src/tools/insert_lines.ts";
import { listDirectoryTool } from "../../src/tools/list_directory.ts";
import { readFileTool } from "../../src/tools/read_file.ts";
import { replaceLinesTool } from "../../src/tools/replace_lines.ts";
import { searchFileContentsTool } from "../../src/tools/search_file_contents.ts";
import { stringReplaceTool } from "../../src/tools/string_replace.ts";
import type { AnyTool } from "../../src/tools/tool.ts";
import { webFetchTool } from "../../src/tools/web_fetch.ts";
import { createWebSearchTool } from "../../src/tools/web_search.ts";
import { MAX_CHANGE_TEXT_CHARS } from "../../src/tools/_private/file_change.ts";
import { readText, withTempProject } from "../_helpers/file_fixture.ts";

interface Case {
  tool: AnyTool;
  args: Record<string, unknown>;
  activity: string;
  title: string;
  /** Paths relative to the project, with lines. */
  locations: { path: string; line?: number }[];
}

const CASES: Case[] = [
  {
    tool: readFileTool,
    args: { path: "src/a.ts", start_line: 10, end_line: 40 },
    activity: "read",
    title: "read_file src/a.ts:10-40",
    locations: [{ path: "src/a.ts", line: 10 }],
  },
  {
    tool: readFileTool,
    args: { path: "src/a.ts" },
    activity: "read",
    title: "read_file src/a.ts",
    locations: [{ path: "src/a.ts" }],
  },
  {
    tool: createFileTool,
    args: { path: "hello.txt", content: "hi\n" },
    activity: "edit",
    title: "create_file hello.txt",
    locations: [{ path: "hello.txt" }],
  },
  {
    tool: stringReplaceTool,
    args: { path: "a.ts", old_str: "x", new_str: "y" },
    activity: "edit",
    title: "string_replace a.ts",
    locations: [{ path: "a.ts" }],
  },
  {
    tool: insertLinesTool,
    args: { path: "a.ts", line: 12, content: "x" },
    activity: "edit",
    title: "insert_lines a.ts:12",
    locations: [{ path: "a.ts", line: 12 }],
  },
  {
    tool: replaceLinesTool,
    args: { path: "a.ts", start_line: 3, end_line: 5, content: "x" },
    activity: "edit",
    title: "replace_lines a.ts:3-5",
    locations: [{ path: "a.ts", line: 3 }],
  },
  {
    tool: deleteLinesTool,
    args: { path: "a.ts", start_line: 7, end_line: 7 },
    activity: "edit",
    title: "delete_lines a.ts:7",
    locations: [{ path: "a.ts", line: 7 }],
  },
  {
    tool: searchFileContentsTool,
    args: { query: "TODO" },
    activity: "search",
    title: 'search_file_contents "TODO"',
    locations: [{ path: "." }],
  },
  {
    tool: searchFileContentsTool,
    args: { query: "a\nb", path: "src" },
    activity: "search",
    title: 'search_file_contents "a\\nb" in src',
    locations: [{ path: "src" }],
  },
  {
    tool: findFilesTool,
    args: { pattern: "**/*.ts" },
    activity: "search",
    title: 'find_files "**/*.ts"',
    locations: [{ path: "." }],
  },
  {
    tool: listDirectoryTool,
    args: {},
    activity: "read",
    title: "list_directory .",
    locations: [{ path: "." }],
  },
  {
    tool: webFetchTool,
    args: { url: "https://example.com/docs" },
    activity: "fetch",
    title: "web_fetch https://example.com/docs",
    locations: [],
  },
  {
    tool: createWebSearchTool({ backend: "duckduckgo" }),
    args: { query: "deno permissions" },
    activity: "search",
    title: 'web_search "deno permissions"',
    locations: [],
  },
];

Deno.test("every file and web tool declares its activity, a one-line title and absolute locations", async () => {
  await withTempProject((dir) => {
    for (const c of CASES) {
      assert.equal(c.tool.activity, c.activity, c.title);
      assert.equal(c.tool.title!(c.args), c.title);
      assert.deepEqual(
        c.tool.locations!(c.args, { cwd: dir }),
        c.locations.map((l) => ({ ...l, path: l.path === "." ? dir : `${dir}/${l.path}` })),
        c.title,
      );
    }
    return Promise.resolve();
  });
});

Deno.test("a search's result names its first matches (lines for contents), at most 20", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.mkdir(`${dir}/src`);
    for (let i = 0; i < 30; i++) {
      await Deno.writeTextFile(`${dir}/src/f${String(i).padStart(2, "0")}.ts`, `x\nTODO ${i}\n`);
    }
    const found = await searchFileContentsTool.execute({ query: "TODO", path: "src" }, ctx);
    assert.equal(found.locations?.length, 20);
    assert.deepEqual(found.locations?.[0], { path: `${dir}/src/f00.ts`, line: 2 });
    const few = await searchFileContentsTool.execute({ query: "TODO", max_results: 3 }, ctx);
    assert.deepEqual(few.locations?.map((l) => l.path.slice(dir.length)), [
      "/src/f00.ts",
      "/src/f01.ts",
      "/src/f02.ts",
    ]);
    const files = await findFilesTool.execute({ pattern: "*.ts" }, ctx);
    assert.equal(files.locations?.length, 20);
    assert.deepEqual(files.locations?.[1], { path: `${dir}/src/f01.ts` });
    const none = await findFilesTool.execute({ pattern: "*.md" }, ctx);
    assert.equal(none.locations, undefined);
  });
});

Deno.test("a title stays one line of at most 120 characters", () => {
  const title = createFileTool.title!({ path: `a\nb/${"x".repeat(300)}.ts`, content: "" });
  assert.equal(title.includes("\n"), false);
  assert.equal(title.length, 120);
  assert.ok(title.endsWith("…"));
});

Deno.test("changes carry the real texts (line endings kept, no BOM) in the preview and the result", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeFile(
      `${dir}/w.txt`,
      new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("a\r\nb\r\n")]),
    );
    await readFileTool.execute({ path: "w.txt" }, ctx);
    const args = { path: "w.txt", start_line: 2, end_line: 2, content: "B" };
    const expected = [{ path: `${dir}/w.txt`, oldText: "a\r\nb\r\n", newText: "a\r\nB\r\n" }];
    assert.deepEqual((await replaceLinesTool.preview!(args, ctx)).changes, expected);
    assert.deepEqual((await replaceLinesTool.execute(args, ctx)).changes, expected);
  });
});

Deno.test("changes of a file over 1 MiB leave the texts out and say so; the diff stays bounded", async () => {
  await withTempProject(async (dir, ctx) => {
    const big = "x".repeat(MAX_CHANGE_TEXT_CHARS) + "\n";
    const result = await createFileTool.execute({ path: "big.txt", content: big }, ctx);
    assert.equal(result.ok, true, result.output);
    assert.deepEqual(result.changes, [
      { path: `${dir}/big.txt`, oldText: null, newText: "", omitted: true },
    ]);
    assert.ok(result.diff!.length < 200_000, `diff is ${result.diff!.length} chars`);
    assert.ok(result.output.length < 1_000, result.output.slice(0, 300));
    assert.equal((await readText(dir, "big.txt")).length, big.length);
    const overwrite = await createFileTool.execute(
      { path: "big.txt", content: "small\n", overwrite: true },
      ctx,
    );
    assert.deepEqual(overwrite.changes, [
      { path: `${dir}/big.txt`, oldText: "", newText: "", omitted: true },
    ]);
  });
});

Deno.test("replacing a binary file whole gives a change without texts", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeFile(`${dir}/b.bin`, new Uint8Array([0, 1, 2, 3]));
    const result = await createFileTool.execute(
      { path: "b.bin", content: "text now\n", overwrite: true },
      ctx,
    );
    assert.equal(result.ok, true, result.output);
    assert.deepEqual(result.changes, [
      { path: `${dir}/b.bin`, oldText: "", newText: "", omitted: true },
    ]);
  });
});
