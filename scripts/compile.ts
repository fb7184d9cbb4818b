/**
 * `deno task compile [--target TRIPLE] [--output PATH] [--bundle DIR]`: one self-contained
 * binary of the shipped program, with the permission set it ships with (README,
 * "Permissions"). It compiles the bundle (scripts/build.ts), not main.ts: the binary is
 * the same program as dist/, and `deno compile` finds every chunk through the bundle's
 * literal `import()`s. Without --bundle, a fresh bundle is built in a temp dir (dist/ may
 * hold the previous build's chunks too, which would end up in the binary).
 *
 * A script rather than a plain task because `deno task` appends extra words after the
 * last one, where `deno compile` would bake them into the binary's argv.
 */
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "./build.ts";

/**
 * What the compiled binary may do, baked in at compile time: a binary reads no Deno
 * flags at run time (every argument goes to the program), so it cannot be narrowed
 * later. Narrow permissions come from running the bundle with `deno run` instead.
 */
export const BINARY_PERMISSIONS = [
  "--allow-read",
  "--allow-write",
  "--allow-net",
  "--allow-env",
  "--allow-run",
  "--allow-sys",
  "--no-prompt",
];

/**
 * For `deno run` of the bundle: Deno then reads a chunk when its `import()` runs instead
 * of reading every chunk a literal `import()` names before the program starts (about
 * 9 MB): a `run` takes about 10 MB less memory and reaches its first request 7–30%
 * sooner (bench/startup_report.ts). A chunk read that way needs read access to the bundle's
 * folder, so narrow CI flags grant it (`--allow-read=.,<bundle dir>`, README "CI").
 * Never for `deno compile`: with it, the binary embeds main.js and one chunk only.
 */
export const LAZY_IMPORTS_FLAG = "--unstable-lazy-dynamic-imports";

/**
 * V8's young generation capped at two 2 MB semi-spaces (V8 grows them to 16 MB each).
 * Measured: the TUI's peak RSS 15–18 MB lower (about 113 instead of 130 MB), a 60-prompt
 * session with tool calls and compactions 276 → 211 MB with 13% less CPU; a plain `run`
 * is unchanged. Scavenges are more frequent but smaller: the TUI's CPU time and latencies
 * stayed within the noise of four paired runs (bench/tui_report.ts).
 */
export const V8_FLAGS = "--v8-flags=--max-semi-space-size=2";

/**
 * The runtime flags of every shipped `deno run` of the bundle (`deno task start`, the
 * installed command, README's CI example), before the permissions.
 */
export const BUNDLE_RUN_FLAGS = [LAZY_IMPORTS_FLAG, V8_FLAGS];

/** The `deno compile` arguments for the bundle in `bundleDir`. */
export function compileArgs(bundleDir: string, output: string, target?: string): string[] {
  return [
    "compile",
    ...BINARY_PERMISSIONS,
    // Baked into the binary like the permissions (not LAZY_IMPORTS_FLAG: see there).
    V8_FLAGS,
    // The bundle needs no import map, lockfile or node_modules: leave them out.
    "--no-config",
    // It is JavaScript built from checked sources; a check would only trip over the
    // import Ink's devtools chunk names but never takes (react-devtools-core is external).
    "--no-check",
    ...(target ? ["--target", target] : []),
    "--output",
    output,
    join(bundleDir, "main.js"),
  ];
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      target: { type: "string" },
      output: { type: "string", default: "dist/nanocoder" },
      bundle: { type: "string" },
    },
  });
  let bundleDir = values.bundle ? resolve(values.bundle) : undefined;
  let temp: string | undefined;
  if (!bundleDir) {
    temp = await Deno.makeTempDir({ prefix: "nanocoder-compile-" });
    bundleDir = (await build(pathToFileURL(`${temp}/`))).dir;
  }
  const args = compileArgs(bundleDir, resolve(values.output!), values.target);
  console.error(`deno ${args.join(" ")}`);
  const { code } = await new Deno.Command(Deno.execPath(), {
    args,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (temp) await Deno.remove(temp, { recursive: true });
  Deno.exit(code);
}
