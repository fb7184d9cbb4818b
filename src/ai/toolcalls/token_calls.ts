/**
 * Formats built from special tokens:
 *
 * - DeepSeek V3 / R1:
 *   `<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>NAME\n```json\n{...}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>`
 * - DeepSeek V3.1: `<｜tool▁call▁begin｜>NAME<｜tool▁sep｜>{...}<｜tool▁call▁end｜>`
 * - Kimi K2: `<|tool_calls_section_begin|><|tool_call_begin|>functions.NAME:0<|tool_call_argument_begin|>{...}<|tool_call_end|><|tool_calls_section_end|>`
 *
 * DeepSeek tokens are matched leniently (ASCII `|` for `｜`, `_` or space for `▁`)
 * because tokenizers and copy-paste alter them.
 *
 * Every call needs its end token and an opened section its end token: a message that
 * ends inside either was cut off, and nothing in it runs.
 */
import { cutOff, type Family, itemFor, malformed, unclosed } from "./errors.ts";
import { argsFromJson } from "./json_values.ts";
import { skipWs } from "./text_util.ts";
import { type Ctx, type Item, type Match, MORE, NONE } from "./types.ts";

/** Token names of one format, as regexes anchored at a position. */
interface Tokens {
  family: Family;
  sectionBegin: RegExp;
  sectionEnd: RegExp;
  callBegin: RegExp;
  sep: RegExp;
  callEnd: RegExp;
  /** Canonical spellings, for "could this be the start of a token" while streaming. */
  prefixes: string[];
  normalize(s: string): string;
}

function ds(words: string): RegExp {
  return new RegExp(`<[｜|]\\s*${words.split("_").join("[▁_ ]")}\\s*[｜|]>`, "y");
}

const DEEPSEEK: Tokens = {
  family: "deepseek",
  sectionBegin: ds("tool_calls_begin"),
  sectionEnd: ds("tool_calls_end"),
  callBegin: ds("tool_call_begin"),
  sep: ds("tool_sep"),
  callEnd: ds("tool_call_end"),
  prefixes: ["<|tool_calls_begin|>", "<|tool_call_begin|>"],
  normalize: (s) => s.replace(/｜/g, "|").replace(/▁/g, "_"),
};

function kimi(name: string): RegExp {
  return new RegExp(name.replace(/\|/g, "\\|"), "y");
}

const KIMI: Tokens = {
  family: "kimi",
  sectionBegin: kimi("<|tool_calls_section_begin|>"),
  sectionEnd: kimi("<|tool_calls_section_end|>"),
  callBegin: kimi("<|tool_call_begin|>"),
  sep: kimi("<|tool_call_argument_begin|>"),
  callEnd: kimi("<|tool_call_end|>"),
  prefixes: ["<|tool_calls_section_begin|>", "<|tool_call_begin|>"],
  normalize: (s) => s,
};

function at(re: RegExp, text: string, pos: number): number {
  re.lastIndex = pos;
  const m = re.exec(text);
  return m ? m[0].length : 0;
}

/** Index and length of the next match of a sticky token regex after `from`. */
function find(re: RegExp, text: string, from: number): [number, number] | null {
  const g = new RegExp(re.source, "g");
  g.lastIndex = from;
  const m = g.exec(text);
  return m ? [m.index, m[0].length] : null;
}

/** DeepSeek token calls at `pos`. */
export function matchDeepSeek(ctx: Ctx, pos: number): Match {
  return matchTokens(ctx, pos, DEEPSEEK);
}

/** Kimi K2 token calls at `pos`. */
export function matchKimi(ctx: Ctx, pos: number): Match {
  return matchTokens(ctx, pos, KIMI);
}

function matchTokens(ctx: Ctx, pos: number, tk: Tokens): Match {
  const t = ctx.text;
  let p = pos;
  const section = at(tk.sectionBegin, t, pos);
  if (section) p += section;
  else if (!at(tk.callBegin, t, pos)) {
    const rest = tk.normalize(t.slice(pos, pos + 40));
    const partial = !ctx.final && rest.length < 40 && tk.prefixes.some((x) => x.startsWith(rest));
    return partial ? MORE : NONE;
  }
  const items: Item[] = [];
  for (;;) {
    const q = skipWs(t, p);
    if (q >= t.length) {
      if (!ctx.final) return MORE;
      if (section) return cut(t.length, "its closing tool-calls-end token");
      p = t.length;
      break;
    }
    const endLen = at(tk.sectionEnd, t, q);
    if (endLen) {
      p = q + endLen;
      break;
    }
    const begin = at(tk.callBegin, t, q);
    if (!begin) {
      if (!ctx.final && t.length - q < 30 && t[q] === "<") return MORE;
      if (section) {
        const raw = t.slice(pos, q);
        return region(q, [unclosed(ctx, tk.family, raw, "its tool-calls-end token", false)]);
      }
      break;
    }
    const stop = callStop(t, q + begin, tk);
    if (!stop && !ctx.final) return MORE;
    if (!stop) return cut(t.length, "its tool-call-end token");
    const raw = t.slice(q, stop.next);
    if (stop.kind === "next call") {
      items.push(unclosed(ctx, tk.family, raw, "its tool-call-end token", false));
    } else items.push(readCall(ctx, tk, t.slice(q + begin, stop.at), raw));
    p = stop.next;
  }
  return region(p, items);

  function cut(end: number, missing: string): Match {
    const inner = items.at(-1);
    const keep = inner && "error" in inner && inner.error.kind === "truncated";
    return region(end, [keep ? inner : cutOff(ctx, tk.family, t.slice(pos), missing)]);
  }
}

function region(end: number, items: Item[]): Match {
  return { kind: "region", end, items };
}

/**
 * Where a call's arguments stop: its end token (consumed), the section's end (left
 * for the loop), or the next call's begin token (the end token is missing).
 */
function callStop(t: string, from: number, tk: Tokens) {
  const close = find(tk.callEnd, t, from);
  const section = find(tk.sectionEnd, t, from);
  const next = find(tk.callBegin, t, from);
  const first = [close, section, next].filter((x) => x !== null).sort((a, b) => a[0] - b[0])[0];
  if (!first) return null;
  if (first === close) return { kind: "end", at: first[0], next: first[0] + first[1] };
  if (first === section) return { kind: "section", at: first[0], next: first[0] };
  return { kind: "next call", at: first[0], next: first[0] };
}

/** One call between call-begin and call-end. */
function readCall(ctx: Ctx, tk: Tokens, inner: string, raw: string): Item {
  const sep = find(tk.sep, inner, 0);
  let name: string;
  let rest: string;
  if (sep) {
    name = inner.slice(0, sep[0]).trim();
    rest = inner.slice(sep[0] + sep[1]);
  } else {
    // Kimi K2 leaking `functions.NAME:0 {...}` without its separator (vllm-project/vllm#31207).
    const bare = tk.family === "kimi" ? /^\s*(\S+?:\d+)\s*(\{[\s\S]*)$/.exec(inner) : null;
    if (!bare) return malformed(ctx, tk.family, raw, "the separator token is missing");
    [, name, rest] = bare;
  }
  if (tk.family === "deepseek" && (name === "function" || name === "")) {
    // V3 / R1: the type comes first and the name follows the separator, then a fenced block.
    const nl = rest.search(/\n|```|\{/);
    name = (nl < 0 ? rest : rest.slice(0, nl)).trim();
    rest = nl < 0 ? "" : rest.slice(nl);
  }
  if (tk.family === "kimi") name = name.replace(/^functions\./, "").replace(/:\d+$/, "");
  const body = rest.trim().replace(/^```(?:json)?\s*/, "").replace(/\s*```$/, "").trim();
  return itemFor(ctx, tk.family, raw, name, argsFromJson(body, true));
}

const KIMI_FRAGMENT = /(?:functions\.)?([\w.-]+):\d+\s*(?=<\|tool_call_argument_begin\|>)/y;

/**
 * A leaked fragment of a Kimi K2 call: the server dropped the section and call-begin
 * tokens, leaving `NAME:0<|tool_call_argument_begin|>{...}` and an end token, as seen
 * from Fireworks' Kimi K2 (typeclaw/typeclaw#344). Only a known tool's name counts.
 */
export function matchKimiFragment(ctx: Ctx, pos: number): Match {
  const t = ctx.text;
  KIMI_FRAGMENT.lastIndex = pos;
  const m = KIMI_FRAGMENT.exec(t);
  if (!m || !ctx.resolve(m[1])) return NONE;
  const stop = callStop(t, pos + m[0].length, KIMI);
  if (!stop && !ctx.final) return MORE;
  if (!stop) {
    return region(t.length, [cutOff(ctx, "kimi", t.slice(pos), "its tool-call-end token", m[1])]);
  }
  const raw = t.slice(pos, stop.next);
  if (stop.kind === "next call") {
    return region(stop.next, [unclosed(ctx, "kimi", raw, "its tool-call-end token", false, m[1])]);
  }
  // The section's end closes a fragment too: consume it, there is no section to close.
  const end = stop.kind === "section" ? stop.next + at(KIMI.sectionEnd, t, stop.next) : stop.next;
  return region(end, [readCall(ctx, KIMI, t.slice(pos, stop.at), t.slice(pos, end))]);
}
