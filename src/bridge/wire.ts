/**
 * The editor's stdio as an ACP stream: newline-delimited JSON-RPC (the SDK's framing),
 * with one rule the SDK lacks. The SDK ends the whole connection when a line passes its
 * size limit, so one oversized message (a huge embedded file, a broken client) would end
 * every session. Here such a line is dropped as it arrives, never buffered past the
 * limit, and answered with an Invalid Request error — carrying the request's id when the
 * line's start names one, so the editor's request does not wait forever — and the
 * connection goes on.
 */
import * as acp from "@agentclientprotocol/sdk";

/** The longest line read (the SDK's own default limit): 32 MiB. */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

/** How much of an oversized line is kept to find its request id. */
const HEAD_BYTES = 4096;

const NEWLINE = 0x0a;

/** A line over the limit: its first bytes and its whole length. */
export interface TooLongLine {
  head: Uint8Array;
  bytes: number;
}

/** The agent's side of the connection over `input` / `output`. */
export function stdioStream(
  output: WritableStream<Uint8Array>,
  input: ReadableStream<Uint8Array>,
  maxLineBytes = MAX_LINE_BYTES,
): acp.Stream {
  let answer = (_line: TooLongLine) => {};
  const lines = input.pipeThrough(boundedLines(maxLineBytes, (line) => answer(line)));
  // The SDK's limit is never reached: no line longer than ours gets through.
  const wire = acp.ndJsonStream(output, lines, { maxMessageBytes: maxLineBytes + 1 });
  // One writer for the connection's messages and these answers, so they never interleave.
  const writer = wire.writable.getWriter();
  answer = (line) => {
    writer.write(tooLongAnswer(line, maxLineBytes)).catch(() => {});
  };
  return {
    readable: wire.readable,
    writable: new WritableStream({
      write: (message) => writer.write(message),
      close: () => writer.close(),
      abort: (reason) => writer.abort(reason),
    }),
  };
}

/**
 * Passes whole lines (each with its newline) of at most `maxBytes` bytes; a longer one
 * is dropped as it arrives and reported to `onTooLong` once it ends.
 */
export function boundedLines(
  maxBytes: number,
  onTooLong: (line: TooLongLine) => void,
): TransformStream<Uint8Array, Uint8Array> {
  let pieces: Uint8Array[] = [];
  let size = 0;
  let head: Uint8Array | undefined;
  const add = (piece: Uint8Array) => {
    size += piece.byteLength;
    if (head) return;
    if (size <= maxBytes) {
      if (piece.byteLength) pieces.push(piece);
      return;
    }
    head = concat([...pieces, piece], HEAD_BYTES);
    pieces = [];
  };
  const end = (controller: TransformStreamDefaultController<Uint8Array>, newline: boolean) => {
    if (head) onTooLong({ head, bytes: size });
    else if (pieces.length || newline) {
      controller.enqueue(concat(newline ? [...pieces, Uint8Array.of(NEWLINE)] : pieces));
    }
    pieces = [];
    size = 0;
    head = undefined;
  };
  return new TransformStream({
    transform(chunk, controller) {
      let start = 0;
      for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, start)) {
        add(chunk.subarray(start, at));
        end(controller, true);
        start = at + 1;
      }
      add(chunk.subarray(start));
    },
    flush(controller) {
      end(controller, false);
    },
  });
}

/** The error an oversized line gets. */
export function tooLongAnswer(line: TooLongLine, maxBytes: number): acp.AnyMessage {
  return {
    jsonrpc: "2.0",
    id: requestIdOf(new TextDecoder().decode(line.head)),
    error: {
      code: -32600,
      message: `Invalid request: a message of ${line.bytes} bytes is over the ${
        maxBytes / 1024 / 1024
      } MiB limit and was not read (attach large files as resource links, not embedded)`,
    },
  };
}

/**
 * The `id` of a JSON-RPC request from the start of its line (the rest was not kept):
 * the value of the top-level `id` key when it comes before the line is cut, else null.
 */
export function requestIdOf(start: string): string | number | null {
  const text = start.trimStart();
  if (text[0] !== "{") return null;
  let at = 1;
  while (at < text.length) {
    const key = /^\s*("(?:[^"\\]|\\.)*")\s*:\s*/.exec(text.slice(at));
    if (!key) return null;
    at += key[0].length;
    const valueEnd = skipValue(text, at);
    if (valueEnd === undefined) return null;
    if (JSON.parse(key[1]) === "id") return idValue(text.slice(at, valueEnd));
    const comma = /^\s*,/.exec(text.slice(valueEnd));
    if (!comma) return null;
    at = valueEnd + comma[0].length;
  }
  return null;
}

function idValue(token: string): string | number | null {
  try {
    const value = JSON.parse(token);
    return typeof value === "string" || (typeof value === "number" && Number.isFinite(value))
      ? value
      : null;
  } catch {
    return null;
  }
}

/** Where the JSON value starting at `from` ends, or undefined when the text ends first. */
function skipValue(text: string, from: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let at = from; at < text.length; at++) {
    const char = text[at];
    if (inString) {
      if (char === "\\") at++;
      else if (char === '"') {
        inString = false;
        if (depth === 0) return at + 1;
      }
    } else if (char === '"') inString = true;
    else if (char === "{" || char === "[") depth++;
    else if (char === "}" || char === "]") {
      if (depth === 0) return at;
      if (--depth === 0) return at + 1;
    } else if (depth === 0 && (char === "," || /\s/.test(char))) return at;
  }
  return undefined;
}

/** The parts joined, at most `limit` bytes of them. */
function concat(parts: Uint8Array[], limit = Infinity): Uint8Array {
  if (parts.length === 1 && parts[0].byteLength <= limit) return parts[0];
  const out = new Uint8Array(Math.min(limit, parts.reduce((n, p) => n + p.byteLength, 0)));
  let at = 0;
  for (const part of parts) {
    if (at === out.byteLength) break;
    const taken = part.subarray(0, out.byteLength - at);
    out.set(taken, at);
    at += taken.byteLength;
  }
  return out;
}
