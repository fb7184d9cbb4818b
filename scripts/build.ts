/**
 * `deno task build [--outdir DIR]`: writes the shipped program to dist/.
 *
 * `deno bundle --platform deno --code-splitting --minify main.ts` gives `main.js` plus
 * chunks: whatever main.ts and the CLI load with a literal `import("./x.ts")` (tokenizer
 * ranks, HTML conversion, the MCP SDK, a command's own code, later the Ink TUI) becomes a
 * chunk that is read only when that import runs, so it stays off the start path. The
 * result needs no node_modules, no deno.json and no read permission on its own files:
 * `deno run --allow-… dist/main.js` runs it with exactly the permissions a caller grants,
 * and it is what `deno task compile` and the release workflow package.
 *
 * dist/ is replaced so that a process already running from it keeps working: the new
 * chunks (content-hashed names) go in first, `main.js` is renamed over the old one last,
 * and the files of the build before the previous one are deleted. dist/build.json records
 * what the build was made from (scripts/_dist.ts) for `deno task start`.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  type BuildInfo,
  DIST,
  filePath,
  LOCK_NAME,
  readBuildInfo,
  ROOT,
  sourceFingerprint,
} from "./_dist.ts";
import { VERSION } from "../src/version.ts";

const STAGING_PREFIX = ".staging-";

/** What a build produced. */
export interface BuildResult {
  dir: string;
  info: BuildInfo;
  bytes: number;
  ms: number;
}

/**
 * Bundles main.ts into `outdir` (default dist/). Throws with deno bundle's own message
 * when bundling fails; the outdir is then left as it was.
 */
export async function build(outdir: URL = DIST): Promise<BuildResult> {
  const started = performance.now();
  const dir = filePath(outdir);
  await Deno.mkdir(dir, { recursive: true });
  // Taken before bundling: an edit made while the bundler runs makes the build stale.
  const sources = sourceFingerprint(ROOT);
  await removeAbandonedStaging(dir);
  const staging = await Deno.makeTempDir({ dir, prefix: STAGING_PREFIX });
  const lock = `${dir}/${LOCK_NAME}`;
  await Deno.writeTextFile(lock, String(Deno.pid));
  try {
    await bundle(staging);
    await dropRuntimeImport(staging);
    await dropUnreachable(staging);
    const info = await publish(staging, dir, sources);
    let bytes = 0;
    for (const name of info.files) bytes += (await Deno.stat(`${dir}/${name}`)).size;
    return { dir, info, bytes, ms: performance.now() - started };
  } finally {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
    await Deno.remove(lock).catch(() => {});
  }
}

/**
 * deno bundle puts esbuild's helpers in a chunk that also calls `createRequire()` from
 * `node:module` (for CommonJS packages), and main.js imports it for its side effects
 * although it uses none of it. Loading Node's module system that way costs `--version`
 * about 15 ms and 10 MB; the chunks that need the helpers import them by name, so the
 * side-effect import can go. Returns whether it was there.
 */
export async function dropRuntimeImport(staging: string): Promise<boolean> {
  const main = `${staging}/main.js`;
  const code = await Deno.readTextFile(main);
  for (const [statement, chunk] of code.matchAll(/import\s*"\.\/([\w-]+\.js)";/g)) {
    const text = await Deno.readTextFile(`${staging}/${chunk}`);
    if (text.includes("__deno_internal_createRequire")) {
      await Deno.writeTextFile(main, code.replace(statement, ""));
      return true;
    }
  }
  return false;
}

/**
 * esbuild writes an entry chunk for every module a dynamic `import()` names, even when the
 * module is also imported statically and the import resolves to another chunk; such a
 * chunk is imported by nothing. It would only take space (and `deno compile`, which
 * embeds what main.js reaches, leaves it out anyway): deletes every chunk main.js does
 * not reach through static or dynamic imports. Returns the names deleted.
 */
export async function dropUnreachable(staging: string): Promise<string[]> {
  const reached = new Set<string>(["main.js"]);
  const queue = ["main.js"];
  while (queue.length) {
    const code = await Deno.readTextFile(`${staging}/${queue.pop()}`);
    for (const [, name] of code.matchAll(/["']\.\/([\w.-]+\.js)["']/g)) {
      if (!reached.has(name)) {
        reached.add(name);
        queue.push(name);
      }
    }
  }
  const dropped: string[] = [];
  for (const entry of Deno.readDirSync(staging)) {
    if (entry.isFile && entry.name.endsWith(".js") && !reached.has(entry.name)) {
      await Deno.remove(`${staging}/${entry.name}`);
      dropped.push(entry.name);
    }
  }
  return dropped.sort();
}

/**
 * Moves a finished build from `staging` into `dir` so that a process running the build
 * before keeps working: chunks first (content-hashed names), then main.js, then
 * build.json; then the files of the build before the previous one are deleted. Hidden
 * entries (.build.log, the lock, staging dirs) are left alone.
 */
export async function publish(staging: string, dir: string, sources: string[]): Promise<BuildInfo> {
  const files = [...Deno.readDirSync(staging)].filter((e) => e.isFile).map((e) => e.name).sort();
  if (!files.includes("main.js")) throw new Error(`The build wrote no main.js in ${staging}`);
  const previous = readBuildInfo(pathToFileURL(`${dir}/`))?.files ?? [];
  const info: BuildInfo = { version: VERSION, deno: Deno.version.deno, sources, files, previous };
  for (const name of files.filter((f) => f !== "main.js")) {
    await Deno.rename(`${staging}/${name}`, `${dir}/${name}`);
  }
  await Deno.rename(`${staging}/main.js`, `${dir}/main.js`);
  await Deno.writeTextFile(`${staging}/build.json`, JSON.stringify(info, null, 2) + "\n");
  await Deno.rename(`${staging}/build.json`, `${dir}/build.json`);
  await prune(dir, new Set([...files, ...previous, "build.json"]));
  return info;
}

async function bundle(outdir: string): Promise<void> {
  const args = [
    "bundle",
    "--platform",
    "deno",
    "--code-splitting",
    "--minify",
    // Ink imports it only when React DevTools are asked for; it is not a dependency.
    "--external",
    "react-devtools-core",
    "--outdir",
    outdir,
    filePath(new URL("main.ts", ROOT)),
  ];
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: filePath(ROOT),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  if (!out.success) {
    throw new Error(
      `deno ${args.join(" ")} failed (exit ${out.code}):\n${new TextDecoder().decode(out.stderr)}`,
    );
  }
}

/** Staging dirs of builds that were killed (older than ten minutes). */
async function removeAbandonedStaging(dir: string): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isDirectory || !entry.name.startsWith(STAGING_PREFIX)) continue;
    const stat = await Deno.stat(`${dir}/${entry.name}`);
    if (Date.now() - (stat.mtime?.getTime() ?? 0) > 600_000) {
      await Deno.remove(`${dir}/${entry.name}`, { recursive: true }).catch(() => {});
    }
  }
}

/** Deletes regular files of `dir` not in `keep` (hidden entries are the build's own). */
async function prune(dir: string, keep: Set<string>): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && !entry.name.startsWith(".") && !keep.has(entry.name)) {
      await Deno.remove(`${dir}/${entry.name}`);
    }
  }
}

if (import.meta.main) {
  const flag = (name: string) => {
    const at = Deno.args.indexOf(name);
    return at >= 0 ? Deno.args[at + 1] : undefined;
  };
  // Relative to the checkout: `deno task` runs in the config's folder.
  const outdir = flag("--outdir") ? pathToFileURL(`${resolve(flag("--outdir")!)}/`) : DIST;
  // --log FILE: the outcome goes there instead of stderr (scripts/start.ts's background build).
  const log = flag("--log");
  const report = (line: string) =>
    log
      ? Deno.writeTextFileSync(log, `${new Date().toISOString()} ${line}\n`)
      : console.error(line);
  try {
    const result = await build(outdir);
    report(
      `Built ${result.dir}/main.js: ${result.info.files.length} files, ${
        (result.bytes / 2 ** 20).toFixed(1)
      } MiB, in ${(result.ms / 1000).toFixed(1)} s`,
    );
  } catch (error) {
    report(`error: ${(error as Error).message}`);
    Deno.exit(1);
  }
}
