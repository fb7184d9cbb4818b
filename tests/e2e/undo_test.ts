/**
 * End-to-end: `nanocoder undo` after a `run` changed files through file tools and shell
 * commands, in git and non-git projects, never touching the user's own repository; and
 * `nanocoder init`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type MockLlm, type MockTurn, startMockLlm } from "../_helpers/mock_llm.ts";
import { runCli } from "./_cli.ts";
import { gitFingerprint, readTree, tempProject } from "../checkpoints/_tree.ts";

interface Ctx {
  dir: string;
  mock: MockLlm;
  cli: (...args: string[]) => ReturnType<typeof runCli>;
}

async function withProject(
  files: Record<string, string>,
  turns: MockTurn[],
  fn: (ctx: Ctx) => Promise<void>,
) {
  const dir = await tempProject(files);
  const data = await Deno.makeTempDir({ prefix: "nanocoder-data-" });
  const mock = await startMockLlm({ turns });
  const cli = (...args: string[]) =>
    runCli(["--base-url", mock.url, "--model", "test-model", "--mode", "yolo", ...args], {
      cwd: dir,
      env: { NANOCODER_DATA_DIR: data },
    });
  try {
    await fn({ dir, mock, cli });
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(data, { recursive: true });
  }
}

const bash = (command: string) => ({
  toolCalls: [{ name: "execute_bash", arguments: { command } }],
});
const replace = (path: string, old_str: string, new_str: string) => ({
  toolCalls: [{ name: "string_replace", arguments: { path, old_str, new_str } }],
});

async function git(dir: string, ...args: string[]): Promise<void> {
  const env = {
    GIT_AUTHOR_NAME: "t",
    GIT_AUTHOR_EMAIL: "t@example.com",
    GIT_COMMITTER_NAME: "t",
    GIT_COMMITTER_EMAIL: "t@example.com",
  };
  const out = await new Deno.Command("git", { args, cwd: dir, env }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
}

Deno.test("undo after a file-tool edit in a git project leaves .git byte for byte unchanged", async () => {
  const files = { "src/app.ts": "const port = 3000;\n", ".gitignore": "node_modules/\n" };
  const turns = [replace("src/app.ts", "3000", "8080"), { text: "Port changed." }];
  await withProject(files, turns, async ({ dir, cli }) => {
    await git(dir, "init", "-q");
    await git(dir, "add", "-A");
    await git(dir, "commit", "-q", "-m", "init");
    const before = await gitFingerprint(dir);
    assert.equal((await cli("run", "use port 8080")).code, 0);
    assert.equal(await Deno.readTextFile(join(dir, "src/app.ts")), "const port = 8080;\n");
    const undo = await cli("undo");
    assert.equal(undo.code, 0, undo.stderr);
    assert.match(undo.stdout, /\n {2}restored {2}src\/app\.ts\n/);
    assert.equal(await Deno.readTextFile(join(dir, "src/app.ts")), "const port = 3000;\n");
    assert.deepEqual(await gitFingerprint(dir), before);
  });
});

Deno.test("undo after a shell command's rm and new file, in a project without git", async () => {
  const files = { "old.log": "keep\n", "src/a.txt": "a\n" };
  const turns = [bash("rm old.log && mkdir -p out && echo built > out/new.txt"), { text: "ok" }];
  await withProject(files, turns, async ({ dir, cli }) => {
    assert.equal((await cli("run", "tidy up")).code, 0);
    assert.deepEqual(Object.keys(await readTree(dir)).filter((p) => !p.startsWith(".")), [
      "out/new.txt",
      "src/a.txt",
    ]);
    const undo = await cli("undo");
    assert.equal(undo.code, 0, undo.stderr);
    assert.match(undo.stdout, / {2}created {3}old\.log\n {2}removed {3}out\/new\.txt\n/);
    const tree = await readTree(dir);
    assert.deepEqual(tree["old.log"], "keep\n");
    await assert.rejects(Deno.stat(join(dir, "out")), Deno.errors.NotFound);
    // The undo is undoable.
    assert.equal((await cli("undo", "--redo")).code, 0);
    assert.equal(await Deno.readTextFile(join(dir, "out/new.txt")), "built\n");
  });
});

Deno.test("undo refuses when a file changed since, and --force restores anyway", async () => {
  const turns = [replace("a.txt", "one", "two"), { text: "ok" }];
  await withProject({ "a.txt": "one\n" }, turns, async ({ dir, cli }) => {
    await cli("run", "change a");
    await Deno.writeTextFile(join(dir, "a.txt"), "my own edit\n");
    const refused = await cli("undo");
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /1 file changed since .*: a\.txt\. Nothing was restored; pass --force/,
    );
    assert.equal(await Deno.readTextFile(join(dir, "a.txt")), "my own edit\n");
    const forced = await cli("undo", "--force");
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(await Deno.readTextFile(join(dir, "a.txt")), "one\n");
  });
});

Deno.test("undo --force of a file the prompt created, then --redo, brings back the user's edit", async () => {
  const turns = [{
    toolCalls: [{
      name: "create_file",
      arguments: { path: "verbose.ts", content: "export {};\n" },
    }],
  }, { text: "Created verbose.ts." }];
  await withProject({ "a.txt": "one\n" }, turns, async ({ dir, cli }) => {
    assert.equal((await cli("run", "add verbose.ts")).code, 0);
    await Deno.writeTextFile(join(dir, "verbose.ts"), "USER EDIT\n", { append: true });
    assert.equal((await cli("undo")).code, 1);
    const forced = await cli("undo", "--force");
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, / {2}removed {3}verbose\.ts\n/);
    const redo = await cli("undo", "--redo");
    assert.equal(redo.code, 0, redo.stderr);
    assert.equal(await Deno.readTextFile(join(dir, "verbose.ts")), "export {};\nUSER EDIT\n");
  });
});

Deno.test("undo --prompts 2 goes back two prompts; --list shows the checkpoints", async () => {
  const turns = [replace("a.txt", "v0", "v1"), { text: "1" }, replace("a.txt", "v1", "v2"), {
    text: "2",
  }];
  await withProject({ "a.txt": "v0\n" }, turns, async ({ dir, cli }) => {
    await cli("run", "first");
    await cli("run", "-c", "second");
    const list = await cli("undo", "--list");
    assert.match(list.stdout, /prompt 1 +1 file +first\n.*prompt 2 +1 file +second\n$/s);
    assert.equal((await cli("undo", "--prompts", "2")).code, 0);
    assert.equal(await Deno.readTextFile(join(dir, "a.txt")), "v0\n");
    const nothing = await cli("undo");
    assert.equal(nothing.code, 1);
    assert.match(nothing.stderr, /Nothing to undo/);
  });
});

Deno.test("undo with no saved session says so", async () => {
  await withProject({}, [], async ({ cli }) => {
    const result = await cli("undo");
    assert.equal(result.code, 1);
    assert.match(result.stderr, /No saved session in this project/);
  });
});

Deno.test("init writes the model's AGENTS.md, and refuses to overwrite it without --force", async () => {
  const explore = { toolCalls: [{ name: "list_directory", arguments: {} }] };
  const answer = "Here it is:\n\n# AGENTS.md\n\nRun `deno task test`.";
  const turns = [explore, { text: answer }, { text: "# AGENTS.md\n\nNew rules." }];
  await withProject({ "deno.json": "{}\n" }, turns, async ({ dir, mock, cli }) => {
    const first = await cli("init");
    assert.equal(first.code, 0, first.stderr);
    assert.equal(
      await Deno.readTextFile(join(dir, "AGENTS.md")),
      "# AGENTS.md\n\nRun `deno task test`.\n",
    );
    assert.match(mock.chatRequests()[0].body.messages[0].content, /Mode: plan/);
    const again = await cli("init");
    assert.equal(again.code, 1);
    assert.match(again.stderr, /AGENTS\.md" already exists: pass --force/);
    assert.equal((await cli("init", "--force")).code, 0);
    assert.equal(await Deno.readTextFile(join(dir, "AGENTS.md")), "# AGENTS.md\n\nNew rules.\n");
  });
});
