/**
 * `deno task start …`: runs nanocoder at the shipped program's speed without making
 * anyone wait for a build.
 *
 * - dist/ holds a build of the sources as they are now (dist/build.json, checked in a
 *   few milliseconds): run dist/main.js, the bundle.
 * - Otherwise (a fresh clone, or sources edited since): run main.ts from source, as fast
 *   as before, and start `deno task build` in the background so that the next start is
 *   bundled. The build writes dist/ so that a running process is never disturbed; its
 *   outcome goes to dist/.build.log. NANOCODER_NO_AUTOBUILD=1 turns the background build off.
 *
 * Both are loaded with a computed `import()` in this process (a second process would cost
 * as much as the bundle saves), which is why main.ts exports `main()`.
 */
import { DIST, filePath, isBuildCurrent, LOCK_NAME, ROOT } from "./_dist.ts";

/** Which program `deno task start` runs now. */
export function startEntry(root: URL = ROOT, dist: URL = DIST): "bundle" | "source" {
  return isBuildCurrent(root, dist) ? "bundle" : "source";
}

/** Starts `scripts/build.ts` detached unless a build is already running. */
function buildInBackground(): void {
  const lock = new URL(LOCK_NAME, DIST);
  try {
    // A lock younger than two minutes is a build under way; an older one was abandoned.
    if (Date.now() - (Deno.statSync(lock).mtime?.getTime() ?? 0) < 120_000) return;
  } catch {
    // no build running
  }
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-all",
        "--no-prompt",
        filePath(new URL("scripts/build.ts", ROOT)),
        "--log",
        filePath(new URL(".build.log", DIST)),
      ],
      cwd: filePath(ROOT),
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    child.unref();
  } catch {
    // Only an optimisation: the program runs from source either way.
  }
}

if (import.meta.main) {
  const entry = startEntry();
  if (entry === "source" && Deno.env.get("NANOCODER_NO_AUTOBUILD") !== "1") buildInBackground();
  const file = entry === "bundle" ? new URL("main.js", DIST) : new URL("main.ts", ROOT);
  const { main } = await import(file.href);
  Deno.exit(await main(Deno.args));
}
