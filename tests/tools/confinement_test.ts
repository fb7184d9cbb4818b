/**
 * Where the file tools may go (issue #11 item 16): nothing outside the project (and the
 * user's allowedDirs) through any tool and any spelling, and no writes into a .git
 * directory unless the user allowed them.
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
import type { AnyTool, ToolContext } from "../../src/tools/tool.ts";
import { readText, withTempProject } from "../_helpers/file_fixture.ts";

/** Every file tool, with arguments that aim it at `path`. */
function callsAt(path: string): [AnyTool, Record<string, unknown>][] {
  return [
    [readFileTool, { path }],
    [createFileTool, { path, content: "pwned\n", overwrite: true }],
    [stringReplaceTool, { path, old_str: "secret", new_str: "pwned" }],
    [insertLinesTool, { path, line: 1, content: "pwned" }],
    [replaceLinesTool, { path, start_line: 1, end_line: 1, content: "pwned" }],
    [deleteLinesTool, { path, start_line: 1, end_line: 1 }],
    [searchFileContentsTool, { query: "secret", path }],
    [listDirectoryTool, { path }],
    [findFilesTool, { pattern: "*", path }],
  ];
}

async function withOutside(fn: (outside: string) => Promise<void>): Promise<void> {
  const outside = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-outside-" }));
  try {
    await Deno.writeTextFile(`${outside}/secret.txt`, "secret\n");
    await fn(outside);
  } finally {
    await Deno.remove(outside, { recursive: true });
  }
}

Deno.test("no file tool reaches outside the project, whatever the spelling", async () => {
  await withOutside(async (outside) => {
    await withTempProject(async (dir, ctx) => {
      await Deno.symlink(outside, `${dir}/link`);
      await Deno.symlink(`${outside}/secret.txt`, `${dir}/secret-link.txt`);
      const rel = `../${outside.split("/").at(-1)}`;
      const spellings = [
        `${outside}/secret.txt`,
        `${rel}/secret.txt`,
        `sub/../${rel}/secret.txt`,
        "link/secret.txt",
        "secret-link.txt",
        outside,
        "link",
      ];
      for (const path of spellings) {
        for (const [tool, args] of callsAt(path)) {
          const result = await tool.execute(args, ctx);
          assert.equal(result.ok, false, `${tool.name} ${path}: ${result.output}`);
          assert.match(result.output, /is refused: it (is|resolves \(through a symlink\)) outside/);
        }
      }
      assert.equal(await readText(outside, "secret.txt"), "secret\n");
      assert.deepEqual([...Deno.readDirSync(outside)].map((e) => e.name), ["secret.txt"]);
    });
  });
});

const GIT_PATHS = [
  ".git/hooks/pre-commit",
  ".git/config",
  ".GIT/config",
  ".git./config",
  "sub/.git/config",
  "hooks-link/post-checkout",
];

async function gitProject(dir: string): Promise<void> {
  await Deno.mkdir(`${dir}/.git/hooks`, { recursive: true });
  await Deno.mkdir(`${dir}/sub/.git`, { recursive: true });
  await Deno.writeTextFile(`${dir}/.git/config`, "[core]\n");
  await Deno.writeTextFile(`${dir}/sub/.git/config`, "[core]\n");
  await Deno.symlink(`${dir}/.git/hooks`, `${dir}/hooks-link`);
}

Deno.test("writes into .git are refused for every write tool, reads are not", async () => {
  await withTempProject(async (dir, ctx) => {
    await gitProject(dir);
    const writes = (path: string): [AnyTool, Record<string, unknown>][] =>
      callsAt(path).filter(([tool]) => tool.kind === "write");
    for (const path of GIT_PATHS) {
      for (const [tool, args] of writes(path)) {
        const result = await tool.execute(args, ctx);
        assert.equal(result.ok, false, `${tool.name} ${path}`);
        assert.match(
          result.output,
          /^Error: writing ".*" is refused: it is inside a \.git directory, whose hooks and config run commands\./,
          `${tool.name} ${path}`,
        );
        assert.deepEqual(await tool.preview!(args, ctx), {}, `${tool.name} ${path} preview`);
      }
    }
    assert.deepEqual([...Deno.readDirSync(`${dir}/.git/hooks`)], []);
    assert.equal(await readText(dir, ".git/config"), "[core]\n");
    const read = await readFileTool.execute({ path: ".git/config" }, ctx);
    assert.equal(read.ok, true);
  });
});

Deno.test("writes into .git work when the user allowed them (allowGitWrites)", async () => {
  await withTempProject(async (dir, base) => {
    await gitProject(dir);
    const ctx: ToolContext = { ...base, allowGitWrites: true };
    const result = await createFileTool.execute(
      { path: ".git/hooks/pre-commit", content: "#!/bin/sh\nexit 0\n" },
      ctx,
    );
    assert.equal(result.ok, true, result.output);
    assert.equal(await readText(dir, ".git/hooks/pre-commit"), "#!/bin/sh\nexit 0\n");
  });
});

Deno.test("a file merely named like .git (.gitignore, .github/) is an ordinary file", async () => {
  await withTempProject(async (dir, ctx) => {
    for (const path of [".gitignore", ".github/workflows/ci.yml", "docs/.git-notes"]) {
      const result = await createFileTool.execute({ path, content: "x\n" }, ctx);
      assert.equal(result.ok, true, `${path}: ${result.output}`);
    }
    assert.equal(await readText(dir, ".gitignore"), "x\n");
  });
});
