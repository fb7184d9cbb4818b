/**
 * The TypeScript search backend: walks with ripgrep's rules (walk.ts), reads regular
 * files only, and matches in a Worker (regex_worker.ts) so that a model's regex cannot
 * freeze the program.
 */
import { join } from "node:path";
import { compileGlobs } from "./glob.ts";
import { type RegexPair, RegexSearcher, RegexTimeoutError } from "./regex_worker.ts";
import { readRegularFileWithin } from "./regular_file.ts";
import {
  buildRegExp,
  collectHits,
  DISPLAY_LINE_CHARS,
  type FileHits,
  MAX_SEARCH_FILE_SIZE,
  type SearchOutcome,
  type SearchSpec,
  sortByPath,
} from "./search_backends.ts";
import { walkFiles } from "./walk.ts";

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
  const skipped: string[] = [];
  const batches = new BatchQueue(searcher, spec, files);
  let next = 0;
  const reader = async () => {
    while (next < rels.length) {
      spec.signal?.throwIfAborted();
      const rel = rels[next++];
      const bytes = await readSearchable(join(spec.rootAbs, rel), spec.signal);
      if (bytes === TOO_BIG) skipped.push(rel);
      else if (bytes) await batches.add(rel, bytes);
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
  return {
    ok: true,
    files: sortByPath(files),
    ...(skipped.length ? { skipped: skipped.sort() } : {}),
  };
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

const TOO_BIG = "too_big";

/** A file's bytes if it is to be searched: regular, within the cap (else TOO_BIG), not binary. */
async function readSearchable(
  abs: string,
  signal?: AbortSignal,
): Promise<Uint8Array | typeof TOO_BIG | undefined> {
  let bytes: Uint8Array | undefined;
  try {
    // The walk saw a regular file here: no stat before the open (a swap is still caught
    // after it). The size cap keeps a 2 GB log that no ignore file mentions unread.
    bytes = await readRegularFileWithin(abs, MAX_SEARCH_FILE_SIZE, {
      signal,
      statFirst: false,
      statSize: true,
    });
  } catch (error) {
    signal?.throwIfAborted();
    if (error instanceof Deno.errors.NotCapable) throw error;
    return undefined; // vanished, unreadable or swapped for a pipe: rg skips it too
  }
  if (!bytes) return TOO_BIG;
  return bytes.includes(0) ? undefined : bytes;
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
