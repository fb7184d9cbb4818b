/**
 * The TypeScript search backend's regular expressions run in a Worker, because a
 * model's regex is untrusted: `(a+)+$` on a line of a's backtracks for longer than the
 * universe exists, and JavaScript cannot interrupt a running match. On the main thread
 * that froze everything, Ctrl+C included. In a Worker the main thread stays free:
 * a cancel terminates the Worker at once, and so does a watchdog when the Worker makes
 * no progress for `stallMs` (no file finished matching in that time).
 *
 * The Worker is built from the source text of {@linkcode regexWorkerMain} through a
 * blob: URL, not from a module file: it needs no read access to the program's own
 * files (narrow `--allow-read=.` from another directory) and survives `deno bundle`,
 * which inlines the function like any other. So that function must stay
 * self-contained: no imports, no references to anything outside its body.
 */
import type { LineHit } from "./search_backends.ts";

/** How long the Worker may go without finishing a file before it is stopped. */
export const DEFAULT_REGEX_STALL_MS = 5_000;

/** Thrown when a regex made no progress for the allowed time (catastrophic backtracking). */
export class RegexTimeoutError extends Error {
  /** `files`: the batch it was matching (the culprit is one of them). */
  constructor(readonly files: readonly string[], readonly ms: number) {
    super(`the regular expression ran for over ${ms} ms on ${files.join(", ")} without finishing`);
    this.name = "RegexTimeoutError";
  }
}

/** The compiled query: a per-line regex and a whole-text one (flag "m") to skip files fast. */
export interface RegexPair {
  line: RegExp;
  whole: RegExp;
}

/** Options of {@linkcode RegexSearcher}. */
export interface RegexSearcherOptions {
  signal?: AbortSignal;
  stallMs?: number;
  /** Lines longer than this report where their first match is. */
  displayLineChars: number;
}

interface Pending {
  files: readonly string[];
  resolve(hits: (LineHit[] | undefined)[]): void;
  reject(error: unknown): void;
}

/**
 * Matches files' text against one query in a Worker; `close()` when done. Files go in
 * batches: one message per file cost about 70 µs, which on a 7,000-file tree was more
 * than the matching itself.
 */
export class RegexSearcher {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #stallMs: number;
  readonly #signal?: AbortSignal;
  #nextId = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failure: unknown;
  readonly #onAbort = () => this.#fail(this.#signal!.reason);

  constructor(regex: RegexPair, options: RegexSearcherOptions) {
    this.#stallMs = options.stallMs ?? DEFAULT_REGEX_STALL_MS;
    this.#signal = options.signal;
    const source = `(${regexWorkerMain.toString()})();`;
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    try {
      this.#worker = new Worker(url, { type: "module" });
    } finally {
      URL.revokeObjectURL(url);
    }
    this.#worker.onmessage = (event: MessageEvent<WorkerReply>) => this.#settle(event.data);
    this.#worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.#fail(new Error(`the search worker failed: ${event.message}`));
    };
    this.#worker.postMessage({
      init: {
        line: [regex.line.source, regex.line.flags],
        whole: [regex.whole.source, regex.whole.flags],
        displayLineChars: options.displayLineChars,
      },
    });
    this.#signal?.addEventListener("abort", this.#onAbort, { once: true });
    if (this.#signal?.aborted) this.#onAbort();
  }

  /**
   * For each of `texts` (UTF-8 bytes of the files named `files`): the matching lines
   * with `context` lines around them, or undefined when nothing matches. The bytes are
   * handed over to the Worker: do not use them afterwards.
   */
  search(
    texts: Uint8Array[],
    context: number,
    files: readonly string[],
  ): Promise<(LineHit[] | undefined)[]> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    const owned = texts.map((bytes) =>
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice()
    );
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { files, resolve, reject });
      this.#worker.postMessage(
        { id, texts: owned, context },
        owned.map((bytes) => bytes.buffer as ArrayBuffer),
      );
      this.#timer ??= this.#arm();
    });
  }

  /** Stops the Worker; pending searches are rejected. */
  close(): void {
    this.#fail(new Error("the search was closed"));
  }

  #settle(reply: WorkerReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    clearTimeout(this.#timer);
    this.#timer = this.#pending.size > 0 ? this.#arm() : undefined;
    if (reply.error !== undefined) pending.reject(new Error(reply.error));
    else pending.resolve((reply.hits ?? []).map((hits) => hits ?? undefined));
  }

  /** The watchdog: the oldest pending batch must finish within `stallMs`. */
  #arm(): ReturnType<typeof setTimeout> {
    return setTimeout(() => {
      const oldest = this.#pending.values().next().value;
      this.#fail(new RegexTimeoutError(oldest?.files ?? [], this.#stallMs));
    }, this.#stallMs);
  }

  #fail(error: unknown): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    clearTimeout(this.#timer);
    this.#signal?.removeEventListener("abort", this.#onAbort);
    this.#worker.terminate();
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}

/** What the Worker answers for one batch. */
interface WorkerReply {
  id: number;
  hits?: (LineHit[] | null)[];
  error?: string;
}

/**
 * The Worker's whole program (see the module comment: self-contained). For each file:
 * decode, skip it fast unless the whole-text regex matches, then find the matching
 * lines and their context lines.
 */
function regexWorkerMain(): void {
  type Hit = { line: number; text: string; match: boolean; matchAt?: number };
  const scope = globalThis as unknown as {
    onmessage: ((event: MessageEvent) => void) | null;
    postMessage(message: unknown): void;
  };
  const decoder = new TextDecoder();
  let lineRe = /$^/;
  let wholeRe = /$^/;
  let displayLineChars = 300;

  const search = (bytes: Uint8Array, context: number): Hit[] | null => {
    const text = decoder.decode(bytes);
    wholeRe.lastIndex = 0;
    if (!wholeRe.test(text)) return null;
    const lines = text.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    const matchAt = new Map<number, number>();
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i];
      if (line.endsWith("\r")) lines[i] = line = line.slice(0, -1);
      lineRe.lastIndex = 0;
      const m = lineRe.exec(line);
      if (m) matchAt.set(i, m.index);
    }
    if (matchAt.size === 0) return null;
    const shown = new Set<number>();
    for (const i of matchAt.keys()) {
      const last = Math.min(lines.length - 1, i + context);
      for (let j = Math.max(0, i - context); j <= last; j++) shown.add(j);
    }
    return [...shown].sort((a, b) => a - b).map((i) => {
      const at = matchAt.get(i);
      const hit: Hit = { line: i + 1, text: lines[i], match: at !== undefined };
      if (at !== undefined && lines[i].length > displayLineChars) hit.matchAt = at;
      return hit;
    });
  };

  scope.onmessage = (event: MessageEvent) => {
    const data = event.data;
    if (data.init) {
      lineRe = new RegExp(data.init.line[0], data.init.line[1]);
      wholeRe = new RegExp(data.init.whole[0], data.init.whole[1]);
      displayLineChars = data.init.displayLineChars;
      return;
    }
    try {
      const hits = (data.texts as Uint8Array[]).map((bytes) => search(bytes, data.context));
      scope.postMessage({ id: data.id, hits });
    } catch (error) {
      scope.postMessage({ id: data.id, error: String((error as Error)?.message ?? error) });
    }
  };
}
