/** The source files the lint scripts look at: every .ts/.tsx file under a folder. */
import { join, relative } from "node:path";

/** A file as the lint rules see it: its path from the repository root, and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** Reads every .ts and .tsx file under `dir` (relative to `root`), sorted by path. */
export async function readSources(root: string, dir: string): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  const walk = async (abs: string) => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(abs));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return;
      throw error;
    }
    for (const entry of entries) {
      const path = join(abs, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (/\.tsx?$/.test(entry.name)) {
        files.push({ path: relative(root, path), text: await Deno.readTextFile(path) });
      }
    }
  };
  await walk(join(root, dir));
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** The repository root (this script's parent folder). */
export const ROOT = new URL("..", import.meta.url).pathname;
