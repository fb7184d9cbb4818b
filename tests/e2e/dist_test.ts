/**
 * The build's bookkeeping and the ways the shipped program reaches a user: dist/
 * replaced without disturbing a running process, `deno task start` choosing the bundle
 * only when it is current, `deno task install`'s shim, and `deno compile` packaging every
 * chunk of the bundle.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dropUnreachable, publish } from "../../scripts/build.ts";
import { readBuildInfo, sourceFingerprint } from "../../scripts/_dist.ts";
import { startEntry } from "../../scripts/start.ts";
import { install, pinShim } from "../../scripts/install.ts";
import {
  BINARY_PERMISSIONS,
  BUNDLE_RUN_FLAGS,
  compileArgs,
  LAZY_IMPORTS_FLAG,
  V8_FLAGS,
} from "../../scripts/compile.ts";
import { sharedBundle } from "./_bundle.ts";
import { ROOT } from "./_cli.ts";

const url = (dir: string) => pathToFileURL(`${dir}/`);

async function withTemp(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-dist-" }));
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function stage(dir: string, files: Record<string, string>): Promise<string> {
  const staging = await Deno.makeTempDir({ dir, prefix: ".staging-" });
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(join(staging, name), text);
  }
  return staging;
}

const listing = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name).sort();

Deno.test("dropUnreachable() deletes chunks main.js reaches by no static or dynamic import", async () => {
  await withTemp(async (dir) => {
    const staging = await stage(dir, {
      "main.js": 'import "./a.js";const m=()=>import("./lazy.js");',
      "a.js": 'import{x}from"./b.js";',
      "b.js": "export const x=1;",
      "lazy.js": "export const y=2;",
      "orphan.js": 'import"./b.js";',
    });
    assert.deepEqual(await dropUnreachable(staging), ["orphan.js"]);
    assert.deepEqual(listing(staging), ["a.js", "b.js", "lazy.js", "main.js"]);
  });
});

Deno.test("publish() keeps the previous build's files for running processes, then prunes them", async () => {
  await withTemp(async (dir) => {
    await Deno.writeTextFile(join(dir, ".build.log"), "kept");
    await publish(await stage(dir, { "main.js": "1", "a-1.js": "a1" }), dir, ["s1"]);
    await publish(await stage(dir, { "main.js": "2", "a-2.js": "a2" }), dir, ["s2"]);
    assert.deepEqual(listing(dir).filter((n) => !n.startsWith(".staging-")), [
      ".build.log",
      "a-1.js",
      "a-2.js",
      "build.json",
      "main.js",
    ]);
    const info = await publish(await stage(dir, { "main.js": "3", "a-3.js": "a3" }), dir, ["s3"]);
    assert.deepEqual(listing(dir).filter((n) => !n.startsWith(".staging-")), [
      ".build.log",
      "a-2.js",
      "a-3.js",
      "build.json",
      "main.js",
    ]);
    assert.equal(await Deno.readTextFile(join(dir, "main.js")), "3");
    assert.deepEqual({ ...info, deno: "", version: "" }, {
      version: "",
      deno: "",
      sources: ["s3"],
      files: ["a-3.js", "main.js"],
      previous: ["a-2.js", "main.js"],
    });
    assert.deepEqual(readBuildInfo(url(dir)), info);
  });
});

Deno.test("publish() refuses a build without main.js and leaves dist/ as it was", async () => {
  await withTemp(async (dir) => {
    await publish(await stage(dir, { "main.js": "1" }), dir, ["s1"]);
    await assert.rejects(
      publish(await stage(dir, { "chunk.js": "x" }), dir, ["s2"]),
      /The build wrote no main\.js/,
    );
    assert.equal(await Deno.readTextFile(join(dir, "main.js")), "1");
    assert.deepEqual(readBuildInfo(url(dir))?.sources, ["s1"]);
  });
});

Deno.test("start runs the bundle only while dist/ was built from the sources as they are", async () => {
  await withTemp(async (root) => {
    await Deno.mkdir(join(root, "src/cli"), { recursive: true });
    for (const file of ["main.ts", "deno.json", "deno.lock", "src/a.ts", "src/cli/b.ts"]) {
      await Deno.writeTextFile(join(root, file), "x");
    }
    const dist = url(join(root, "dist"));
    assert.equal(startEntry(url(root), dist), "source", "no build yet");
    await Deno.mkdir(join(root, "dist"));
    const record = (sources: string[]) =>
      Deno.writeTextFileSync(join(root, "dist/build.json"), JSON.stringify({ sources }));
    record(sourceFingerprint(url(root)));
    assert.equal(startEntry(url(root), dist), "bundle");

    await Deno.writeTextFile(join(root, "src/cli/b.ts"), "edited");
    assert.equal(startEntry(url(root), dist), "source", "an edited file");
    record(sourceFingerprint(url(root)));
    await Deno.writeTextFile(join(root, "src/new.ts"), "x");
    assert.equal(startEntry(url(root), dist), "source", "a new file");
    record(sourceFingerprint(url(root)));
    await Deno.remove(join(root, "src/a.ts"));
    assert.equal(startEntry(url(root), dist), "source", "a deleted file");
    record(sourceFingerprint(url(root)));
    await Deno.utime(join(root, "deno.lock"), new Date(), new Date(Date.now() + 5000));
    assert.equal(startEntry(url(root), dist), "source", "a touched lockfile");
    Deno.writeTextFileSync(join(root, "dist/build.json"), "{broken");
    assert.equal(startEntry(url(root), dist), "source", "an unreadable build.json");
  });
});

Deno.test("deno task start has the shipped flags and permission set and answers from this checkout", async () => {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const start: string = config.tasks.start;
  assert.match(start, /\bdeno run .* scripts\/start\.ts$/);
  for (const flag of [...BUNDLE_RUN_FLAGS, ...BINARY_PERMISSIONS]) {
    assert.ok(start.includes(` ${flag} `), flag);
  }
  await withTemp(async (elsewhere) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["task", "--config", join(ROOT, "deno.json"), "start", "--version"],
      cwd: elsewhere,
      // No background build from the suite: it would write the checkout's dist/.
      env: { NANOCODER_NO_AUTOBUILD: "1", NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.match(new TextDecoder().decode(out.stdout), /^\d+\.\d+\.\d+\n$/);
  });
});

Deno.test("install puts a nanocoder command that runs the bundle from any directory", async () => {
  const { dir } = await sharedBundle();
  await withTemp(async (root) => {
    const done = await install(join(dir, "main.js"), root);
    assert.equal(done.shim, join(root, "bin", "nanocoder"));
    const shim = await Deno.readTextFile(done.shim);
    for (const flag of [...BUNDLE_RUN_FLAGS, ...BINARY_PERMISSIONS]) {
      assert.ok(shim.includes(` ${flag} `), flag);
    }
    assert.ok(shim.includes(pathToFileURL(join(dir, "main.js")).href), shim);
    const out = await new Deno.Command(done.shim, {
      args: ["--version"],
      cwd: root,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.match(new TextDecoder().decode(out.stdout), /^\d+\.\d+\.\d+\n$/);
  });
});

Deno.test("pinShim() points deno install's shim at one Deno, quoting its path", () => {
  const shim =
    "#!/bin/sh\n# generated by deno install\nexec deno run --allow-read 'file:///x/main.js' \"$@\"\n";
  assert.equal(
    pinShim(shim, "/home/o'neil/.npm/_npx/1/deno"),
    "#!/bin/sh\n# generated by deno install\nexec '/home/o'\\''neil/.npm/_npx/1/deno' run --allow-read 'file:///x/main.js' \"$@\"\n",
  );
  assert.equal(pinShim("@echo off\r\ndeno run x %*", "/d"), undefined, "Windows .cmd left alone");
});

Deno.test("deno compile packages every file of the bundle and bakes in the V8 flags (denort stood in for by deno)", async () => {
  // The real denort comes from dl.deno.land; the deno binary stands in so that packaging
  // runs offline. The result only starts a REPL, so what it embeds is checked: the file
  // list deno compile prints, and the runtime settings in the binary's metadata (JSON).
  const { dir, info } = await sharedBundle();
  await withTemp(async (out) => {
    const binary = join(out, "nanocoder");
    const args = compileArgs(dir, binary);
    assert.ok(!args.includes(LAZY_IMPORTS_FLAG), "deno compile would embed two files only");
    const result = await new Deno.Command(Deno.execPath(), {
      args,
      env: { DENORT_BIN: Deno.execPath(), NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(result.stdout) + new TextDecoder().decode(result.stderr);
    assert.equal(result.code, 0, text);
    const embedded = [...text.matchAll(/[├└]── (\S+\.js) \(/g)].map((m) => m[1]).sort();
    assert.deepEqual(embedded, info.files.filter((f) => f.endsWith(".js")));
    const binaryText = new TextDecoder("latin1").decode(await Deno.readFile(binary));
    const v8Flags = /"v8_flags":(\[[^\]]*\])/.exec(binaryText)?.[1];
    assert.ok(v8Flags, "no v8_flags in the binary's metadata");
    assert.ok(JSON.parse(v8Flags).includes(V8_FLAGS.replace("--v8-flags=", "")), v8Flags);
  });
});

Deno.test("what --version loads of the bundle does not start Node's module system", async () => {
  const { dir } = await sharedBundle();
  const loaded = new Set<string>();
  const visit = (name: string) => {
    if (loaded.has(name)) return;
    loaded.add(name);
    const code = Deno.readTextFileSync(join(dir, name));
    assert.doesNotMatch(code, /node:module/, `${name} loads node:module`);
    for (const [, dep] of code.matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g)) visit(dep);
  };
  visit("main.js");
  assert.ok(loaded.size >= 2, [...loaded].join());
});

Deno.test("the checkout's dist/ is ignored by git", async () => {
  const ignore = await Deno.readTextFile(
    fileURLToPath(new URL("../../.gitignore", import.meta.url)),
  );
  assert.match(ignore, /^dist\/$/m);
});
