/**
 * The two engines behind search_file_contents: ripgrep (here), and a pure TypeScript
 * walk (search_typescript.ts) that applies the same ignore rules, skips the same files
 * (binary, larger than {@linkcode MAX_SEARCH_FILE_SIZE}) and reports the same lines, so
 * the formatted output is identical whichever one ran. Shared types live here.
 */
import { compileExcludes, compileGlobs } from "./glob.ts";
import { RG_COMMON_ARGS, streamRipgrep } from "./ripgrep.ts";

/** Files larger than this are not searched (10 MiB, rg's `--max-filesize 10M`). */
export const MAX_SEARCH_FILE_SIZE = 10 * 1024 * 1024;

/** What to search for and where. */
export interface SearchSpec {
  /** Absolute directory to search. */
  rootAbs: string;
  query: string;
  regex: boolean;
  caseSensitive: boolean;
  contextLines: number;
  include: readonly string[];
  exclude: readonly string[];
  signal?: AbortSignal;
  /**
   * Match lines kept per file (the rest are only counted), so memory stays bounded
   * when a query matches everywhere. The formatter never shows more than this.
   */
  keepMatches?: number;
  /** TypeScript backend: how long a regex may match one file (default 5 s). */
  regexStallMs?: number;
}

/** One line of a file in the results: a match or a context line around one. */
export interface LineHit {
  /** 1-based line number. */
  line: number;
  /** The line without its terminator. */
  text: string;
  match: boolean;
  /** Index (UTF-16) of the first match; set only on match lines longer than a display line. */
  matchAt?: number;
}

/** Matches and context lines of one file, lines in order. */
export interface FileHits {
  /** Path relative to the search root, forward slashes. */
  path: string;
  /** Kept lines: those around the first `keepMatches` matches. */
  lines: LineHit[];
  /** Number of matching lines in the file, kept or not. */
  matches: number;
}

/**
 * Collects one file's lines in order, keeping the first `keep` matches with their
 * context and only counting later ones. Both backends feed it, so both keep the same.
 */
export class FileCollector {
  readonly lines: LineHit[] = [];
  matches = 0;
  #kept = 0;
  #lastKept = -Infinity;
  constructor(private readonly keep: number, private readonly context: number) {}

  /** Whether line `line` would be kept; when not, {@linkcode count} it instead of adding. */
  wants(line: number): boolean {
    return this.#kept < this.keep || line <= this.#lastKept + this.context;
  }

  count(match: boolean): void {
    if (match) this.matches++;
  }

  add(hit: LineHit): void {
    if (hit.match) this.matches++;
    if (this.#kept < this.keep) {
      this.lines.push(hit);
      if (hit.match) {
        this.#kept++;
        this.#lastKept = hit.line;
      }
    } else if (hit.line <= this.#lastKept + this.context) {
      this.lines.push(hit);
    }
  }
}

/** FileHits from a file's complete, ordered lines. */
export function collectHits(path: string, lines: readonly LineHit[], spec: SearchSpec): FileHits {
  const collector = new FileCollector(spec.keepMatches ?? Infinity, spec.contextLines);
  for (const hit of lines) collector.add(hit);
  return { path, lines: collector.lines, matches: collector.matches };
}

/** The result of a search: hits per file, or an error message for the model. */
export type SearchOutcome =
  /** `skipped`: files over {@linkcode MAX_SEARCH_FILE_SIZE}, not searched (relative paths). */
  | { ok: true; files: FileHits[]; skipped?: string[] }
  | { ok: false; error: string };

/** Lines longer than this are cut for display (match lines keep their first match). */
export const DISPLAY_LINE_CHARS = 300;

/** Builds the JavaScript form of the query (flags `s` so `.` behaves like Rust's). */
export function buildRegExp(
  spec: Pick<SearchSpec, "query" | "regex" | "caseSensitive">,
  extra = "",
): RegExp | string {
  const source = spec.regex ? spec.query : spec.query.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const flags = `s${spec.caseSensitive ? "" : "i"}${extra}`;
  try {
    return new RegExp(source, `u${flags}`);
  } catch {
    try {
      return new RegExp(source, flags);
    } catch (error) {
      return `Error: invalid regular expression "${spec.query}": ${(error as Error).message}. ` +
        `Escape special characters, or pass "regex": false to search for the literal text.`;
    }
  }
}

/** Searches with rg. Returns undefined when rg failed without output (bad regex...). */
export async function searchWithRipgrep(
  rg: string,
  spec: SearchSpec,
): Promise<SearchOutcome | undefined> {
  const args = [
    ...RG_COMMON_ARGS,
    "--null",
    "--no-heading",
    "--with-filename",
    "--line-number",
    "--column",
    "--crlf",
    `--max-filesize=${MAX_SEARCH_FILE_SIZE}`,
    // The only way rg names the files it skips for size (on stderr, with a few other lines).
    "--debug",
    spec.caseSensitive ? "--case-sensitive" : "--ignore-case",
    ...(spec.regex ? ["--engine=auto"] : ["--fixed-strings"]),
    ...(spec.contextLines > 0 ? [`--context=${spec.contextLines}`] : []),
    ...spec.exclude.map((g) => `--glob=!${g}`),
    ...typeFilter(spec.include),
    "--regexp",
    spec.query,
    "--",
    ".",
  ];
  const include = spec.include.length ? compileGlobs(spec.include) : undefined;
  const exclude = spec.exclude.length ? compileExcludes(spec.exclude) : undefined;
  const parser = new RgOutputParser(spec.keepMatches ?? Infinity, spec.contextLines);
  const out = await streamRipgrep(rg, args, spec.rootAbs, spec.signal, (t) => parser.push(t));
  parser.end();
  if (out.code === 2 && parser.files.size === 0) return undefined;
  const wanted = (path: string) => (!include || include(path)) && !exclude?.(path);
  const files: FileHits[] = [];
  for (const [path, collector] of parser.files) {
    if (wanted(path)) files.push({ path, lines: collector.lines, matches: collector.matches });
  }
  const skipped = [...out.stderr.matchAll(/ ignoring \.\/(.+): \d+ bytes$/gm)]
    .map((m) => m[1]).filter(wanted).sort();
  return { ok: true, files: sortByPath(files), ...(skipped.length ? { skipped } : {}) };
}

/**
 * Parses `rg --null --line-number --column` output (with context lines), fed in chunks,
 * into one collector per file.
 */
export class RgOutputParser {
  readonly files = new Map<string, FileCollector>();
  /** Pieces of a line not yet ended (a minified line can span many chunks). */
  #pending: string[] = [];
  #lastPrinted = "";
  #last?: FileCollector;
  constructor(private readonly keep: number, private readonly context: number) {}

  push(text: string): void {
    let nl = text.indexOf("\n");
    if (nl === -1) {
      this.#pending.push(text);
      return;
    }
    const head = text.slice(0, nl);
    this.#line(this.#pending.length ? this.#pending.join("") + head : head);
    this.#pending = [];
    let start = nl + 1;
    while ((nl = text.indexOf("\n", start)) !== -1) {
      this.#line(text.slice(start, nl));
      start = nl + 1;
    }
    if (start < text.length) this.#pending.push(text.slice(start));
  }

  end(): void {
    if (this.#pending.length) this.#line(this.#pending.join(""));
    this.#pending = [];
  }

  #line(raw: string): void {
    const nul = raw.indexOf("\0");
    if (nul === -1) return; // "--" group separators
    const collector = this.#collector(raw.slice(0, nul));
    let i = nul + 1;
    while (i < raw.length && raw.charCodeAt(i) >= 48 && raw.charCodeAt(i) <= 57) i++;
    const line = Number(raw.slice(nul + 1, i));
    const match = raw[i] === ":";
    if (!collector.wants(line)) return collector.count(match); // beyond the cap: count only
    let text: string;
    let byteCol = 0;
    if (match) {
      const colEnd = raw.indexOf(":", i + 1);
      byteCol = Number(raw.slice(i + 1, colEnd)) - 1;
      text = raw.slice(colEnd + 1);
    } else {
      text = raw.slice(i + 1);
    }
    if (text.endsWith("\r")) text = text.slice(0, -1);
    const hit: LineHit = { line, text, match };
    if (match && text.length > DISPLAY_LINE_CHARS) hit.matchAt = charIndexOfByte(text, byteCol);
    collector.add(hit);
  }

  /** rg prints a file's lines together: remember the last file's collector. */
  #collector(printed: string): FileCollector {
    if (this.#last && printed === this.#lastPrinted) return this.#last;
    const path = rgPath(printed);
    let collector = this.files.get(path);
    if (!collector) this.files.set(path, collector = new FileCollector(this.keep, this.context));
    this.#lastPrinted = printed;
    this.#last = collector;
    return collector;
  }
}

/** A path as rg prints it ("./a/b", ".\\a\\b" on Windows) → "a/b". */
export function rgPath(printed: string): string {
  const path = Deno.build.os === "windows" ? printed.replaceAll("\\", "/") : printed;
  return path.startsWith("./") ? path.slice(2) : path;
}

/** Include globs without a slash become an rg file type (types apply after ignore rules). */
function typeFilter(include: readonly string[]): string[] {
  if (include.length === 0 || include.some((g) => g.includes("/"))) return [];
  return [...include.map((g) => `--type-add=nanocoderinclude:${g}`), "--type=nanocoderinclude"];
}

function charIndexOfByte(text: string, byteOffset: number): number {
  let bytes = 0;
  let i = 0;
  while (i < text.length && bytes < byteOffset) {
    const cp = text.codePointAt(i)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/** Hits sorted by path, the order both backends report in. */
export function sortByPath(files: FileHits[]): FileHits[] {
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
