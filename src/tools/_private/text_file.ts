/**
 * Text decoding for the file tools: BOM, line endings, final newline, binary detection.
 *
 * A file is held as lines *with their own terminators*, so an edit rewrites only the
 * lines it touches: a mixed-EOL file keeps every untouched line byte for byte, and new
 * lines take the file's dominant ending.
 */

/** A text file split into lines, ready to edit and to encode back. */
export interface TextFile {
  /** The file started with a UTF-8 byte order mark (kept on write). */
  bom: boolean;
  /** Dominant line ending, used for lines the tools add. */
  eol: "\n" | "\r\n";
  /** Line contents without terminators. */
  lines: string[];
  /** Terminator of each line: "\n", "\r\n", or "" for a last line without one. */
  terms: string[];
}

const BOM = [0xef, 0xbb, 0xbf];
const SAMPLE_BYTES = 8192;

/** Whether `bytes` starts with a UTF-8 BOM. */
export function hasBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
}

/**
 * Whether `bytes` look binary: a NUL byte in the first 8 KB, or more than 10% of the
 * sample's characters invalid as UTF-8 (a few stray bytes in a text file do not count).
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  if (sample.includes(0)) return true;
  if (sample.length === 0) return false;
  // stream: true leaves a multi-byte character cut at the sample's end undecoded.
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(sample, { stream: true });
  let bad = 0;
  for (let i = text.indexOf("\uFFFD"); i !== -1; i = text.indexOf("\uFFFD", i + 1)) bad++;
  return bad > text.length * 0.1;
}

/** A short guess of what a binary file is, from its magic number and extension. */
export function guessBinaryType(bytes: Uint8Array, path: string): string {
  const head = Array.from(bytes.subarray(0, 8));
  const starts = (...sig: number[]) => sig.every((b, i) => head[i] === b);
  const ascii = new TextDecoder().decode(bytes.subarray(0, 8));
  if (starts(0x89, 0x50, 0x4e, 0x47)) return "PNG image";
  if (starts(0xff, 0xd8, 0xff)) return "JPEG image";
  if (ascii.startsWith("GIF8")) return "GIF image";
  if (ascii.startsWith("RIFF")) return "RIFF container (WebP/WAV/AVI)";
  if (ascii.startsWith("%PDF")) return "PDF document";
  if (starts(0x50, 0x4b, 0x03, 0x04)) return "ZIP archive (or jar/docx/xlsx)";
  if (starts(0x1f, 0x8b)) return "gzip archive";
  if (starts(0x7f, 0x45, 0x4c, 0x46)) return "ELF executable";
  if (starts(0x00, 0x61, 0x73, 0x6d)) return "WebAssembly module";
  if (ascii.startsWith("SQLite f")) return "SQLite database";
  if (starts(0xcf, 0xfa, 0xed, 0xfe) || starts(0xca, 0xfe, 0xba, 0xbe)) return "Mach-O executable";
  if (starts(0x4d, 0x5a)) return "Windows executable";
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(path)?.[1];
  return ext ? `binary data (.${ext.toLowerCase()})` : "binary data";
}

/** Human size: "532 B", "12.4 KB", "50.0 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Decodes a whole text file for editing. Returns `undefined` when the bytes are not
 * valid UTF-8: rewriting such a file would corrupt the bytes we cannot represent.
 */
export function decodeTextFile(bytes: Uint8Array): TextFile | undefined {
  const decoded = decodeUtf8(bytes);
  return decoded && splitText(decoded.text, decoded.bom);
}

/** Strict UTF-8 decoding without the BOM; `undefined` when the bytes are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): { text: string; bom: boolean } | undefined {
  const bom = hasBom(bytes);
  try {
    const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    return { text: decoder.decode(bom ? bytes.subarray(3) : bytes), bom };
  } catch {
    return undefined;
  }
}

/** The dominant line ending of `text` (CRLF only when it outnumbers lone LF). */
export function dominantEol(text: string): "\n" | "\r\n" {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? "\r\n" : "\n";
}

/** `text` with every CRLF turned into LF (no copy when there is no CR). */
export function toLf(text: string): string {
  return text.includes("\r") ? text.replace(/\r\n/g, "\n") : text;
}

/**
 * Lines `first..last` (1-based, clamped) of LF text and its line count, found by
 * scanning, without splitting the whole text.
 */
export function textLines(
  text: string,
  first: number,
  last: number,
): { lines: string[]; total: number } {
  const lines: string[] = [];
  let total = 0;
  for (let pos = 0; pos < text.length;) {
    const nl = text.indexOf("\n", pos);
    const end = nl === -1 ? text.length : nl;
    total++;
    if (total >= first && total <= last) lines.push(text.slice(pos, end));
    pos = end + 1;
  }
  return { lines, total };
}

/** Splits decoded text into lines and terminators. */
export function splitText(text: string, bom = false): TextFile {
  const lines: string[] = [];
  const terms: string[] = [];
  let crlf = 0;
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf("\n", start);
    if (nl === -1) {
      lines.push(text.slice(start));
      terms.push("");
      break;
    }
    const isCrlf = nl > start && text.charCodeAt(nl - 1) === 13;
    if (isCrlf) crlf++;
    lines.push(text.slice(start, isCrlf ? nl - 1 : nl));
    terms.push(isCrlf ? "\r\n" : "\n");
    start = nl + 1;
  }
  const lf = terms.filter((t) => t === "\n").length;
  return { bom, eol: crlf > lf ? "\r\n" : "\n", lines, terms };
}

/** Whether the file ends with a newline (an empty file counts as yes: new lines get one). */
export function hasFinalNewline(file: TextFile): boolean {
  return file.terms.length === 0 || file.terms[file.terms.length - 1] !== "";
}

/**
 * Splits the `content` argument of an edit into lines. One trailing newline is a line
 * terminator, not an extra empty line; "" means no lines at all.
 */
export function contentLines(content: string): string[] {
  if (content === "") return [];
  const normalized = content.replace(/\r\n/g, "\n");
  const body = normalized.endsWith("\n") ? normalized.slice(0, -1) : normalized;
  return body.split("\n");
}

/**
 * Replaces lines `start..start+deleteCount-1` (0-based) with `insert`, keeping the
 * terminators of untouched lines and the file's final-newline state.
 */
export function spliceLines(
  file: TextFile,
  start: number,
  deleteCount: number,
  insert: string[],
): TextFile {
  const finalNewline = hasFinalNewline(file);
  const lines = file.lines.slice();
  const terms = file.terms.slice();
  lines.splice(start, deleteCount, ...insert);
  terms.splice(start, deleteCount, ...insert.map(() => file.eol));
  for (let i = 0; i < terms.length - 1; i++) if (terms[i] === "") terms[i] = file.eol;
  if (terms.length) {
    const last = terms.length - 1;
    terms[last] = finalNewline ? (terms[last] || file.eol) : "";
  }
  return { ...file, lines, terms };
}

/** The file's text without BOM, with its own line endings. */
export function rawText(file: TextFile): string {
  let out = "";
  for (let i = 0; i < file.lines.length; i++) out += file.lines[i] + file.terms[i];
  return out;
}

/** The file's text with "\n" endings, as shown to the model and diffed. */
export function normalizedText(file: TextFile): string {
  if (!file.lines.length) return "";
  return file.lines.join("\n") + (hasFinalNewline(file) ? "\n" : "");
}

/** Encodes the file back to bytes, BOM included when it had one. */
export function encodeTextFile(file: TextFile): Uint8Array {
  return encodeText(rawText(file), file.bom);
}

/** Encodes text as UTF-8, with a BOM when asked. */
export function encodeText(text: string, bom: boolean): Uint8Array {
  const body = new TextEncoder().encode(text);
  if (!bom) return body;
  const out = new Uint8Array(body.length + 3);
  out.set(BOM);
  out.set(body, 3);
  return out;
}

/** Formats lines with their 1-based numbers: right-aligned number, a tab, the text. */
export function numberLines(lines: readonly string[], firstLine: number): string {
  const width = Math.max(6, String(firstLine + lines.length - 1).length);
  return lines.map((line, i) => `${String(firstLine + i).padStart(width)}\t${line}`).join("\n");
}
