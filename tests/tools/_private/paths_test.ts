import assert from "node:assert/strict";
import { isInside, resolveToolPath } from "../../../src/tools/_private/paths.ts";
import { withTempProject } from "../../_helpers/file_fixture.ts";

async function withOutside(fn: (outside: string) => Promise<void>): Promise<void> {
  const outside = await Deno.realPath(await Deno.makeTempDir());
  try {
    await fn(outside);
  } finally {
    await Deno.remove(outside, { recursive: true });
  }
}

Deno.test("resolveToolPath() resolves relative paths and shows them project-relative", async () => {
  await withTempProject((dir, ctx) => {
    assert.deepEqual(resolveToolPath(ctx, "src/new/file.ts"), {
      ok: true,
      path: { abs: `${dir}/src/new/file.ts`, display: "src/new/file.ts", within: dir },
    });
    assert.deepEqual(resolveToolPath(ctx, `${dir}/a.ts`), {
      ok: true,
      path: { abs: `${dir}/a.ts`, display: "a.ts", within: dir },
    });
    assert.deepEqual(resolveToolPath(ctx, "."), {
      ok: true,
      path: { abs: dir, display: ".", within: dir },
    });
    return Promise.resolve();
  });
});

Deno.test("resolveToolPath() refuses .., absolute paths outside and NUL bytes", async () => {
  await withTempProject((dir, ctx) => {
    for (const path of ["..", "../x", "a/../../x", "/etc/passwd", "a\0b"]) {
      const result = resolveToolPath(ctx, path);
      assert.equal(result.ok, false, path);
    }
    const result = resolveToolPath(ctx, "../x");
    assert.deepEqual(result, {
      ok: false,
      error:
        `Error: access to "../x" is refused: it is outside the project directory "${dir}". Use a path inside the project.`,
    });
    return Promise.resolve();
  });
});

Deno.test("resolveToolPath() refuses symlinks leading outside, even dangling ones", async () => {
  await withTempProject(async (dir, ctx) => {
    await withOutside(async (outside) => {
      await Deno.writeTextFile(`${outside}/f.txt`, "x");
      await Deno.symlink(outside, `${dir}/outdir`);
      await Deno.symlink(`${outside}/f.txt`, `${dir}/outfile`);
      await Deno.symlink(`${outside}/not-yet.txt`, `${dir}/dangling`);
      await Deno.symlink(`${outside}/no/such/dir`, `${dir}/dangling-dir`);
      await Deno.symlink("dangling", `${dir}/chain`);
      for (
        const path of [
          "outdir/f.txt",
          "outdir/new.txt",
          "outfile",
          "dangling",
          "dangling-dir/x",
          "chain",
        ]
      ) {
        const result = resolveToolPath(ctx, path);
        assert.equal(result.ok, false, path);
        assert.match((result as { error: string }).error, /resolves \(through a symlink\) outside/);
      }
    });
  });
});

Deno.test("resolveToolPath() accepts symlinks inside, dangling inside and allowed dirs", async () => {
  await withOutside(async (outside) => {
    await withTempProject(async (dir, ctx) => {
      await Deno.mkdir(`${dir}/real`);
      await Deno.symlink(`${dir}/real`, `${dir}/alias`);
      await Deno.symlink(`${dir}/real/later.txt`, `${dir}/soon`);
      assert.deepEqual(resolveToolPath(ctx, "alias/x.ts"), {
        ok: true,
        path: { abs: `${dir}/real/x.ts`, display: "real/x.ts", within: dir },
      });
      assert.deepEqual(resolveToolPath(ctx, "soon"), {
        ok: true,
        path: { abs: `${dir}/real/later.txt`, display: "real/later.txt", within: dir },
      });
      assert.deepEqual(resolveToolPath(ctx, `${outside}/ok.txt`), {
        ok: true,
        path: { abs: `${outside}/ok.txt`, display: `${outside}/ok.txt`, within: outside },
      });
    }, { allowedDirs: [outside] });
  });
});

Deno.test("resolveToolPath() reports a symlink loop instead of hanging", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.symlink(`${dir}/b`, `${dir}/a`);
    await Deno.symlink(`${dir}/a`, `${dir}/b`);
    const result = resolveToolPath(ctx, "a");
    assert.equal(result.ok, false);
  });
});

Deno.test("isInside() compares whole path segments", () => {
  assert.equal(isInside("/p/a", "/p"), true);
  assert.equal(isInside("/p", "/p"), true);
  assert.equal(isInside("/pa/x", "/p"), false);
  assert.equal(isInside("/x", "/p"), false);
});
