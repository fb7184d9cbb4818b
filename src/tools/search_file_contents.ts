/**
 * search_file_contents: grep for the model. Runs ripgrep when it is available and
 * permitted, else a pure TypeScript search with the same rules and the same output.
 */
import { z } from "zod";
import { basename, dirname, join } from "node:path";
import type { Tool, ToolContext, ToolLocation, ToolResult } from "./tool.ts";
import { MAX_RESULT_LOCATIONS, toolError } from "./tool.ts";
import { globError, splitGlobList } from "./_private/glob.ts";
import { resolveToolPath } from "./_private/paths.ts";
import { findRipgrep } from "./_private/ripgrep.ts";
import { nonRegularKind, notRegularMessage, readRegularFile } from "./_private/regular_file.ts";
import {
  type FileHits,
  MAX_SEARCH_FILE_SIZE,
  type SearchOutcome,
  type SearchSpec,
  searchWithRipgrep,
} from "./_private/search_backends.ts";
import { compileQuery, searchFiles, searchWithTypeScript } from "./_private/search_typescript.ts";
import { locationOf, quoted, toolTitle } from "./_private/tool_meta.ts";
import { formatSearch } from "./_private/search_format.ts";

/** Matching lines shown when the model gives no max_results. */
export const DEFAULT_SEARCH_RESULTS = 100;

const schema = z.object({
  query: z.string().min(1).describe(
    "What to search for: a regular expression by default (Rust/ripgrep syntax, e.g. " +
      'TODO|FIXME or function\\s+\\w+), or literal text when "regex" is false.',
  ),
  path: z.string().optional().describe(
    "Directory or file to search, relative to the project directory (default: the whole project).",
  ),
  include: z.string().optional().describe(
    'Only search files matching this glob, e.g. "*.ts", "*.{ts,tsx}", "src/**/*.py"; ' +
      "several globs separated by commas. A glob without a slash matches file names at any depth.",
  ),
  exclude: z.string().optional().describe(
    'Skip files and directories matching this glob, e.g. "*.test.ts" or "dist,vendor".',
  ),
  regex: z.boolean().optional().describe(
    "true (default): query is a regular expression. false: query is literal text, no escaping needed.",
  ),
  case_sensitive: z.boolean().optional().describe(
    "Omit for smart case (case-insensitive when the query has no uppercase letter, sensitive " +
      "otherwise); true or false to force.",
  ),
  context_lines: z.number().int().min(0).max(10).optional().describe(
    "Lines of context to show before and after each match (default 0).",
  ),
  max_results: z.number().int().min(1).max(1000).optional().describe(
    `Most matching lines to show (default ${DEFAULT_SEARCH_RESULTS}); the total is always reported.`,
  ),
});

/** Arguments of search_file_contents. */
export type SearchArgs = z.infer<typeof schema>;

/** Which engine to use: the best available, or one forced (tests, benchmarks). */
export type SearchBackend = "auto" | "ripgrep" | "typescript";

const DESCRIPTION = `Search the contents of files for a regular expression or literal text.
Returns matching lines as "path:line: text" grouped per file (context lines as "path-line- text"), files in path order, with the total number of matches.
- The query is a regular expression by default (ripgrep/Rust syntax; escape ( ) [ ] . * + ? { } | \\ to match them literally). Set "regex": false to search for exact text such as "foo(bar".
- Case: smart by default (all-lowercase query matches any case; a query with an uppercase letter is case-sensitive). Set "case_sensitive" to force.
- Skips files ignored by .gitignore/.ignore, the .git and node_modules directories, binary files and files over 10 MB. Hidden files are searched.
- Narrow with "path" (a directory or one file), "include" (e.g. "*.ts") and "exclude" globs. Long lines are cut around the first match.
- Use find_files to find files by name; use read_file to see more of a file.`;

/** The search_file_contents tool. */
export const searchFileContentsTool: Tool<typeof schema> = {
  name: "search_file_contents",
  description: DESCRIPTION,
  schema,
  kind: "read",
  activity: "search",
  title: (args) =>
    toolTitle("search_file_contents", quoted(args.query) + (args.path ? ` in ${args.path}` : "")),
  locations: (args, ctx) => locationOf(ctx.cwd, args.path ?? "."),
  permissions: [{ name: "read" }],
  execute: (args, ctx) => runSearch(args, ctx, "auto"),
};

/**
 * Runs a search with the given backend; what the tool does, exported so tests and the
 * benchmark can compare the backends. "ripgrep" falls back to TypeScript when rg is
 * missing or fails on the query, like "auto".
 */
export async function runSearch(
  args: SearchArgs,
  ctx: ToolContext,
  backend: SearchBackend,
  options: { regexStallMs?: number } = {},
): Promise<ToolResult> {
  const resolved = resolveToolPath(ctx, args.path ?? ".");
  if (!resolved.ok) return toolError(resolved.error);
  const { abs, display } = resolved.path;
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(abs);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return toolError(
        `Error: path "${args.path}" does not exist. Use list_directory or find_files to find it.`,
      );
    }
    throw error;
  }
  const special = info.isDirectory ? undefined : nonRegularKind(info);
  if (special) return toolError(notRegularMessage(display, special));
  if (args.query.includes("\n") || ((args.regex ?? true) && /(?<!\\)\\n/.test(args.query))) {
    return toolError(
      "Error: the search matches within single lines, so the query cannot contain a newline. " +
        "Search for one of its lines instead.",
    );
  }
  const include = splitGlobList(args.include);
  const exclude = splitGlobList(args.exclude);
  for (const glob of [...include, ...exclude]) {
    const error = globError(glob);
    if (error) return toolError(error);
  }
  const caseSensitive = args.case_sensitive ?? hasUppercase(args.query, args.regex ?? true);
  const spec: SearchSpec = {
    rootAbs: info.isDirectory ? abs : dirname(abs),
    query: args.query,
    regex: args.regex ?? true,
    caseSensitive,
    contextLines: args.context_lines ?? 0,
    include,
    exclude,
    signal: ctx.signal,
    keepMatches: args.max_results ?? DEFAULT_SEARCH_RESULTS,
    regexStallMs: options.regexStallMs,
  };
  const outcome = info.isDirectory
    ? await searchDirectory(spec, backend)
    : await searchOneFile(spec, abs, display);
  if (!outcome.ok) return toolError(outcome.error);
  const where = info.isDirectory ? display : dirname(display);
  const formatted = formatSearch(outcome.files, {
    prefix: where === "." ? "" : `${where}/`,
    maxResults: args.max_results ?? DEFAULT_SEARCH_RESULTS,
    contextLines: spec.contextLines,
    what: `${spec.regex ? "regex" : "text"} ${JSON.stringify(args.query)} (${
      caseSensitive ? "case-sensitive" : "case-insensitive"
    })`,
    where: display,
  });
  // Said in the result, so the model does not take "no match" for "not there".
  const skipped = outcome.skipped?.length
    ? `\n\nNot searched, over 10 MB: ${outcome.skipped.slice(0, 20).join(", ")}${
      outcome.skipped.length > 20 ? ` and ${outcome.skipped.length - 20} more` : ""
    } (use read_file with start_line/end_line to read parts of one).`
    : "";
  const summary = formatted.totalMatches === 0
    ? `No matches for ${JSON.stringify(args.query)}`
    : `${plural(formatted.totalMatches, "match", "matches")} in ${
      plural(formatted.files, "file", "files")
    }`;
  const locations = matchLocations(
    spec.rootAbs,
    outcome.files,
    args.max_results ?? DEFAULT_SEARCH_RESULTS,
  );
  return {
    ok: true,
    output: formatted.output + skipped,
    summary,
    ...(locations.length ? { locations } : {}),
  };
}

/** The first matching lines (path order, as the model sees them), for an editor to follow. */
function matchLocations(
  rootAbs: string,
  files: readonly FileHits[],
  maxResults: number,
): ToolLocation[] {
  const max = Math.min(maxResults, MAX_RESULT_LOCATIONS);
  const locations: ToolLocation[] = [];
  for (const file of files) {
    for (const hit of file.lines) {
      if (locations.length >= max) return locations;
      if (hit.match) locations.push({ path: join(rootAbs, file.path), line: hit.line });
    }
  }
  return locations;
}

async function searchDirectory(spec: SearchSpec, backend: SearchBackend): Promise<SearchOutcome> {
  if (backend !== "typescript") {
    const rg = await findRipgrep();
    if (rg) {
      try {
        const outcome = await searchWithRipgrep(rg, spec);
        if (outcome) return outcome;
      } catch (error) {
        spec.signal?.throwIfAborted();
        // rg could not start (a binary inside a compiled executable...): search without it
        if (
          !(error instanceof Deno.errors.NotFound || error instanceof Deno.errors.PermissionDenied)
        ) {
          throw error;
        }
      }
    }
  }
  return searchWithTypeScript(spec);
}

/** One file: always TypeScript (rg would treat an explicit binary file differently). */
async function searchOneFile(
  spec: SearchSpec,
  abs: string,
  display: string,
): Promise<SearchOutcome> {
  const regex = compileQuery(spec);
  if (typeof regex === "string") return { ok: false, error: regex };
  if ((await Deno.stat(abs)).size > MAX_SEARCH_FILE_SIZE) {
    return {
      ok: false,
      error: `Error: "${display}" is larger than 10 MB and is not searched. ` +
        "Use read_file with start_line/end_line to read parts of it.",
    };
  }
  if ((await readRegularFile(abs, { signal: spec.signal })).includes(0)) {
    return {
      ok: false,
      error: `Error: "${display}" is a binary file; only text files are searched.`,
    };
  }
  return await searchFiles(spec, regex, [basename(abs)]);
}

/** Smart case: an uppercase letter outside escapes (`\W`, `\S`) makes the search case-sensitive. */
function hasUppercase(query: string, regex: boolean): boolean {
  const text = regex ? query.replace(/\\./gu, "") : query;
  return /\p{Lu}/u.test(text);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
