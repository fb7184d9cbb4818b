/**
 * `deno task lint:size`: no source file under src/ is longer than 400 lines, so each
 * file stays one thing a reader can hold in their head.
 */
import { readSources, ROOT, type SourceFile } from "./_source_files.ts";

/** The most lines a source file may have. */
export const MAX_LINES = 400;

/** Files allowed over the limit for a while (none: src/mcp/manager.ts is split). */
export const TEMPORARY_ALLOWANCE: string[] = [];

/** One line per file over the limit. */
export function sizeViolations(
  files: readonly SourceFile[],
  allowed: readonly string[] = TEMPORARY_ALLOWANCE,
): string[] {
  return files.flatMap((file) => {
    const lines = file.text.split("\n").length - (file.text.endsWith("\n") ? 1 : 0);
    if (lines <= MAX_LINES || allowed.includes(file.path)) return [];
    return [`${file.path}: ${lines} lines, over the limit of ${MAX_LINES}: split it`];
  });
}

if (import.meta.main) {
  const files = await readSources(ROOT, "src");
  const violations = sizeViolations(files);
  for (const line of violations) console.error(line);
  if (violations.length) Deno.exit(1);
  console.log(`lint:size: ${files.length} source files of at most ${MAX_LINES} lines`);
}
