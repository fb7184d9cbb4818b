/**
 * The project's files as a person would pick them (a frontend's `@path` completion):
 * what the search tools see — .gitignore and friends respected, `.git` and
 * `node_modules` skipped — sorted, and capped so a huge tree cannot stall the UI.
 */
import { walkFiles } from "../tools/_private/walk.ts";

/** Options of listProjectFiles. */
export interface ListFilesOptions {
  /** Stop after this many files (default 20 000). */
  limit?: number;
  signal?: AbortSignal;
}

/** Paths relative to `cwd` with forward slashes, sorted. */
export async function listProjectFiles(
  cwd: string,
  options: ListFilesOptions = {},
): Promise<string[]> {
  const limit = options.limit ?? 20_000;
  const files: string[] = [];
  for await (const rel of walkFiles(cwd, { signal: options.signal })) {
    files.push(rel);
    if (files.length >= limit) break;
  }
  return files.sort();
}
