/**
 * The values of bash words as bash computes them: quote removal for unquoted words and
 * double-quoted strings, escape decoding for `$'…'`, and the check that an unquoted word
 * holds only characters with no special meaning (so the parser and bash cannot disagree
 * about where it ends).
 */

/** Characters that mean nothing special to bash inside an unquoted word. */
const PLAIN_ASCII = /[A-Za-z0-9_\-.\/:,@%+=~*?\[\]^!{}#]/;
/** Non-ASCII letters, digits, marks, punctuation and symbols (not spaces or controls). */
const PLAIN_OTHER = /[\p{L}\p{N}\p{M}\p{P}\p{S}]/u;

/**
 * Whether an unquoted word (as written) holds only plain characters and backslash
 * escapes. Quotes, `$`, backticks, blanks, operators and controls make it not plain.
 */
export function isPlainWord(raw: string): boolean {
  if (raw === "") return false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === "\\") {
      if (++i >= raw.length) return false;
      continue;
    }
    if (ch.charCodeAt(0) < 0x80 ? !PLAIN_ASCII.test(ch) : !PLAIN_OTHER.test(ch)) return false;
  }
  return true;
}

/** The value of an unquoted word: `\x` is `x`, a backslash-newline disappears. */
export function unquotedValue(raw: string): string {
  return raw.replace(/\\(\n|[\s\S])?/g, (_, ch: string | undefined) => ch === "\n" ? "" : ch ?? "");
}

/**
 * The value of the text between double quotes, or undefined when it holds an unescaped
 * `$` or backtick (an expansion, known only at run time).
 */
export function doubleQuotedValue(content: string): string | undefined {
  let out = "";
  for (let i = 0; i < content.length; i++) {
    const ch = content[i];
    if (ch === "$" || ch === "`") return undefined;
    if (ch === "\\" && i + 1 < content.length && '$`"\\\n'.includes(content[i + 1])) {
      const next = content[++i];
      if (next !== "\n") out += next;
      continue;
    }
    out += ch;
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  e: "\x1b",
  E: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "?": "?",
};

/** The value of a `$'…'` word (as written, `$'` and `'` included), escapes decoded. */
export function ansiCValue(raw: string): string {
  const body = raw.slice(2, -1);
  return body.replace(
    /\\(x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|[0-7]{1,3}|c.|[\s\S])/g,
    (all, esc: string) => {
      if (esc in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[esc];
      const kind = esc[0];
      if (kind === "x" || kind === "u" || kind === "U") {
        const code = parseInt(esc.slice(1), 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : all;
      }
      if (/^[0-7]/.test(esc)) return String.fromCharCode(parseInt(esc, 8) & 0xff);
      if (kind === "c" && esc.length === 2) {
        return String.fromCharCode(esc.charCodeAt(1) & 0x1f);
      }
      return all; // bash keeps an unknown escape as written
    },
  );
}
