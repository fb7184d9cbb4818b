import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const ENTRY = join(ROOT, "tests/fixtures/bash_parser/assess.ts");
const BYPASS = "ls #'\nrm -rf ../victim #'";

/** Runs the fixture (source or bundle) from `cwd` with only that directory readable. */
async function assessUnderNarrowPermissions(script: string, cwd: string, command: string) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      `--allow-read=${cwd}`,
      `--allow-write=${cwd}`,
      "--allow-run=bash",
      "--no-prompt",
      script,
      command,
    ],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  assert.equal(out.code, 0, decoder.decode(out.stderr));
  return JSON.parse(decoder.decode(out.stdout));
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "bash_parser_" }));
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("the parser loads from source under --allow-read of another directory only", async () => {
  await withTempDir(async (dir) => {
    const { assessment } = await assessUnderNarrowPermissions(ENTRY, dir, BYPASS);
    assert.deepEqual(assessment, {
      preapproved: false,
      warning: 'deletes "../victim" recursively (a path that leaves the project)',
      unsupported: ["a comment"],
    });
  });
});

Deno.test("the parser works in a code-split deno bundle under narrow permissions", async () => {
  await withTempDir(async (dir) => {
    const bundle = await new Deno.Command(Deno.execPath(), {
      args: ["bundle", "--platform", "deno", "--code-splitting", "--outdir", dir, ENTRY],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(bundle.code, 0, new TextDecoder().decode(bundle.stderr));
    // The parser and its WebAssembly are a chunk of their own, loaded only when used.
    const chunks = [...Deno.readDirSync(dir)].map((e) => e.name);
    assert.ok(chunks.some((name) => /^bash_parser-.*\.js$/.test(name)), chunks.join(", "));
    const work = join(dir, "work");
    await Deno.mkdir(work);
    const { assessment } = await assessUnderNarrowPermissions(
      join(dir, "assess.js"),
      work,
      "ls -la",
    );
    assert.deepEqual(assessment, {
      preapproved: true,
      scope: { key: "execute_bash:prefix ls", label: "ls …" },
    });
  });
});
