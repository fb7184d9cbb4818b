/**
 * Python-style calls:
 * - Llama 3.2 / Llama 4 zero-shot format: `[get_weather(city="Paris"), get_time(tz="CET")]`
 * - after Llama's `<|python_tag|>`: `get_weather(city="Paris")` or `brave_search.call(query="x")`
 * - Gemma's fenced `tool_code` block: ```` ```tool_code\nget_weather(city="Paris")\n``` ````
 * - the same bare on a line of its own, as Gemma and other models write it without the
 *   fence (andrewyng/aisuite#339, amd/gaia#2573)
 * - LFM2's `<|tool_call_start|>[get_weather(location="Paris")]<|tool_call_end|>` (the
 *   wrapper is in wrappers.ts; raullenchai/Rapid-MLX#1076)
 *
 * Only keyword arguments with Python literal values are accepted, and the first
 * name must be a known tool, so ordinary bracketed prose is never a call. A list
 * the message ends inside (no `]`) was cut off.
 */
import { cutOff, itemFor } from "./errors.ts";
import { skipWs } from "./text_util.ts";
import type { Ctx, Item, Match } from "./types.ts";
import { MORE, NONE } from "./types.ts";
import type { Sub } from "./xml_calls.ts";

type Read = { value: unknown; end: number } | "more" | null;

const NAME = /[A-Za-z_][\w.]*/y;
const NUM = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const WORDS: Record<string, unknown> = {
  True: true,
  False: false,
  None: null,
  true: true,
  false: false,
  null: null,
};
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0" };

function readString(ctx: Ctx, p: number): Read {
  const t = ctx.text;
  const q = t[p];
  let out = "";
  for (let i = p + 1; i < t.length; i++) {
    const c = t[i];
    if (c === "\\") {
      const n = t[i + 1];
      if (n === undefined) break;
      if (n === "u" && /^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(t.slice(i + 2, i + 6), 16));
        i += 5;
      } else {
        out += ESCAPES[n] ?? n;
        i++;
      }
    } else if (c === q) return { value: out, end: i + 1 };
    else out += c;
  }
  return ctx.final ? null : "more";
}

function readSeq(ctx: Ctx, p: number, close: string, dict: boolean): Read {
  const t = ctx.text;
  const arr: unknown[] = [];
  const obj: Record<string, unknown> = {};
  let q = skipWs(t, p + 1);
  for (;;) {
    if (q >= t.length) return ctx.final ? null : "more";
    if (t[q] === close) return { value: dict ? obj : arr, end: q + 1 };
    const first = readValue(ctx, q);
    if (first === null || first === "more") return first;
    q = skipWs(t, first.end);
    if (dict) {
      if (q >= t.length) return ctx.final ? null : "more";
      if (t[q] !== ":") return null;
      const v = readValue(ctx, skipWs(t, q + 1));
      if (v === null || v === "more") return v;
      obj[String(first.value)] = v.value;
      q = skipWs(t, v.end);
    } else arr.push(first.value);
    if (q >= t.length) return ctx.final ? null : "more";
    if (t[q] === ",") q = skipWs(t, q + 1);
    else if (t[q] !== close) return null;
  }
}

/** A Python literal at `p`. */
function readValue(ctx: Ctx, p: number): Read {
  const t = ctx.text;
  if (p >= t.length) return ctx.final ? null : "more";
  const c = t[p];
  if (c === '"' || c === "'") return readString(ctx, p);
  if (c === "[") return readSeq(ctx, p, "]", false);
  if (c === "{") return readSeq(ctx, p, "}", true);
  NUM.lastIndex = p;
  const num = NUM.exec(t);
  if (num) {
    if (num.index + num[0].length >= t.length && !ctx.final) return "more";
    return { value: Number(num[0]), end: p + num[0].length };
  }
  NAME.lastIndex = p;
  const word = NAME.exec(t);
  if (word && word[0] in WORDS) {
    if (p + word[0].length >= t.length && !ctx.final) return "more";
    return { value: WORDS[word[0]], end: p + word[0].length };
  }
  if (word && p + word[0].length >= t.length && !ctx.final) return "more";
  return null;
}

/** `name(k=v, ...)` at `p` (the name must already be checked by the caller). */
function readCall(
  ctx: Ctx,
  p: number,
): { name: string; args: Record<string, unknown>; end: number } | "more" | null {
  const t = ctx.text;
  if (p >= t.length) return ctx.final ? null : "more";
  NAME.lastIndex = p;
  const m = NAME.exec(t);
  if (!m) return null;
  let q = p + m[0].length;
  if (q >= t.length) return ctx.final ? null : "more";
  if (t[q] !== "(") return null;
  const args: Record<string, unknown> = {};
  q = skipWs(t, q + 1);
  for (;;) {
    if (q >= t.length) return ctx.final ? null : "more";
    if (t[q] === ")") return { name: m[0].replace(/\.call$/, ""), args, end: q + 1 };
    NAME.lastIndex = q;
    const key = NAME.exec(t);
    if (!key) return null;
    q = skipWs(t, q + key[0].length);
    if (q >= t.length) return ctx.final ? null : "more";
    if (t[q] !== "=") return null;
    const v = readValue(ctx, skipWs(t, q + 1));
    if (v === null || v === "more") return v;
    args[key[0]] = v.value;
    q = skipWs(t, v.end);
    if (q >= t.length) return ctx.final ? null : "more";
    if (t[q] === ",") q = skipWs(t, q + 1);
    else if (t[q] !== ")") return null;
  }
}

/** Whether a known tool name followed by `(` starts at `p`: "yes", "no" or "more". */
function knownCallStart(ctx: Ctx, p: number): "yes" | "no" | "more" {
  const t = ctx.text;
  NAME.lastIndex = p;
  const m = NAME.exec(t);
  if (!m) return "no";
  const end = p + m[0].length;
  if (end >= t.length) {
    if (ctx.final) return "no";
    return ctx.toolNames.some((n) => n.startsWith(m[0]) || m[0].startsWith(n)) ? "more" : "no";
  }
  return t[end] === "(" && ctx.resolve(m[0].replace(/\.call$/, "")) ? "yes" : "no";
}

/** Calls separated by commas (in a list) or by newlines/semicolons (bare), from `p`. */
export function parsePythonCalls(ctx: Ctx, p: number, list: boolean): Sub {
  const t = ctx.text;
  const start = knownCallStart(ctx, p);
  if (start !== "yes") return start === "more" ? "more" : null;
  const items: Item[] = [];
  let q = p;
  for (;;) {
    const call = readCall(ctx, q);
    if (call === "more") return "more";
    if (call === null) {
      if (items.length) return { end: q, items };
      // A known tool's call the message ends inside: cut off, never guessed at.
      return ctx.final && readCall({ ...ctx, final: false }, q) === "more"
        ? {
          end: t.length,
          items: [cutOff(ctx, "pythonic", t.slice(p), "its closing `)`", nameAt(t, q))],
        }
        : null;
    }
    items.push(itemFor(ctx, "pythonic", t.slice(q, call.end), call.name, { args: call.args }));
    q = call.end;
    const s = skipWs(t, q);
    if (s >= t.length) {
      if (!ctx.final) return "more";
      if (!list) return { end: q, items };
      return { end: t.length, items: [cutOff(ctx, "pythonic", t.slice(p), "its closing `]`")] };
    }
    if (list) {
      if (t[s] === "]") return { end: s + 1, items };
      if (t[s] !== ",") return null;
      q = skipWs(t, s + 1);
      continue;
    }
    const next = t[s] === ";" ? skipWs(t, s + 1) : s;
    const more = knownCallStart(ctx, next);
    if (more === "more") return "more";
    if (more === "no") return { end: t[s] === ";" ? s + 1 : q, items };
    q = next;
  }
}

function nameAt(t: string, q: number): string | undefined {
  NAME.lastIndex = q;
  return NAME.exec(t)?.[0];
}

/** `name(k=v)` calls of known tools, bare on their own lines (placement checks the lines). */
export function matchBareCall(ctx: Ctx, pos: number): Match {
  const sub = parsePythonCalls(ctx, pos, false);
  if (sub === "more") return MORE;
  if (sub === null) return NONE;
  return { kind: "region", end: sub.end, items: sub.items, standalone: "line" };
}

/** `[name(k=v), ...]` at a `[` that starts a line (as Llama 3.2 writes it: the whole answer). */
export function matchPythonList(ctx: Ctx, pos: number): Match {
  const t = ctx.text;
  if (!/^[ \t]*$/.test(t.slice(t.lastIndexOf("\n", pos - 1) + 1, pos))) return NONE;
  const p = skipWs(t, pos + 1);
  if (p >= t.length) return ctx.final ? NONE : MORE;
  const sub = parsePythonCalls(ctx, p, true);
  if (sub === "more") return MORE;
  if (sub === null) return NONE;
  return { kind: "region", end: sub.end, items: sub.items, standalone: "line" };
}
