/**
 * Reading JSON as models write it, without parsing it: what is still open at its end,
 * and whether a JSON repair provably kept the model's content.
 *
 * A repair may fix syntax: quotes around keys, single quotes, trailing commas, a
 * missing comma or colon, Python literals (`True`, `None`), comments, a stray or a
 * missing bracket. It must not change or invent a value: the rule is that the
 * repaired JSON holds exactly the strings (keys and values) and the scalars
 * (numbers, booleans, null) that the source spells out, in the same order, with the
 * same content. Anything the lexer below cannot account for (a bare word, `+`,
 * `...`, an unterminated string, an unknown escape such as `\d`) makes the repair
 * unprovable. So `{"content": "He said "hi""}` repairs to one string where the source
 * spells three: a guess, refused where guesses may not run (write and execute tools).
 */

/** A value-bearing token: a string's decoded content or a scalar's canonical form. */
type Token = string;

const WORDS: Record<string, string> = {
  true: "b:true",
  True: "b:true",
  false: "b:false",
  False: "b:false",
  null: "null",
  None: "null",
};

const ESCAPES: Record<string, string> = {
  '"': '"',
  "'": "'",
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENT = /[A-Za-z_$][\w$]*/y;

/** Reads a quoted string at `i`: its decoded content and end, or null when unprovable. */
function readString(text: string, i: number): { value: string; end: number } | null {
  const quote = text[i];
  let out = "";
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === quote) return { value: out, end: j + 1 };
    if (c !== "\\") {
      out += c;
      continue;
    }
    const n = text[j + 1];
    if (n === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
      out += String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16));
      j += 5;
    } else if (n !== undefined && n in ESCAPES) {
      out += ESCAPES[n];
      j++;
    } else return null; // an escape JSON does not have: a repair would drop or keep the backslash
  }
  return null; // unterminated
}

/**
 * The value tokens of `text` read leniently (single quotes, bare keys, Python words,
 * comments), or null when something in it has no provable meaning.
 */
export function lenientTokens(text: string): Token[] | null {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c) || "{}[]:,".includes(c)) {
      i++;
      continue;
    }
    if (c === "/" && text[i + 1] === "/") {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl + 1;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) return null;
      i = end + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      const s = readString(text, i);
      if (!s) return null;
      out.push(`s:${s.value}`);
      i = s.end;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num) {
      out.push(`n:${Number(num[0])}`);
      i += num[0].length;
      continue;
    }
    IDENT.lastIndex = i;
    const word = IDENT.exec(text);
    if (!word) return null;
    const after = text.slice(i + word[0].length).match(/^\s*(.)/)?.[1];
    if (after === ":") out.push(`s:${word[0]}`); // a bare key
    else if (word[0] in WORDS) out.push(WORDS[word[0]]);
    else return null; // a bare value: the repair would guess its type and content
    i += word[0].length;
  }
  return out;
}

/** The value tokens of valid JSON text, in source order (duplicate keys included). */
function jsonTokens(json: string): Token[] {
  const out: Token[] = [];
  const re = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/g;
  for (const m of json.matchAll(re)) {
    const t = m[0];
    if (t[0] === '"') out.push(`s:${JSON.parse(t)}`);
    else if (t === "true" || t === "false") out.push(`b:${t}`);
    else if (t === "null") out.push("null");
    else out.push(`n:${Number(t)}`);
  }
  return out;
}

/**
 * True when `repaired` (valid JSON produced from `source` by a repair) holds exactly
 * the strings and scalars that `source` spells out, in order: the repair changed
 * syntax only.
 */
export function repairKeptContent(source: string, repaired: string): boolean {
  const before = lenientTokens(source);
  if (!before) return false;
  const after = jsonTokens(repaired);
  return before.length === after.length && before.every((t, i) => t === after[i]);
}

/**
 * The strings, brackets and braces still open at the end of `text`: `quote` is the
 * open string's quote, `stack` the closers owed, outermost first. Strings in double or
 * single quotes (Python-style dicts) count, with backslash escapes.
 */
export function openAtEnd(text: string): { quote?: string; stack: string[] } {
  const stack: string[] = [];
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "{" || c === "[") stack.push(c === "{" ? "}" : "]");
    else if ((c === "}" || c === "]") && stack.at(-1) === c) stack.pop();
  }
  return { quote, stack };
}
