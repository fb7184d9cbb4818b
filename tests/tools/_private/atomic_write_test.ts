import assert from "node:assert/strict";
import {
  atomicWrite,
  PathChangedError,
  removeStaleTemps,
  TargetExistsError,
  tempPrefix,
} from "../../../src/tools/_private/atomic_write.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-atomic-" }));
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("atomicWrite() creates parent dirs and leaves no temp file", async () => {
  await withDir(async (dir) => {
    await atomicWrite(`${dir}/a/b/c.txt`, new TextEncoder().encode("hi"));
    assert.equal(await Deno.readTextFile(`${dir}/a/b/c.txt`), "hi");
    assert.deepEqual([...Deno.readDirSync(`${dir}/a/b`)].map((e) => e.name), ["c.txt"]);
  });
});

Deno.test("atomicWrite() keeps the mode of the file it replaces", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/tool.sh`;
    await Deno.writeTextFile(path, "old");
    await Deno.chmod(path, 0o750);
    await atomicWrite(path, new TextEncoder().encode("new"));
    assert.equal((await Deno.stat(path)).mode! & 0o7777, 0o750);
    assert.equal(await Deno.readTextFile(path), "new");
  });
});

Deno.test("atomicWrite() killed mid-write leaves the old or the new file, never a torn one", async () => {
  await withDir(async (dir) => {
    const target = `${dir}/data.bin`;
    const size = 8 * 1024 * 1024;
    await Deno.writeFile(target, new Uint8Array(size).fill(0x6f));
    const child = new URL("./atomic_write_child.ts", import.meta.url).pathname;
    const seen = new Set<number>();
    for (let round = 0; round < 6; round++) {
      const process = new Deno.Command(Deno.execPath(), {
        args: ["run", "--no-check", "--allow-read", "--allow-write", child, target, String(size)],
        stdout: "piped",
        stderr: "null",
      }).spawn();
      const reader = process.stdout.getReader();
      await reader.read(); // "ready": the loop of writes has started
      await new Promise((resolve) => setTimeout(resolve, 30 + round * 40));
      process.kill("SIGKILL");
      await process.status;
      await reader.cancel();
      const bytes = await Deno.readFile(target);
      assert.equal(bytes.length, size, `round ${round}: target has ${bytes.length} bytes`);
      assert.ok(bytes.every((b) => b === bytes[0]), `round ${round}: target mixes contents`);
      seen.add(bytes[0]);
    }
    assert.ok([...seen].every((b) => [0x61, 0x62, 0x6f].includes(b)));
    // The next write cleans up what the killed writers left.
    await atomicWrite(target, new TextEncoder().encode("final"));
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["data.bin"]);
    assert.equal(await Deno.readTextFile(target), "final");
  });
});

Deno.test("removeStaleTemps() keeps the temp file of a live writer", async () => {
  await withDir(async (dir) => {
    const target = `${dir}/f.txt`;
    const live = `${dir}/${tempPrefix(target)}1-abc.tmp`; // pid 1 always runs
    const dead = `${dir}/${tempPrefix(target)}${Deno.pid}-abc.tmp`;
    const other = `${dir}/.g.txt.nc-${Deno.pid}-abc.tmp`;
    for (const path of [live, dead, other]) await Deno.writeTextFile(path, "partial");
    assert.equal(await removeStaleTemps(target), 1);
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(names, [".f.txt.nc-1-abc.tmp", `.g.txt.nc-${Deno.pid}-abc.tmp`]);
  });
});

const bytes = (text: string) => new TextEncoder().encode(text);

/** Moves `dir/sub` to `dir/outside/sub` and leaves a symlink to it in its place. */
async function swapForSymlink(dir: string): Promise<void> {
  await Deno.mkdir(`${dir}/outside`, { recursive: true });
  await Deno.rename(`${dir}/sub`, `${dir}/outside/sub`);
  await Deno.symlink(`${dir}/outside/sub`, `${dir}/sub`);
}

Deno.test("atomicWrite() refuses a directory swapped for a symlink before the write", async () => {
  await withDir(async (dir) => {
    await Deno.mkdir(`${dir}/sub`);
    await swapForSymlink(dir);
    await assert.rejects(
      atomicWrite(`${dir}/sub/f.txt`, bytes("x"), { expectedDir: `${dir}/sub` }),
      PathChangedError,
    );
    assert.deepEqual([...Deno.readDirSync(`${dir}/outside/sub`)], []);
  });
});

Deno.test("atomicWrite() refuses a directory swapped during the write, leaving nothing", async () => {
  await withDir(async (dir) => {
    await Deno.mkdir(`${dir}/sub`);
    await Deno.writeTextFile(`${dir}/sub/f.txt`, "old");
    await assert.rejects(
      atomicWrite(`${dir}/sub/f.txt`, bytes("new"), {
        expectedDir: `${dir}/sub`,
        beforeCommit: () => swapForSymlink(dir),
      }),
      PathChangedError,
    );
    // The file is untouched where it now lives, and no temp file is left there.
    assert.deepEqual([...Deno.readDirSync(`${dir}/outside/sub`)].map((e) => e.name), ["f.txt"]);
    assert.equal(await Deno.readTextFile(`${dir}/outside/sub/f.txt`), "old");
  });
});

Deno.test("atomicWrite() exclusive refuses a target created meanwhile and keeps it", async () => {
  await withDir(async (dir) => {
    await assert.rejects(
      atomicWrite(`${dir}/new.txt`, bytes("mine"), {
        exclusive: true,
        beforeCommit: () => Deno.writeTextFile(`${dir}/new.txt`, "theirs"),
      }),
      TargetExistsError,
    );
    assert.equal(await Deno.readTextFile(`${dir}/new.txt`), "theirs");
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["new.txt"]);
    await atomicWrite(`${dir}/other.txt`, bytes("mine"), { exclusive: true });
    assert.equal(await Deno.readTextFile(`${dir}/other.txt`), "mine");
  });
});

Deno.test("atomicWrite() leaves the target alone when beforeCommit throws", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/f.txt`, "old");
    await assert.rejects(
      atomicWrite(`${dir}/f.txt`, bytes("new"), {
        beforeCommit: () => Promise.reject(new Error("stale")),
      }),
      /stale/,
    );
    assert.equal(await Deno.readTextFile(`${dir}/f.txt`), "old");
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["f.txt"]);
  });
});
