/**
 * find_files: files by glob, sorted and capped. Lists files with `rg --files` when
 * ripgrep is available and permitted, else with the TypeScript walker; both apply the
 * same ignore rules and the glob is matched here, so the result is the same.
 */
import { z } from "zod";
import { join, resolve } from "node:path";
import type { Tool, ToolContext, ToolResult } from "./tool.ts";
import { MAX_RESULT_LOCATIONS, toolError } from "./tool.ts";
import { compileGlobs, globError, splitGlob } from "./_private/glob.ts";
import { resolveToolPath } from "./_private/paths.ts";
import { findRipgrep, RG_COMMON_ARGS, runRipgrep } from "./_private/ripgrep.ts";
import { rgPath } from "./_private/search_backends.ts";
import { locationOf, quoted, toolTitle } from "./_private/tool_meta.ts";
import { walkFiles } from "./_private/walk.ts";
import type { SearchBackend } from "./search_file_contents.ts";

/** Most characters of paths in one answer (under the executor's result budget). */
const OUTPUT_CHARS = 20_000;

/** Paths returned when the model gives no max_results. */
export const DEFAULT_FIND_RESULTS = 200;

const schema = z.object({
  pattern: z.string().min(1).describe(
    'Glob to match, e.g. "**/*.ts", "src/**/*.{ts,tsx}", "*.test.ts" or "deno.json". ' +
      "A pattern without a slash matches file names at any depth.",
  ),
  path: z.string().optional().describe(
    "Directory to search in, relative to the project directory (default: the whole project).",
  ),
  max_results: z.number().int().min(1).max(5000).optional().describe(
    `Most paths to return (default ${DEFAULT_FIND_RESULTS}); the total is always reported.`,
  ),
});

/** Arguments of find_files. */
export type FindArgs = z.infer<typeof schema>;

const DESCRIPTION =
  `Find files by name with a glob pattern. Returns matching file paths, relative to the project directory, one per line in path order, with the total count.
- "*" matches within one path segment, "**" across directories, "{a,b}" either alternative, "?" one character.
- A pattern without a slash ("*.md", "deno.json") matches file names at any depth; a pattern with a slash ("src/*.ts") is matched from "path".
- Skips files ignored by .gitignore/.ignore and the .git and node_modules directories (search inside node_modules by passing it as "path"). Hidden files are included.
- Use search_file_contents to search inside files, list_directory to see a directory tree.`;

/** The find_files tool. */
export const findFilesTool: Tool<typeof schema> = {
  name: "find_files",
  description: DESCRIPTION,
  schema,
  kind: "read",
  activity: "search",
  title: (args) =>
    toolTitle("find_files", quoted(args.pattern) + (args.path ? ` in ${args.path}` : "")),
  locations: (args, ctx) => locationOf(ctx.cwd, args.path ?? "."),
  permissions: [{ name: "read" }],
  execute: (args, ctx) => runFind(args, ctx, "auto"),
};

/** What the tool does, with a backend choice for tests and the benchmark. */
export async function runFind(
  args: FindArgs,
  ctx: ToolContext,
  backend: SearchBackend,
): Promise<ToolResult> {
  const globProblem = globError(args.pattern);
  if (globProblem) return toolError(globProblem);
  const split = splitGlob(args.pattern);
  const start = resolveToolPath(ctx, args.path ?? ".");
  if (!start.ok) return toolError(start.error);
  const resolved = split.base ? resolveToolPath(ctx, resolve(start.path.abs, split.base)) : start;
  if (!resolved.ok) return toolError(resolved.error);
  const { abs, display } = resolved.path;
  try {
    if (!(await Deno.stat(abs)).isDirectory) {
      return toolError(`Error: "${display}" is not a directory. Pass a directory as "path".`);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    if (split.base) return { ok: true, output: noMatch(args), summary: "No files found" };
    return toolError(
      `Error: directory "${args.path}" does not exist. Use list_directory to look around.`,
    );
  }
  const matches = compileGlobs([split.glob], !split.anyDepth);
  const all = (await listFiles(abs, backend, ctx.signal)).filter(matches).sort();
  if (all.length === 0) return { ok: true, output: noMatch(args), summary: "No files found" };
  const max = args.max_results ?? DEFAULT_FIND_RESULTS;
  const prefix = display === "." ? "" : `${display}/`;
  const shown: string[] = [];
  let chars = 0;
  for (const rel of all.slice(0, max)) {
    chars += prefix.length + rel.length + 1;
    if (chars > OUTPUT_CHARS) break;
    shown.push(prefix + rel);
  }
  const left = all.length - shown.length;
  const advice = shown.length < max
    ? `The answer is limited to ${OUTPUT_CHARS} characters: use a narrower pattern or path.`
    : 'Use a narrower pattern or path, or raise "max_results".';
  const note = left > 0 ? `\n… ${left} more not shown (${all.length} in all). ${advice}` : "";
  return {
    ok: true,
    output: `${shown.join("\n")}${note}`,
    summary: `Found ${all.length} ${all.length === 1 ? "file" : "files"}`,
    locations: all.slice(0, Math.min(max, MAX_RESULT_LOCATIONS)).map((rel) => ({
      path: join(abs, rel),
    })),
  };
}

/**
 * Every file below `rootAbs` that the ignore rules keep, relative to it, unsorted.
 * Exported for the benchmark.
 */
export async function listFiles(
  rootAbs: string,
  backend: SearchBackend,
  signal?: AbortSignal,
): Promise<string[]> {
  if (backend !== "typescript") {
    const rg = await findRipgrep();
    if (rg) {
      try {
        const out = await runRipgrep(
          rg,
          [...RG_COMMON_ARGS, "--files", "--null", "."],
          rootAbs,
          signal,
        );
        if (out.code !== 2 || out.stdout.length > 0) {
          return out.stdout.split("\0").filter((p) => p !== "")
            .map(rgPath);
        }
      } catch (error) {
        signal?.throwIfAborted();
        if (
          !(error instanceof Deno.errors.NotFound || error instanceof Deno.errors.PermissionDenied)
        ) {
          throw error;
        }
      }
    }
  }
  const files: string[] = [];
  for await (const rel of walkFiles(rootAbs, { signal })) files.push(rel);
  return files;
}

function noMatch(args: FindArgs): string {
  const where = args.path ? ` in "${args.path}"` : "";
  const hint = /[*?[{]/.test(args.pattern)
    ? ""
    : ` If "${args.pattern}" is a directory, use "${args.pattern}/**" or list_directory.`;
  return `No files match "${args.pattern}"${where}.${hint}`;
}
