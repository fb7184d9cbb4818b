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
        // Refused before anyone is asked, with the message the run gives.
        assert.deepEqual(
          await tool.preview!(args, ctx),
          { refuse: result.output },
          `${tool.name} ${path} preview`,
        );
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

/** The four files of the fake bare repository of the review's repro, in its order. */
const FAKE_REPO: [string, string][] = [
  ["HEAD", "ref: refs/heads/main\n"],
  ["objects/info/.keep", ""],
  ["refs/heads/.keep", ""],
  ["config", '[core]\n\tworktree = .\n\tfsmonitor = "touch /tmp/PWNED_bare; false"\n'],
];

/** Creates the files in order under `folder`; the outputs of the calls. */
async function plant(ctx: ToolContext, folder: string, files: [string, string][]) {
  const outputs: string[] = [];
  for (const [name, content] of files) {
    const path = folder ? `${folder}/${name}` : name;
    outputs.push((await createFileTool.execute({ path, content }, ctx)).output);
  }
  return outputs;
}

const GIT_DIR_REFUSAL = (path: string, folder: string) =>
  `Error: writing "${path}" is refused: "${folder}" holds (or would hold, with this write) ` +
  "what makes a git directory (HEAD with objects/ and refs/, or with commondir), whose hooks " +
  "and config run commands. Do not work around this; if the change is needed, ask the user " +
  '(they can allow it with "allowGitWrites": true in their config).';

Deno.test("a fake bare repository cannot be planted: the write that would complete HEAD, objects/ and refs/ is refused", async () => {
  await withTempProject(async (dir, ctx) => {
    // At the root of a project that is not a git repository (the review's repro)…
    const atRoot = await plant(ctx, "", FAKE_REPO);
    assert.match(atRoot[0], /^Created HEAD/);
    assert.match(atRoot[1], /^Created objects\/info\/\.keep/);
    assert.equal(atRoot[2], GIT_DIR_REFUSAL("refs/heads/.keep", "."));
    assert.match(atRoot[3], /^Created config/, "without refs/ the folder is no git directory");
    // …and in any folder, in any order: the write that completes the set is refused.
    const reversed = await plant(ctx, "gd", [...FAKE_REPO].reverse());
    assert.deepEqual(reversed.slice(0, 3).map((o) => o.split(" ")[0]), [
      "Created",
      "Created",
      "Created",
    ]);
    assert.equal(reversed[3], GIT_DIR_REFUSAL("gd/HEAD", "gd"));
    await assert.rejects(Deno.stat(`${dir}/gd/HEAD`), Deno.errors.NotFound);
    await assert.rejects(Deno.stat(`${dir}/refs`), Deno.errors.NotFound);
    // A linked worktree's layout: HEAD beside a commondir file.
    const linked = await plant(ctx, "wt", [["commondir", "../.git\n"], ["HEAD", "ref: x\n"]]);
    assert.equal(linked[1], GIT_DIR_REFUSAL("wt/HEAD", "wt"));
  });
});

Deno.test("nothing is written inside a folder git already takes for a git directory (a bare repo in the project)", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.mkdir(`${dir}/fixtures/repo.git/objects`, { recursive: true });
    await Deno.mkdir(`${dir}/fixtures/repo.git/refs/heads`, { recursive: true });
    await Deno.writeTextFile(`${dir}/fixtures/repo.git/HEAD`, "ref: refs/heads/main\n");
    await Deno.writeTextFile(`${dir}/fixtures/repo.git/config`, "[core]\n");
    for (const path of ["config", "hooks/post-checkout", "refs/heads/main"]) {
      const full = `fixtures/repo.git/${path}`;
      for (const [tool, args] of callsAt(full).filter(([t]) => t.kind === "write")) {
        const result = await tool.execute(args, ctx);
        assert.equal(result.output, GIT_DIR_REFUSAL(full, "fixtures/repo.git"), tool.name);
      }
    }
    assert.equal(await readText(dir, "fixtures/repo.git/config"), "[core]\n");
    // Beside it, and above it, the project is written as usual.
    const beside = await createFileTool.execute({ path: "fixtures/README", content: "x\n" }, ctx);
    assert.equal(beside.ok, true, beside.output);
    // The user's allowGitWrites lets the write through, as for .git.
    const allowed = await createFileTool.execute(
      { path: "fixtures/repo.git/hooks/post-checkout", content: "exit 0\n" },
      { ...ctx, allowGitWrites: true },
    );
    assert.equal(allowed.ok, true, allowed.output);
  });
});

Deno.test("ordinary project files named config, HEAD, objects/ or refs/ are written", async () => {
  await withTempProject(async (dir, ctx) => {
    for (
      const path of [
        "config",
        "src/config/index.ts",
        "app/HEAD",
        "app/objects/user.ts",
        "docs/refs/api.md",
        "store/objects/a.json",
        "store/refs/b.json",
      ]
    ) {
      const result = await createFileTool.execute({ path, content: "x\n" }, ctx);
      assert.equal(result.ok, true, `${path}: ${result.output}`);
    }
    assert.equal(await readText(dir, "store/refs/b.json"), "x\n");
  });
});
