/** Temp projects for the checkpoint tests: write a tree, read it back whole. */
import { dirname, join, relative } from "node:path";

/** Writes files (relative path → text) under `dir`. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(dirname(join(dir, path)), { recursive: true });
    await Deno.writeTextFile(join(dir, path), text);
  }
}

/** A fresh temp project holding `files`. */
export async function tempProject(files: Record<string, string>): Promise<string> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-project-" }));
  await writeFiles(dir, files);
  return dir;
}

/** Every regular file under `dir` (relative path → text), `.git` left out unless asked. */
export async function readTree(dir: string, withGit = false): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (at: string) => {
    for await (const entry of Deno.readDir(at)) {
      const abs = join(at, entry.name);
      if (entry.isDirectory) {
        if (entry.name !== ".git" || withGit) await walk(abs);
      } else if (entry.isFile) out[relative(dir, abs)] = await Deno.readTextFile(abs);
    }
  };
  await walk(dir);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Every file and folder under `dir/.git` with its bytes (hex) and mode: to prove nothing moved. */
export async function gitFingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (at: string) => {
    for await (const entry of Deno.readDir(at)) {
      const abs = join(at, entry.name);
      const info = await Deno.lstat(abs);
      const key = relative(dir, abs);
      if (entry.isDirectory) {
        out[`${key}/`] = `dir ${info.mode}`;
        await walk(abs);
      } else {
        const bytes = entry.isFile ? await Deno.readFile(abs) : new Uint8Array();
        const digest = await crypto.subtle.digest("SHA-256", bytes);
        out[key] = `${info.mode} ${info.mtime?.getTime()} ${
          Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("")
        }`;
      }
    }
  };
  await walk(join(dir, ".git"));
  return out;
}
