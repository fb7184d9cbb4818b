/**
 * Gemma 4's calls, between its special tokens:
 * - `<|tool_call>call:get_weather{city:<|"|>Paris<|"|>,days:3}<tool_call|>`: bare keys,
 *   strings quoted with the `<|"|>` token (ml-explore/mlx-lm#1105);
 * - `<|tool_call>call:get_weather(city="Tokyo", unit="celsius")`: the Python-style form it
 *   falls back to under long prompts (waybarrios/vllm-mlx#622).
 * (Its older ```` ```tool_code ```` fence and bare `name(k=v)` lines are in pythonic.ts.)
 *
 * The call is complete when its braces or parentheses close; `<tool_call|>` after it is
 * consumed when present. A call the message ends inside is cut off, never run.
 */
import { cutOff, itemFor } from "./errors.ts";
import { argsFromJson } from "./json_values.ts";
import { parsePythonCalls } from "./pythonic.ts";
import { lit, skipWs } from "./text_util.ts";
import { type Ctx, type Item, type Match, MORE, NONE } from "./types.ts";

const OPEN = "<|tool_call>";
const CLOSE = "<tool_call|>";
const QUOTE = '<|"|>';
const NAME = /call:([A-Za-z_][\w.-]*)/y;

/** A Gemma 4 call at `pos`. */
export function matchGemma4(ctx: Ctx, pos: number): Match {
  const r = lit(ctx, pos, OPEN);
  if (r !== "yes") return r === "more" ? MORE : NONE;
  const t = ctx.text;
  const q = skipWs(t, pos + OPEN.length);
  NAME.lastIndex = q;
  const m = NAME.exec(t);
  if (!m) {
    if (
      !ctx.final && t.length - q < 60 && /^(?:c(?:a(?:l(?:l(?::[\w.-]*)?)?)?)?)?$/.test(t.slice(q))
    ) {
      return MORE;
    }
    return { kind: "region", end: pos + OPEN.length, items: [] }; // a stray token
  }
  const name = m[1];
  const b = q + m[0].length;
  if (b >= t.length) return ctx.final ? cut() : MORE;
  let item: Item;
  let end: number;
  if (t[b] === "(" && ctx.resolve(name)) {
    const sub = parsePythonCalls(ctx, q + "call:".length, false);
    if (sub === "more") return MORE;
    if (sub === null || "error" in sub.items[0]) return sub ? region(sub.end, sub.items) : cut();
    item = sub.items[0];
    end = sub.end;
  } else if (t[b] === "{" || t[b] === "(") {
    const close = balancedEnd(t, b);
    if (close < 0) return ctx.final ? cut() : MORE;
    const read = t[b] === "{" ? argsFromJson(toJson(t.slice(b, close)), true) : { args: {} };
    item = itemFor(ctx, "pythonic", t.slice(pos, close), name, read); // `(`: an unknown tool

    end = close;
  } else return region(b, [itemFor(ctx, "pythonic", t.slice(pos, b), name, { args: {} })]);
  const s = skipWs(t, end);
  const c = lit(ctx, s, CLOSE);
  if (c === "more" || (s >= t.length && !ctx.final)) return MORE;
  return region(c === "yes" ? s + CLOSE.length : end, [item]);

  function cut(): Match {
    return region(t.length, [cutOff(ctx, "pythonic", t.slice(pos), "its closing brace", name)]);
  }
}

function region(end: number, items: Item[]): Match {
  return { kind: "region", end, items };
}

/** Index past the bracket that closes the one at `start` (strings skipped), or -1. */
function balancedEnd(t: string, start: number): number {
  let depth = 0;
  for (let i = start; i < t.length; i++) {
    const quote = t.startsWith(QUOTE, i) ? QUOTE : t[i] === '"' || t[i] === "'" ? t[i] : "";
    if (quote) {
      const close = t.indexOf(quote, i + quote.length);
      if (close < 0) return -1;
      i = close + quote.length - 1;
    } else if ("{[(".includes(t[i])) depth++;
    else if ("}])".includes(t[i])) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Gemma's argument syntax as JSON: `<|"|>`-quoted strings become JSON strings. */
function toJson(body: string): string {
  let out = "";
  for (let i = 0; i < body.length;) {
    if (body.startsWith(QUOTE, i)) {
      const close = body.indexOf(QUOTE, i + QUOTE.length);
      out += JSON.stringify(body.slice(i + QUOTE.length, close));
      i = close + QUOTE.length;
    } else out += body[i++];
  }
  return out; // bare keys remain: the repair quotes them, keeping every value
}
