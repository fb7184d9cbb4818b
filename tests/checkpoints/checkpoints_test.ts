/**
 * Checkpoints as a user relies on them: whatever a prompt changed (edits, deletions, new
 * files, through any tool) comes back with one rewind, nothing else is touched, changes
 * made by someone else since are never overwritten silently, and a rewind is undoable.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { Checkpoints, ConflictError, NothingToRewindError } from "../../src/checkpoints/mod.ts";
import { readTree, tempProject, writeFiles } from "./_tree.ts";

async function withProject(
  files: Record<string, string>,
  fn: (cp: Checkpoints, dir: string, data: string) => Promise<void>,
  limits?: { maxFileBytes?: number },
): Promise<void> {
  const dir = await tempProject(files);
  const data = await Deno.makeTempDir({ prefix: "nanocoder-data-" });
  const cp = new Checkpoints({ cwd: dir, dir: data, sessionId: "s1", limits });
  try {
    await fn(cp, dir, data);
  } finally {
    await cp.flush();
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(data, { recursive: true });
  }
}

/** Runs `change` as a prompt between the two snapshots. */
async function prompt(cp: Checkpoints, n: number, change: () => Promise<void>) {
  const id = await cp.beforePrompt(n, `prompt ${n}`);
  await change();
  await cp.afterPrompt(id, true);
  return id;
}

Deno.test("a rewind puts back edited and deleted files and removes created ones", async () => {
  const files = { "a.txt": "one\n", "b.txt": "bee\n", "src/keep.ts": "keep\n" };
  await withProject(files, async (cp, dir) => {
    await prompt(cp, 1, async () => {
      await Deno.writeTextFile(join(dir, "a.txt"), "changed\n");
      await Deno.remove(join(dir, "b.txt"));
      await writeFiles(dir, { "new/deep/c.txt": "new\n" });
    });
    const result = await cp.rewind({});
    assert.deepEqual(
      [result.restored, result.created, result.removed, result.skipped],
      [["a.txt"], ["b.txt"], ["new/deep/c.txt"], []],
    );
    assert.deepEqual(await readTree(dir), files);
    assert.equal(result.target.title, "prompt 1");
  });
});

Deno.test("a rewind is itself undoable (redo), and undo walks back prompt by prompt", async () => {
  await withProject({ "a.txt": "v0\n" }, async (cp, dir) => {
    const write = (text: string) => () => Deno.writeTextFile(join(dir, "a.txt"), text);
    await prompt(cp, 1, write("v1\n"));
    await prompt(cp, 2, write("v2\n"));
    await cp.rewind({});
    assert.equal(await Deno.readTextFile(join(dir, "a.txt")), "v1\n");
    await cp.rewind({ redo: true });
    assert.equal(await Deno.readTextFile(join(dir, "a.txt")), "v2\n");
    await cp.rewind({ prompts: 2 });
    assert.equal(await Deno.readTextFile(join(dir, "a.txt")), "v0\n");
    const list = await cp.list();
    assert.deepEqual(list.map((c) => [c.kind, c.undone]), [
      ["prompt", true],
      ["prompt", true],
      ["rewind", true],
      ["rewind", false],
      ["rewind", false],
    ]);
    await assert.rejects(() => cp.rewind({}), NothingToRewindError);
  });
});

Deno.test("a rewind refuses to overwrite a file changed since, unless forced", async () => {
  await withProject({ "a.txt": "v0\n" }, async (cp, dir) => {
    await prompt(cp, 1, () => Deno.writeTextFile(join(dir, "a.txt"), "agent\n"));
    await Deno.writeTextFile(join(dir, "a.txt"), "mine\n");
    const error = await cp.rewind({}).catch((e) => e);
    assert.ok(error instanceof ConflictError);
    assert.deepEqual(error.files, ["a.txt"]);
    assert.equal(await Deno.readTextFile(join(dir, "a.txt")), "mine\n");
    await cp.rewind({ force: true });
    assert.equal(await Deno.readTextFile(join(dir, "a.txt")), "v0\n");
    // The forced rewind can be undone, bringing back the user's own text.
    await cp.rewind({ redo: true });
    assert.equal(await Deno.readTextFile(join(dir, "a.txt")), "mine\n");
  });
});

Deno.test("a forced undo of a file the prompt created keeps the user's edit for redo", async () => {
  await withProject({ "a.txt": "v0\n" }, async (cp, dir) => {
    await prompt(cp, 1, () => Deno.writeTextFile(join(dir, "new.ts"), "agent\n"));
    await Deno.writeTextFile(join(dir, "new.ts"), "agent\nUSER EDIT\n");
    await assert.rejects(() => cp.rewind({}), ConflictError);
    const undo = await cp.rewind({ force: true });
    assert.deepEqual(undo.removed, ["new.ts"]);
    await cp.rewind({ redo: true });
    assert.equal(await Deno.readTextFile(join(dir, "new.ts")), "agent\nUSER EDIT\n");
  });
});

Deno.test("a forced undo of an ignored file a tool changed keeps the user's edit for redo", async () => {
  await withProject({ ".gitignore": ".env\n", ".env": "KEY=1\n" }, async (cp, dir) => {
    const id = await cp.beforePrompt(1, "edit env");
    await Deno.writeTextFile(join(dir, ".env"), "KEY=2\n");
    await cp.afterPrompt(id, true, [
      { path: join(dir, ".env"), oldText: "KEY=1\n", newText: "KEY=2\n" },
    ]);
    await Deno.writeTextFile(join(dir, ".env"), "KEY=mine\n");
    await assert.rejects(() => cp.rewind({}), ConflictError);
    await cp.rewind({ force: true });
    assert.equal(await Deno.readTextFile(join(dir, ".env")), "KEY=1\n");
    await cp.rewind({ redo: true });
    assert.equal(await Deno.readTextFile(join(dir, ".env")), "KEY=mine\n");
  });
});

Deno.test("a rewind leaves alone the files the prompt did not change", async () => {
  await withProject({ "a.txt": "v0\n", "notes.txt": "n0\n" }, async (cp, dir) => {
    await prompt(cp, 1, () => Deno.writeTextFile(join(dir, "a.txt"), "agent\n"));
    await Deno.writeTextFile(join(dir, "notes.txt"), "edited by hand\n");
    await cp.rewind({});
    assert.deepEqual(await readTree(dir), { "a.txt": "v0\n", "notes.txt": "edited by hand\n" });
  });
});

Deno.test("a file .gitignore hides is restored when a file tool changed it", async () => {
  await withProject({ ".gitignore": ".env\n", ".env": "KEY=1\n" }, async (cp, dir) => {
    const id = await cp.beforePrompt(1, "edit env");
    await Deno.writeTextFile(join(dir, ".env"), "KEY=2\n");
    await cp.afterPrompt(id, true, [
      { path: join(dir, ".env"), oldText: "KEY=1\n", newText: "KEY=2\n" },
    ]);
    const result = await cp.rewind({});
    assert.deepEqual(result.restored, [".env"]);
    assert.equal(await Deno.readTextFile(join(dir, ".env")), "KEY=1\n");
  });
});

Deno.test("ignored and oversized files are not kept; an oversized one is reported", async () => {
  const files = { ".gitignore": "dist/\n", "dist/out.js": "built\n", "big.bin": "x".repeat(64) };
  await withProject(files, async (cp, dir) => {
    await prompt(cp, 1, async () => {
      await Deno.remove(join(dir, "dist"), { recursive: true });
      await Deno.writeTextFile(join(dir, "big.bin"), "y".repeat(80));
    });
    const result = await cp.rewind({});
    assert.deepEqual(result.skipped, ["big.bin"]);
    assert.equal(await Deno.readTextFile(join(dir, "big.bin")), "y".repeat(80));
  }, { maxFileBytes: 32 });
});

Deno.test("prompts that only read are skipped by undo", async () => {
  await withProject({ "a.txt": "v0\n" }, async (cp, dir) => {
    await prompt(cp, 1, () => Deno.writeTextFile(join(dir, "a.txt"), "v1\n"));
    const id = await cp.beforePrompt(2, "just reading");
    await cp.afterPrompt(id, false);
    const result = await cp.rewind({});
    assert.equal(result.target.prompt, 1);
    assert.equal(await Deno.readTextFile(join(dir, "a.txt")), "v0\n");
  });
});

Deno.test("executable bits and symlinks come back", async () => {
  if (Deno.build.os === "windows") return;
  await withProject({ "run.sh": "#!/bin/sh\n" }, async (cp, dir) => {
    await Deno.chmod(join(dir, "run.sh"), 0o755);
    await Deno.symlink("run.sh", join(dir, "link"));
    await prompt(cp, 1, async () => {
      await Deno.remove(join(dir, "run.sh"));
      await Deno.remove(join(dir, "link"));
    });
    await cp.rewind({});
    assert.equal((await Deno.stat(join(dir, "run.sh"))).mode! & 0o111, 0o111);
    assert.equal(await Deno.readLink(join(dir, "link")), "run.sh");
  });
});

Deno.test("a prompt whose process died before its end is still undone, with a note", async () => {
  await withProject({ "a.txt": "v0\n" }, async (cp, dir, data) => {
    await cp.beforePrompt(1, "killed mid-prompt");
    await Deno.writeTextFile(join(dir, "a.txt"), "half done\n");
    await Deno.writeTextFile(join(dir, "b.txt"), "new\n");
    // A new process (the CLI's undo) opens the same session's checkpoints.
    const later = new Checkpoints({ cwd: dir, dir: data, sessionId: "s1" });
    const result = await later.rewind({});
    assert.deepEqual([result.restored, result.removed], [["a.txt"], ["b.txt"]]);
    assert.match(result.note ?? "", /never finished/);
    assert.deepEqual(await readTree(dir), { "a.txt": "v0\n" });
  });
});

Deno.test("a folder this process may not read is left out, not fatal", async () => {
  // --deny-read stands in for a folder the user cannot read (the tests may run as root).
  await withProject({ "a.txt": "v0\n", "secret/x.txt": "x\n" }, async (_cp, dir, data) => {
    const script = join(data, "snap.ts");
    const mod = new URL("../../src/checkpoints/mod.ts", import.meta.url).href;
    await Deno.writeTextFile(
      script,
      `import { Checkpoints } from "${mod}";
const cp = new Checkpoints({ cwd: ${JSON.stringify(dir)}, dir: ${
        JSON.stringify(data)
      }, sessionId: "s" });
const id = await cp.beforePrompt(1, "p");
await Deno.writeTextFile(${JSON.stringify(join(dir, "a.txt"))}, "v1\\n");
await cp.afterPrompt(id, true);
console.log(JSON.stringify((await cp.rewind({})).restored));
await cp.flush();`,
    );
    const config = new URL("../../deno.json", import.meta.url).pathname;
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--config",
        config,
        "--allow-read",
        "--allow-write",
        `--deny-read=${join(dir, "secret")}`,
        script,
      ],
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    assert.equal(new TextDecoder().decode(out.stdout).trim(), '["a.txt"]');
  });
});
