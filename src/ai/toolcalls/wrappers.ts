/**
 * Calls inside a wrapper tag. The wrapper says "this is a call", so content
 * that cannot be read is reported as malformed instead of shown as text.
 *
 * - Hermes / Qwen2.5 / Qwen3: `<tool_call>{"name": ..., "arguments": {...}}</tool_call>`
 * - Qwen3-Coder: `<tool_call><function=NAME><parameter=K>...</parameter></function></tool_call>`
 * - GLM 4.5+: `<tool_call>NAME<arg_key>k</arg_key><arg_value>v</arg_value></tool_call>`
 * - MiniMax-M2, DeepSeek V3.2 DSML: `<minimax:tool_call>` / `<｜DSML｜function_calls>` + invoke
 * - Granite / Phi-4 `<|tool_call|>[...]`, Nemotron `<TOOLCALL>[...]</TOOLCALL>`, Seed-OSS,
 *   LFM2 `<|tool_call_start|>[name(k=v)]<|tool_call_end|>`.
 *
 * A wrapper must close: one the message ends inside is cut off and nothing in it runs
 * (Granite's `<|tool_call|>`, whose end is the stop token, is the exception). Its JSON
 * may miss a brace or carry an extra one: the closing tag proves the model ended it.
 */
import { cutOff, type Family, itemFor, itemsFromShapes, malformed, unclosed } from "./errors.ts";
import { parseGlm } from "./glm.ts";
import { jsonCutDetail } from "./json_format.ts";
import {
  argsFromJson,
  callShapes,
  endsOpen,
  jsonBody,
  jsonProblem,
  parseJsonLoose,
  shapeProblem,
  withGuess,
} from "./json_values.ts";
import { parsePythonCalls } from "./pythonic.ts";
import { lit, litAny, skipWs } from "./text_util.ts";
import { type Ctx, type Item, type Match, MORE, NONE } from "./types.ts";
import { parseFunctionCall, parseInvoke, parseXmlCall, type Sub } from "./xml_calls.ts";

interface Wrapper {
  open: string;
  close: string[];
  family: Family;
  /** Report unreadable content as malformed (false: leave it as text). */
  strict: boolean;
  /** A special token opens it: a call wherever it appears, not only on its own lines. */
  token?: boolean;
  /** Its end is the model's stop token, which servers strip: it may end with the message. */
  openEnded?: boolean;
}

const WRAPPERS: Wrapper[] = [
  { open: "<tool_call>", close: ["</tool_call>"], family: "hermes", strict: true },
  { open: "<tool_calls>", close: ["</tool_calls>"], family: "hermes", strict: true },
  { open: "<function_call>", close: ["</function_call>"], family: "hermes", strict: true },
  { open: "<function_calls>", close: ["</function_calls>"], family: "invoke", strict: true },
  {
    open: "<｜DSML｜function_calls>",
    close: ["</｜DSML｜function_calls>"],
    family: "invoke",
    strict: true,
    token: true,
  },
  {
    open: "<｜DSML｜tool_calls>",
    close: ["</｜DSML｜tool_calls>"],
    family: "invoke",
    strict: true,
    token: true,
  },
  { open: "<minimax:tool_call>", close: ["</minimax:tool_call>"], family: "invoke", strict: true },
  { open: "<seed:tool_call>", close: ["</seed:tool_call>"], family: "qwen3_coder", strict: true },
  { open: "<TOOLCALL>", close: ["</TOOLCALL>"], family: "hermes", strict: true },
  {
    open: "<|tool_call|>",
    close: ["<|/tool_call|>", "</tool_call>"],
    family: "hermes",
    strict: true,
    token: true,
    openEnded: true,
  },
  {
    open: "<|tool_call_start|>",
    close: ["<|tool_call_end|>"],
    family: "pythonic",
    strict: true,
    token: true,
  },
  {
    open: "<functioncall>",
    close: ["</functioncall>", "<|endoftext|>"],
    family: "hermes",
    strict: true,
    openEnded: true, // Glaive's format: its end is the end-of-text token
  },
  { open: "<tools>", close: ["</tools>"], family: "hermes", strict: false },
];

/** Any of the wrappers at `pos`. */
export function matchWrapper(ctx: Ctx, pos: number): Match {
  for (const w of WRAPPERS) {
    const r = lit(ctx, pos, w.open);
    if (r === "yes") return parseWrapped(ctx, pos, w);
    if (r === "more") return MORE; // an earlier, longer opener may still match
  }
  return NONE;
}

/** Earliest closing tag at or after `from`: [index, length] or null. */
function findClose(text: string, from: number, closes: string[]): [number, number] | null {
  let best: [number, number] | null = null;
  for (const c of closes) {
    const i = text.indexOf(c, from);
    if (i >= 0 && (!best || i < best[0])) best = [i, c.length];
  }
  return best;
}

const FENCE = /```[\w-]*[ \t]*/y;

/** Past layout: whitespace, code fences (models fence the JSON), and after a call a stray `}`. */
function skipLayout(t: string, p: number, afterItem: boolean): number {
  for (;;) {
    let q = skipWs(t, p);
    FENCE.lastIndex = q;
    const fence = FENCE.exec(t);
    if (fence) q += fence[0].length;
    while (afterItem && (t[q] === "}" || t[q] === "]")) q++;
    if (q === p) return q;
    p = q;
  }
}

function parseWrapped(ctx: Ctx, pos: number, w: Wrapper): Match {
  const t = ctx.text;
  const items: Item[] = [];
  const closeTag = w.close[0];
  let p = pos + w.open.length;
  for (;;) {
    const q = skipLayout(t, p, items.length > 0);
    if (!ctx.final && t.length - q < 3 && "```".startsWith(t.slice(q))) return MORE;
    if (q >= t.length) {
      if (!ctx.final) return MORE;
      if (items.length && w.openEnded && !items.some(isCut)) return done(t.length);
      if (!w.strict && items.length === 0) return NONE;
      return cut();
    }
    const close = litAny(ctx, q, w.close);
    if (close === "more") return MORE;
    if (close) return done(q + close.length);
    const sub = parseItem(ctx, q, w, items.length === 0);
    if (sub === "more") return MORE;
    if (sub === null) {
      if (items.length) {
        if (w.openEnded) return done(p);
        const raw = t.slice(pos, p);
        return region(p, [unclosed(ctx, w.family, raw, `its ${closeTag} tag`, false)]);
      }
      const found = findClose(t, q, w.close);
      if (!found && !ctx.final) return MORE;
      if (!w.strict) return NONE;
      if (!found) return cut();
      const end = found[0] + found[1];
      const raw = t.slice(pos, end);
      return region(end, [malformed(ctx, w.family, raw, "its content is not a tool call")]);
    }
    items.push(...sub.items.map((i) => inWrapper(i, w)));
    p = sub.end;
  }

  function done(end: number): Match {
    if (items.length === 0) {
      if (!w.strict) return NONE;
      items.push(malformed(ctx, w.family, t.slice(pos, end), "it is empty"));
    }
    return region(end, items);
  }

  /** The message ended inside the wrapper: nothing in it runs. */
  function cut(): Match {
    const inner = items.at(-1);
    const item = inner && isCut(inner)
      ? inner
      : cutOff(ctx, w.family, t.slice(pos), `its ${closeTag} tag`, firstName(items));
    return region(t.length, [item]);
  }

  function region(end: number, found: Item[]): Match {
    return { kind: "region", end, items: found, ...(w.token ? {} : { standalone: "line" }) };
  }
}

function isCut(item: Item): boolean {
  return "error" in item && item.error.kind === "truncated";
}

function firstName(items: Item[]): string | undefined {
  for (const i of items) if ("call" in i) return i.call.name;
  return undefined;
}

/** A Nanocoder XML or bare JSON call inside a Hermes-style wrapper is in that family. */
function inWrapper(item: Item, w: Wrapper): Item {
  if (!("call" in item) || w.family !== "hermes") return item;
  const f = item.call.format;
  return f === "xml" || f === "json" ? { call: { ...item.call, format: "hermes" } } : item;
}

function parseItem(ctx: Ctx, q: number, w: Wrapper, first: boolean): Sub {
  const t = ctx.text;
  if (t[q] === "[") {
    const calls = parsePythonCalls(ctx, skipWs(t, q + 1), true);
    if (calls !== null) return calls;
  }
  if (t[q] === "{" || t[q] === "[") return parseJsonItem(ctx, q, w);
  if (t[q] === "<") {
    for (const parse of [parseFunctionCall, parseInvoke, parseNameTags, parseXmlCall]) {
      const sub = parse(ctx, q);
      if (sub !== null) return sub;
    }
    return null;
  }
  return first ? parseGlm(ctx, q, w.close, w.family === "hermes" ? "glm" : w.family) : null;
}

function parseJsonItem(ctx: Ctx, q: number, w: Wrapper): Sub {
  // Waiting for the closing tag (a native search) is cheaper than rescanning a long JSON.
  if (!ctx.final && !w.openEnded && !findClose(ctx.text, q, w.close)) return "more";
  const b = jsonBody(ctx, q, w.close);
  if (b === "more") return "more";
  const raw = b.body.trim();
  if (endsOpen(ctx.text, b)) {
    // Cut off (max tokens): repairing would run a call with truncated arguments.
    return { end: b.end, items: [cutOff(ctx, w.family, raw, jsonCutDetail(raw), nameHint(raw))] };
  }
  const parsed = parseJsonLoose(raw, b.closer !== undefined);
  const shapes = parsed.ok ? callShapes(parsed.value) : null;
  if (parsed.ok && shapes) {
    return { end: b.end, items: itemsFromShapes(ctx, w.family, raw, withGuess(shapes, parsed)) };
  }
  const problem = parsed.ok ? shapeProblem(parsed.value) : jsonProblem(raw);
  return { end: b.end, items: [malformed(ctx, w.family, raw, problem, nameHint(raw))] };
}

function nameHint(raw: string): string | undefined {
  return /"name"\s*:\s*"([^"]+)"/.exec(raw)?.[1];
}

const NAME_TAGS =
  /<name>\s*([^<]+?)\s*<\/name>\s*<(arguments|parameters)>([\s\S]*?)<\/(?:arguments|parameters)>/y;

/** `<name>tool</name><arguments>{...}</arguments>`. */
function parseNameTags(ctx: Ctx, q: number): Sub {
  const t = ctx.text;
  const r = lit(ctx, q, "<name>");
  if (r !== "yes") return r === "more" ? "more" : null;
  NAME_TAGS.lastIndex = q;
  const m = NAME_TAGS.exec(t);
  if (!m) return ctx.final ? null : "more";
  const read = argsFromJson(m[3].trim(), true);
  return { end: q + m[0].length, items: [itemFor(ctx, "hermes", m[0], m[1], read)] };
}
