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

/**
 * Whether a word as written holds a brace expansion bash performs before anything else
 * sees the word: an unquoted, unescaped `{…,…}` or `{x..y}` (`${…}` is a parameter). Bash
 * turns `ls < {/dev/tcp/h/p,}` into `ls < /dev/tcp/h/p` and `rm -rf .g{i,}t` into
 * `rm -rf .git .gt`, so such a word's text says nothing about what runs.
 */
export function hasBraceExpansion(raw: string): boolean {
  let masked = "";
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === "\\") {
      masked += "__";
      i++;
    } else if (ch === "'" || ch === '"') {
      const end = closingQuote(raw, i);
      masked += "_".repeat(end - i + 1);
      i = end;
    } else masked += ch === "{" && raw[i - 1] === "$" ? "_" : ch;
  }
  return /\{[^{}]*(,|\.\.)[^{}]*\}/.test(masked);
}

function closingQuote(raw: string, start: number): number {
  for (let i = start + 1; i < raw.length; i++) {
    if (raw[i] === "\\" && raw[start] === '"') i++;
    else if (raw[i] === raw[start]) return i;
  }
  return raw.length - 1;
}

/** At most this many words from one brace expansion are checked. */
export const MAX_BRACE_WORDS = 256;

/**
 * The words bash's brace expansion makes of `text` (lists, nested lists, and sequences of
 * numbers or letters), in bash's order; undefined when they would be more than
 * MAX_BRACE_WORDS (too many to check: the caller must treat the word as unknown).
 */
export function expandBraces(text: string): string[] | undefined {
  const out: string[] = [];
  return expandInto(text, out) ? out : undefined;
}

function expandInto(text: string, out: string[]): boolean {
  for (let open = text.indexOf("{"); open >= 0; open = text.indexOf("{", open + 1)) {
    if (text[open - 1] === "$") continue;
    const group = braceGroup(text, open);
    if (!group) continue;
    const alternatives = group.commas.length > 0
      ? splitAt(text, open, group.commas, group.close)
      : sequence(text.slice(open + 1, group.close));
    if (!alternatives) continue;
    const head = text.slice(0, open);
    const tail = text.slice(group.close + 1);
    return alternatives.every((alt) => expandInto(head + alt + tail, out));
  }
  return pushWord(text, out);
}

function pushWord(word: string, out: string[]): boolean {
  out.push(word);
  return out.length <= MAX_BRACE_WORDS;
}

/** The `}` closing the `{` at `open` and the commas at its own depth. */
function braceGroup(text: string, open: number): { close: number; commas: number[] } | undefined {
  const commas: number[] = [];
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return { close: i, commas };
    else if (text[i] === "," && depth === 1) commas.push(i);
  }
  return undefined;
}

function splitAt(text: string, open: number, commas: number[], close: number): string[] {
  const bounds = [open, ...commas, close];
  return bounds.slice(1).map((end, k) => text.slice(bounds[k] + 1, end));
}

/** `{1..10}`, `{10..1..2}`, `{a..z}`: the items, or undefined when bash leaves it as is. */
function sequence(body: string): string[] | undefined {
  const m = /^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?$/.exec(body);
  if (!m) return undefined;
  const numeric = /\d/.test(m[1]);
  if (numeric !== /\d/.test(m[2])) return undefined;
  const from = numeric ? Number(m[1]) : m[1].charCodeAt(0);
  const to = numeric ? Number(m[2]) : m[2].charCodeAt(0);
  const step = Math.max(1, Math.abs(Number(m[3] ?? 1)));
  const items: string[] = [];
  for (let v = from; from <= to ? v <= to : v >= to; v += from <= to ? step : -step) {
    items.push(numeric ? String(v) : String.fromCharCode(v));
    if (items.length > MAX_BRACE_WORDS) break;
  }
  return items;
}
