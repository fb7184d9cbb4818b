/**
 * What `run` sends as the prompt: the words given, or stdin for `run -` (and for `run`
 * with no words when something is piped to it); input piped to a prompt goes with it as
 * context (`git diff | nanocoder run "review this"`), up to a size limit.
 *
 * Stdin is read only from a pipe, a socket or a file. A pipe that stays open with nothing
 * in it (a program that spawned nanocoder without closing its stdin) would wait forever:
 * after {@link STDIN_WAIT_MS} without a first byte the run goes on without it and says so.
 * `run -` waits as long as it takes, since the prompt is needed.
 */
import { fstatSync } from "node:fs";
import type { ContentBlock } from "../protocol.ts";
import { UsageError } from "../errors.ts";

/** Most piped input taken, as for a file referenced in a prompt (about 130k tokens). */
export const MAX_STDIN_BYTES = 512 * 1024;

/** How long an open pipe may stay silent before the run goes on without it. */
export const STDIN_WAIT_MS = 3000;

const NO_PROMPT =
  'run needs a prompt: nanocoder run "what to do" (or "run -" to read it from stdin)';

/** Standard input as `run` sees it. */
export interface StdinSource {
  /** "piped": a pipe, socket or file; "none": a terminal, /dev/null, nothing. */
  kind: "piped" | "none";
  readable: ReadableStream<Uint8Array>;
}

/** The prompt and the notes to show about it (input cut off, a silent pipe). */
export interface RunInput {
  content: ContentBlock[];
  notes: string[];
}

/** The process's stdin. fstat needs no permission, so narrow `--allow-*` runs see it too. */
export function processStdin(): StdinSource {
  let piped = false;
  try {
    if (!Deno.stdin.isTerminal()) {
      const info = fstatSync(0);
      piped = info.isFIFO() || info.isFile() || info.isSocket();
    }
  } catch {
    piped = false; // no stdin at all (closed descriptor)
  }
  return {
    kind: piped ? "piped" : "none",
    get readable() {
      return Deno.stdin.readable;
    },
  };
}

/** Builds the prompt of `run` from its words and stdin; a UsageError for an empty one. */
export async function runInput(
  words: string[],
  stdin: StdinSource,
  options: { waitMs?: number } = {},
): Promise<RunInput> {
  const explicit = words.length === 1 && words[0] === "-";
  // No words and something piped (`cat task.md | nanocoder -p`, Claude Code's habit): the
  // prompt is stdin, as with `-`, once something arrives.
  const implicit = words.length === 0 && stdin.kind === "piped";
  if (explicit || implicit) {
    const wait = implicit ? options.waitMs ?? STDIN_WAIT_MS : undefined;
    const read = await readLimited(stdin.readable, MAX_STDIN_BYTES, wait);
    if (read.silent) throw new UsageError(NO_PROMPT);
    if (read.truncated) {
      throw new UsageError(
        `The prompt on stdin is over ${MAX_STDIN_BYTES} bytes: put the material in a file ` +
          `and refer to it in a shorter prompt`,
      );
    }
    const text = decode(read.bytes, "The prompt on stdin").trimEnd();
    if (!text.trim()) throw new UsageError("The prompt on stdin is empty");
    return { content: [{ type: "text", text }], notes: [] };
  }
  const prompt = words.join(" ");
  if (!prompt.trim()) {
    throw new UsageError(
      words.length ? "The prompt is empty: give the agent something to do" : NO_PROMPT,
    );
  }
  const content: ContentBlock[] = [{ type: "text", text: prompt }];
  if (stdin.kind === "none") return { content, notes: [] };
  const read = await readLimited(stdin.readable, MAX_STDIN_BYTES, options.waitMs ?? STDIN_WAIT_MS);
  if (read.silent) {
    const waited = ((options.waitMs ?? STDIN_WAIT_MS) / 1000).toFixed(0);
    const note = `stdin is an open pipe with nothing in it after ${waited}s: going on without ` +
      `it (redirect it, e.g. < /dev/null, to skip the wait)`;
    return { content, notes: [note] };
  }
  const text = decode(read.bytes, "The input piped to run").trimEnd();
  if (!text.trim()) return { content, notes: [] };
  const notes: string[] = [];
  let header = "Input piped to this command (stdin):";
  if (read.truncated) {
    const kept = `the first ${formatBytes(read.bytes.length)}`;
    header = `Input piped to this command (stdin), cut off after ${kept}:`;
    notes.push(
      `stdin is over ${formatBytes(MAX_STDIN_BYTES)}: the model gets ${kept} and is told it ` +
        `was cut off`,
    );
  }
  content.push({ type: "text", text: `${header}\n<stdin>\n${text}\n</stdin>` });
  return { content, notes };
}

interface LimitedRead {
  bytes: Uint8Array;
  /** More than `limit` bytes were there. */
  truncated: boolean;
  /** Nothing, not even the end, came within the wait. */
  silent: boolean;
}

/** Reads up to `limit` bytes (cut at a character boundary); waits `waitMs` for the first. */
async function readLimited(
  readable: ReadableStream<Uint8Array>,
  limit: number,
  waitMs?: number,
): Promise<LimitedRead> {
  const reader = readable.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  try {
    let next = reader.read();
    if (waitMs !== undefined) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<"silent">((resolve) => {
        timer = setTimeout(() => resolve("silent"), waitMs);
      });
      const first = await Promise.race([next, timeout]);
      clearTimeout(timer);
      if (first === "silent") {
        next.catch(() => {}); // settled by the cancel below, or by the lock's release
        reader.cancel().catch(() => {});
        return { bytes: new Uint8Array(), truncated: false, silent: true };
      }
      next = Promise.resolve(first);
    }
    for (let r = await next; !r.done; r = await reader.read()) {
      chunks.push(r.value);
      size += r.value.length;
      if (size > limit) {
        truncated = true;
        reader.cancel().catch(() => {});
        break;
      }
    }
  } finally {
    reader.releaseLock();
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  if (!truncated) return { bytes: all, truncated, silent: false };
  let cut = limit;
  while (cut > 0 && (all[cut] & 0xc0) === 0x80) cut--; // not inside a UTF-8 sequence
  return { bytes: all.subarray(0, cut), truncated, silent: false };
}

function decode(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${what} is not UTF-8 text`);
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}
