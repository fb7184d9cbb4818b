/**
 * What is known about a built dist/ without building: where it is, what it was built
 * from (dist/build.json) and whether the sources changed since. scripts/start.ts runs
 * this on every `deno task start`, so it imports nothing and reads file metadata only
 * (no contents): the check costs a few milliseconds (bench/startup_report.ts measures it).
 */

/** The checkout. */
export const ROOT = new URL("../", import.meta.url);
/** Where `deno task build` writes the shipped program. */
export const DIST = new URL("dist/", ROOT);
/** Present while a build runs (it holds the builder's pid). */
export const LOCK_NAME = ".build.lock";
/** The files and folders a build reads, relative to the checkout. */
export const BUILD_INPUTS = ["main.ts", "deno.json", "deno.lock", "src"];

/** What dist/build.json holds. */
export interface BuildInfo {
  version: string;
  deno: string;
  /** sourceFingerprint() of the sources the build was made from. */
  sources: string[];
  /** Every file of the build, `main.js` included. */
  files: string[];
  /** The files of the build before, kept so that processes started from it keep working. */
  previous: string[];
}

/** Reads `dir`/build.json; undefined when there is none or it is unreadable. */
export function readBuildInfo(dir: URL = DIST): BuildInfo | undefined {
  try {
    return JSON.parse(Deno.readTextFileSync(new URL("build.json", dir))) as BuildInfo;
  } catch {
    return undefined;
  }
}

/** Whether `dist` holds a build of the sources under `root` as they are now. */
export function isBuildCurrent(root: URL = ROOT, dist: URL = DIST): boolean {
  const info = readBuildInfo(dist);
  if (!info || !Array.isArray(info.sources)) return false;
  return info.sources.join("\n") === sourceFingerprint(root).join("\n");
}

/**
 * Fingerprint of the build inputs under `root`: one `path size mtime` line per file,
 * sorted. Compared as a whole, so an edit, a new file and a deleted one all count.
 */
export function sourceFingerprint(root: URL = ROOT): string[] {
  const base = filePath(root);
  const entries: string[] = [];
  for (const input of BUILD_INPUTS) collect(base, input, entries);
  return entries.sort();
}

function collect(base: string, relative: string, out: string[]): void {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(`${base}/${relative}`);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  if (info.isDirectory) {
    for (const entry of Deno.readDirSync(`${base}/${relative}`)) {
      collect(base, `${relative}/${entry.name}`, out);
    }
  } else if (info.isFile) {
    out.push(`${relative} ${info.size} ${info.mtime?.getTime() ?? 0}`);
  }
}

/** A file URL as a path without a trailing slash (node:url would load Node's runtime). */
export function filePath(url: URL): string {
  const path = decodeURIComponent(url.pathname).replace(/\/$/, "");
  return /^\/[A-Za-z]:/.test(path) ? path.slice(1) : path; // file:///C:/x on Windows
}
