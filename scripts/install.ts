/**
 * `deno task install [--root DIR]`: puts a `nanocoder` command on the PATH.
 *
 * It builds the shipped program (scripts/build.ts) and installs a `deno install --global`
 * shim of dist/main.js with the runtime flags and permission set of `deno task start`.
 * The bundle rather than main.ts because it is self-contained (no import map, lockfile or
 * node_modules to find from whatever directory the command runs in) and starts about
 * twice as fast; the command follows this checkout's dist/, so `git pull && deno task
 * build` updates it.
 *
 * The shim deno writes runs `deno` from the PATH. Where that is not this Deno (Deno from
 * `npx deno`, or another version first on the PATH), the shim is pointed at this Deno's
 * executable instead, so the command runs with the Deno that built it (if that one is
 * removed, for example with npx's cache, run `deno task install` again).
 */
import { parseArgs } from "node:util";
import { delimiter, join } from "node:path";
import { build } from "./build.ts";
import { DIST, filePath } from "./_dist.ts";
import { BINARY_PERMISSIONS, BUNDLE_RUN_FLAGS } from "./compile.ts";

/** The `deno install` arguments for the bundle's entry `entry`. */
export function installArgs(entry: string, root?: string, name = "nanocoder"): string[] {
  return [
    "install",
    "--global",
    "--force",
    "--no-config",
    "--name",
    name,
    ...(root ? ["--root", root] : []),
    ...BUNDLE_RUN_FLAGS,
    ...BINARY_PERMISSIONS,
    entry,
  ];
}

/**
 * Rewrites a POSIX shim's `exec deno …` to run `denoPath`. Returns the new text, or
 * undefined when the shim is not the shape `deno install` writes (left alone then).
 */
export function pinShim(shim: string, denoPath: string): string | undefined {
  if (!shim.startsWith("#!/bin/sh") || !/^exec deno /m.test(shim)) return undefined;
  return shim.replace(/^exec deno /m, `exec '${denoPath.replaceAll("'", `'\\''`)}' `);
}

/**
 * The first `deno` on PATH (resolved), or undefined. npx's own folders do not count: they
 * are on PATH only while `npx deno …` runs, not in the shell that will run the command.
 */
function denoOnPath(): string | undefined {
  const exe = Deno.build.os === "windows" ? "deno.exe" : "deno";
  const dirs = (Deno.env.get("PATH") ?? "").split(delimiter).filter(Boolean);
  for (const dir of dirs.filter((d) => !/[\\/]_npx[\\/]/.test(d))) {
    try {
      const path = join(dir, exe);
      if (Deno.statSync(path).isFile) return Deno.realPathSync(path);
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Where the command went and which Deno it runs (undefined: `deno` from the PATH). */
export interface Installed {
  shim: string;
  pinnedTo?: string;
  /** What deno install printed (the PATH hint among it). */
  report: string;
}

/** Installs the `nanocoder` shim of `entry` (a bundle's main.js) under `root` (default ~/.deno). */
export async function install(entry: string, root?: string): Promise<Installed> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: installArgs(entry, root),
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const report = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
  if (!out.success) throw new Error(`deno install failed (exit ${out.code}):\n${report}`);
  // deno prints the shim's path on a line of its own.
  const shim = report.split("\n").map((l) => l.trim()).find((l) =>
    /[\\/]nanocoder(\.cmd)?$/.test(l)
  );
  if (!shim) throw new Error(`deno install did not say where the command went:\n${report}`);
  const self = Deno.realPathSync(Deno.execPath());
  if (Deno.build.os !== "windows" && denoOnPath() !== self) {
    const pinned = pinShim(await Deno.readTextFile(shim), self);
    if (pinned) {
      await Deno.writeTextFile(shim, pinned);
      return { shim, pinnedTo: self, report };
    }
  }
  return { shim, report };
}

if (import.meta.main) {
  const { values } = parseArgs({ args: Deno.args, options: { root: { type: "string" } } });
  try {
    const built = await build();
    console.error(`Built ${built.dir}/main.js (${(built.bytes / 2 ** 20).toFixed(1)} MiB)`);
    const done = await install(filePath(new URL("main.js", DIST)), values.root);
    console.error(done.report.trim());
    if (done.pinnedTo) {
      console.error(
        `The command runs ${done.pinnedTo}, the Deno that built it ("deno" on your PATH is ` +
          "not it); run deno task install again if that Deno goes away.",
      );
    }
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    Deno.exit(1);
  }
}
