/**
 * Streams a file once: hashes it, counts its lines and keeps only the bytes of the lines
 * asked for. Memory stays at one chunk plus the requested lines, whatever the file size.
 */
import { newHasher } from "./file_state.ts";
import { openRegular } from "./regular_file.ts";
import { hasBom, looksBinary } from "./text_file.ts";

const CHUNK = 1 << 20;

/** One line kept by {@link scanLines}. */
export interface ScannedLine {
  /** Its bytes, terminator included, cut at the per-line byte cap. */
  bytes: Uint8Array;
  /** Its whole length in bytes, terminator included (more than `bytes` when cut). */
  length: number;
}

/** Which lines to keep. */
export interface ScanRange {
  /** First line, 1-based. */
  first: number;
  /** Last line, inclusive. */
  last: number;
  /** Stop keeping lines once this many bytes are kept. */
  maxBytes: number;
  /** Keep at most this many bytes of one line. */
  maxLineBytes: number;
}

/** What {@link scanLines} found. */
export type ScanResult =
  | { binary: true; head: Uint8Array; size: number }
  | {
    binary: false;
    /** SHA-256 of the whole file. */
    hash: string;
    /** Lines in the file ("a\n" and "a" both have one). */
    total: number;
    /** Lines `first..last` that exist, until the byte cap. */
    lines: ScannedLine[];
    bom: boolean;
  };

/**
 * Reads `path` (a regular file: see regular_file.ts) in chunks, stopping on cancel. Lines are 1-based; a UTF-8 BOM is not part of line 1.
 * The first chunk decides whether the file is binary (then nothing more is read).
 * Every line is counted and hashed; only lines in `range` are kept.
 */
export async function scanLines(
  path: string,
  range: ScanRange,
  signal?: AbortSignal,
): Promise<ScanResult> {
  using file = (await openRegular(path, { signal })).file;
  const hasher = newHasher();
  const lines: ScannedLine[] = [];
  let kept = 0;
  let current: { parts: Uint8Array[]; kept: number; length: number } | undefined;
  let total = 0;
  let atLineStart = true;
  let bom = false;
  // One buffer for the whole scan: kept lines are copied out of it.
  const buffer = new Uint8Array(CHUNK);
  for (let index = 0;; index++) {
    signal?.throwIfAborted();
    const chunk = await readChunk(file, buffer);
    if (chunk.length === 0) break;
    let pos = 0;
    if (index === 0) {
      if (looksBinary(chunk)) {
        return { binary: true, head: chunk.slice(0, 64), size: (await file.stat()).size };
      }
      bom = hasBom(chunk);
      if (bom) pos = 3;
    }
    hasher.update(chunk);
    while (pos < chunk.length) {
      if (atLineStart) {
        total++;
        current = total >= range.first && total <= range.last && kept < range.maxBytes
          ? { parts: [], kept: 0, length: 0 }
          : undefined;
      }
      const nl = chunk.indexOf(10, pos);
      const end = nl === -1 ? chunk.length : nl + 1;
      if (current) {
        const take = Math.min(end - pos, range.maxLineBytes - current.kept);
        // A copy: the buffer is refilled by the next read.
        if (take > 0) current.parts.push(chunk.slice(pos, pos + take));
        current.kept += Math.max(take, 0);
        current.length += end - pos;
      }
      atLineStart = nl !== -1;
      if (current && atLineStart) {
        lines.push({ bytes: concat(current.parts), length: current.length });
        kept += current.kept;
        current = undefined;
      }
      pos = end;
    }
  }
  if (current) lines.push({ bytes: concat(current.parts), length: current.length });
  return { binary: false, hash: hasher.digest(), total, lines, bom };
}

/** Fills `buffer` (a short read is not the end); empty at end of file. */
async function readChunk(file: Deno.FsFile, buffer: Uint8Array): Promise<Uint8Array> {
  let filled = 0;
  while (filled < buffer.length) {
    const n = await file.read(buffer.subarray(filled));
    if (n === null) break;
    filled += n;
  }
  return buffer.subarray(0, filled);
}

function concat(pieces: Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0];
  if (pieces.length === 0) return new Uint8Array();
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
