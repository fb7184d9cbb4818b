/**
 * Reading a JSON config file: a missing file is fine, a denied read is reported as
 * such, and invalid JSON becomes a ConfigError with the file, line and column.
 */
import { ConfigError } from "../errors.ts";
import { CONFIG_FILE_MAX_BYTES, readProjectFile, tooBig } from "./project_file.ts";

/** Outcome of reading one config file. */
export type JsonFileResult =
  | { status: "ok"; data: unknown }
  | { status: "missing" }
  | { status: "denied"; reason: string }
  /** Not read for safety (project_file.ts): a symlink out, a FIFO or device, too big. */
  | { status: "refused"; reason: string };

/**
 * Reads and parses `path`; throws ConfigError on invalid JSON or an unreadable file.
 * `within`: the project directory, for a project's own file (its symlinks must stay
 * inside); undefined for the user's files.
 */
export async function readJsonFile(path: string, within?: string): Promise<JsonFileResult> {
  let read;
  try {
    read = await readProjectFile(path, { within, maxBytes: CONFIG_FILE_MAX_BYTES });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new ConfigError(`Cannot read config "${path}": ${detail}`, { cause: err });
  }
  if (read.status !== "ok") return read;
  if (read.truncated) return { status: "refused", reason: tooBig(CONFIG_FILE_MAX_BYTES) };
  return { status: "ok", data: parseJsonText(read.text, path) };
}

/** Parses JSON text named `source` (a path or an env var name) with a located error. */
export function parseJsonText(text: string, source: string): unknown {
  // A UTF-8 byte order mark is common in files written on Windows.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (err) {
    const offset = jsonErrorOffset(body);
    const { line, column } = lineColumn(body, offset);
    const what = offset >= body.length ? "unexpected end of input" : describeAt(body, offset);
    throw new ConfigError(
      `Invalid JSON in "${source}" at line ${line}, column ${column}: ${what}`,
      { cause: err },
    );
  }
}

function describeAt(text: string, offset: number): string {
  return `unexpected ${JSON.stringify(text[offset])}`;
}

/** 1-based line and column of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Offset of the first JSON syntax error in `text` (text.length for a premature end).
 * V8's messages give a position only for some errors, so we scan ourselves.
 */
export function jsonErrorOffset(text: string): number {
  const scanner = new Scanner(text);
  try {
    scanner.value();
    scanner.ws();
    if (scanner.pos < text.length) return scanner.pos;
  } catch (err) {
    if (err instanceof ScanError) return err.pos;
    throw err;
  }
  return text.length;
}

class ScanError extends Error {
  constructor(readonly pos: number) {
    super(`JSON syntax error at ${pos}`);
  }
}

class Scanner {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(): never {
    throw new ScanError(this.pos);
  }

  ws(): void {
    while (this.pos < this.text.length && " \t\n\r".includes(this.text[this.pos])) this.pos++;
  }

  expect(ch: string): void {
    if (this.text[this.pos] !== ch) this.fail();
    this.pos++;
  }

  value(): void {
    this.ws();
    const ch = this.text[this.pos];
    if (ch === "{") return this.object();
    if (ch === "[") return this.array();
    if (ch === '"') return this.string();
    if (ch === "-" || (ch >= "0" && ch <= "9")) return this.number();
    for (const word of ["true", "false", "null"]) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return;
      }
    }
    this.fail();
  }

  object(): void {
    this.expect("{");
    this.ws();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return;
    }
    for (;;) {
      this.ws();
      this.string();
      this.ws();
      this.expect(":");
      this.value();
      this.ws();
      if (this.text[this.pos] === ",") {
        this.pos++;
        continue;
      }
      this.expect("}");
      return;
    }
  }

  array(): void {
    this.expect("[");
    this.ws();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return;
    }
    for (;;) {
      this.value();
      this.ws();
      if (this.text[this.pos] === ",") {
        this.pos++;
        continue;
      }
      this.expect("]");
      return;
    }
  }

  string(): void {
    this.expect('"');
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos];
      if (ch === '"') {
        this.pos++;
        return;
      }
      if (ch < " ") this.fail();
      if (ch === "\\") {
        this.pos++;
        const esc = this.text[this.pos];
        if (esc === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 1, this.pos + 5))) this.fail();
          this.pos += 4;
        } else if (!esc || !'"\\/bfnrt'.includes(esc)) this.fail();
      }
      this.pos++;
    }
    this.fail();
  }

  number(): void {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.pos));
    if (!match) this.fail();
    this.pos += match[0].length;
  }
}
