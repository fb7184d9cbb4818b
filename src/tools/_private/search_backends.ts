/**
 * The two engines behind search_file_contents: ripgrep, and a pure TypeScript walk
 * that applies the same ignore rules, skips the same files (binary, larger than
 * {@linkcode MAX_SEARCH_FILE_SIZE}) and reports the same lines, so the formatted
 * output is identical whichever one ran.
 */
import { join } from "node:path";
import { compileExcludes, compileGlobs } from "./glob.ts";
import { RG_COMMON_ARGS, streamRipgrep } from "./ripgrep.ts";
import { type RegexPair, RegexSearcher, RegexTimeoutError } from "./regex_worker.ts";
import { readRegularFile } from "./regular_file.ts";
import { walkFiles } from "./walk.ts";

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
export type SearchOutcome = { ok: true; files: FileHits[] } | { ok: false; error: string };

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
  const files: FileHits[] = [];
  for (const [path, collector] of parser.files) {
    if (include && !include(path)) continue;
    if (exclude?.(path)) continue;
    files.push({ path, lines: collector.lines, matches: collector.matches });
  }
  return { ok: true, files: sortByPath(files) };
}

/** Searches in TypeScript with the rules of {@linkcode walkFiles}. */
export async function searchWithTypeScript(spec: SearchSpec): Promise<SearchOutcome> {
  const regex = compileQuery(spec);
  if (typeof regex === "string") return { ok: false, error: regex };
  const include = spec.include.length ? compileGlobs(spec.include) : undefined;
  const exclude = spec.exclude.length ? compileGlobs(spec.exclude) : undefined;
  const paths: string[] = [];
  for await (const rel of walkFiles(spec.rootAbs, { signal: spec.signal, exclude })) {
    if (!include || include(rel)) paths.push(rel);
  }
  return await searchFiles(spec, regex, paths);
}

/**
 * Searches the files `rels` (relative to `spec.rootAbs`) in TypeScript, the regex in a
 * Worker (regex_worker.ts). Files that are not regular, over the size cap, binary or
 * unreadable are skipped, as rg skips them.
 */
export async function searchFiles(
  spec: SearchSpec,
  regex: RegexPair,
  rels: readonly string[],
): Promise<SearchOutcome> {
  const searcher = new RegexSearcher(regex, {
    signal: spec.signal,
    stallMs: spec.regexStallMs,
    displayLineChars: DISPLAY_LINE_CHARS,
  });
  const files: FileHits[] = [];
  const batches = new BatchQueue(searcher, spec, files);
  let next = 0;
  const reader = async () => {
    while (next < rels.length) {
      spec.signal?.throwIfAborted();
      const rel = rels[next++];
      const bytes = await readSearchable(join(spec.rootAbs, rel), spec.signal);
      if (bytes) await batches.add(rel, bytes);
    }
  };
  try {
    await Promise.all(Array.from({ length: 8 }, reader));
    await batches.finish();
  } catch (error) {
    spec.signal?.throwIfAborted();
    if (error instanceof RegexTimeoutError) {
      return { ok: false, error: timeoutMessage(spec, error) };
    }
    throw error;
  } finally {
    searcher.close();
  }
  return { ok: true, files: sortByPath(files) };
}

/** Files are sent to the Worker in batches of this many files or bytes. */
const BATCH_FILES = 64;
const BATCH_BYTES = 4 << 20;
/** Batches in flight before reading waits (bounds memory when matching is the slow part). */
const MAX_IN_FLIGHT = 3;

/** Groups read files into batches for the Worker and collects their hits. */
class BatchQueue {
  #rels: string[] = [];
  #texts: Uint8Array[] = [];
  #bytes = 0;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(
    private readonly searcher: RegexSearcher,
    private readonly spec: SearchSpec,
    private readonly out: FileHits[],
  ) {}

  async add(rel: string, bytes: Uint8Array): Promise<void> {
    this.#rels.push(rel);
    this.#texts.push(bytes);
    this.#bytes += bytes.length;
    if (this.#rels.length >= BATCH_FILES || this.#bytes >= BATCH_BYTES) this.#send();
    while (this.#inFlight.size >= MAX_IN_FLIGHT) await Promise.race(this.#inFlight);
  }

  async finish(): Promise<void> {
    this.#send();
    await Promise.all(this.#inFlight);
  }

  #send(): void {
    if (this.#rels.length === 0) return;
    const rels = this.#rels;
    const sent = this.searcher.search(this.#texts, this.spec.contextLines, rels).then((all) => {
      all.forEach((hits, i) => hits && this.out.push(collectHits(rels[i], hits, this.spec)));
    });
    this.#rels = [];
    this.#texts = [];
    this.#bytes = 0;
    const tracked = sent.finally(() => this.#inFlight.delete(tracked));
    tracked.catch(() => {}); // awaited through add() or finish(); a failure ends the search
    this.#inFlight.add(tracked);
  }
}

/** The query compiled for lines and for whole texts, or an error message for the model. */
export function compileQuery(spec: SearchSpec): RegexPair | string {
  const line = buildRegExp(spec);
  const whole = buildRegExp(spec, "m");
  if (typeof line === "string") return line;
  if (typeof whole === "string") return whole;
  return { line, whole };
}

/** A file's bytes if it is to be searched: regular, within the cap, not binary. */
async function readSearchable(abs: string, signal?: AbortSignal): Promise<Uint8Array | undefined> {
  let bytes: Uint8Array | undefined;
  try {
    // The walk saw a regular file here: no stat before the open (a swap is still caught
    // after it). The size cap keeps a 2 GB log that no ignore file mentions unread.
    bytes = await readRegularFile(abs, {
      signal,
      statFirst: false,
      statSize: true,
      maxBytes: MAX_SEARCH_FILE_SIZE,
    });
  } catch (error) {
    signal?.throwIfAborted();
    if (error instanceof Deno.errors.NotCapable) throw error;
    return undefined; // vanished, unreadable or swapped for a pipe: rg skips it too
  }
  return bytes?.includes(0) ? undefined : bytes;
}

function timeoutMessage(spec: SearchSpec, error: RegexTimeoutError): string {
  const names = error.files.slice(0, 3).map((f) => JSON.stringify(f)).join(", ");
  const where = error.files.length === 1
    ? names
    : `one of ${names}${error.files.length > 3 ? ` (${error.files.length} files)` : ""}`;
  return `Error: the search was stopped: the regular expression ${
    JSON.stringify(spec.query)
  } ran for over ${error.ms / 1000} s on ${where} without finishing. It probably ` +
    "backtracks catastrophically (nested quantifiers such as (a+)+, or several .* in a " +
    'row). Simplify it, or search for literal text with "regex": false.';
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

function sortByPath(files: FileHits[]): FileHits[] {
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
