/**
 * The shipped program, built once per test process (`deno test` runs every file in one
 * process) into a temp dir and shared by the tests that run it, so the suite pays for
 * one `deno bundle` (a few seconds). Runs of it use `deno run` with the narrow flags a
 * CI job would choose, from a directory that is not the checkout.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type BuildResult } from "../../scripts/build.ts";
import { isolatedEnv } from "../_helpers/isolated_env.ts";
import { BUNDLE_RUN_FLAGS } from "../../scripts/compile.ts";
import type { CliResult } from "./_cli.ts";

let shared: Promise<BuildResult> | undefined;

/** The shared build (dir, build.json contents, size). Removed when the process ends. */
export function sharedBundle(): Promise<BuildResult> {
  shared ??= (async () => {
    const dir = await Deno.makeTempDir({ prefix: "nanocoder-bundle-" });
    globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
    return await build(pathToFileURL(`${dir}/`));
  })();
  return shared;
}

/**
 * What README's CI example grants: the project, the bundle's own folder (read only: its
 * chunks load lazily), the model's host and the environment; with the shipped runtime
 * flags. `bundleDir` undefined: the plain profile, without lazy imports, which needs no
 * read access to the bundle.
 */
export function narrowFlags(modelUrl: string, bundleDir?: string): string[] {
  return [
    ...(bundleDir ? BUNDLE_RUN_FLAGS : []),
    bundleDir ? `--allow-read=.,${bundleDir}` : "--allow-read=.",
    "--allow-write=.",
    `--allow-net=${new URL(modelUrl).host}`,
    "--allow-env",
    "--no-prompt",
  ];
}

/** Runs `deno run FLAGS <bundle>/main.js ARGS` in `cwd` with HOME in `home`. */
export async function runBundle(
  entry: string,
  flags: string[],
  args: string[],
  options: { cwd: string; home: string; env?: Record<string, string> },
): Promise<CliResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...flags, entry, ...args],
    cwd: options.cwd,
    env: isolatedEnv(options.home, options.env),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

/** A temp project dir and a separate temp home, removed after `fn`. */
export async function withDirs(
  fn: (dirs: { project: string; home: string }) => Promise<void>,
): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "nanocoder-ship-" });
  const project = join(root, "project");
  const home = join(root, "home");
  await Deno.mkdir(project);
  await Deno.mkdir(home);
  try {
    await fn({ project: await Deno.realPath(project), home: await Deno.realPath(home) });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}
