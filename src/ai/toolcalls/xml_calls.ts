/**
 * XML-like calls whose parameters are tags:
 * - Nanocoder: `<read_file><path>a.ts</path></read_file>`
 * - Qwen3-Coder: `<function=read_file><parameter=path>\na.ts\n</parameter></function>`
 * - Llama 3.1 custom tools: `<function=read_file>{"path": "a.ts"}</function>`
 * - invoke (MiniMax-M2, DeepSeek V3.2 DSML, Claude-style, MiniCPM5's `<param>`):
 *   `<invoke name="read_file"><parameter name="path">a.ts</parameter></invoke>`
 *
 * Each parser reads one call at a position and returns where it ended, "more"
 * when the text ends inside it, or null when it is not that kind of call. A call
 * whose closing tag never comes is an error, never run: cut off when the message
 * ends inside it, malformed when other text follows.
 */
import { cutOff, type Family, itemFor, malformed, unclosed, unknownTool } from "./errors.ts";
import { argsFromJson, decodeValue, jsonBody, parseJsonLoose } from "./json_values.ts";
import {
  escapeRe,
  lit,
  litAny,
  paddedValue,
  prefixSource,
  skipWs,
  tagAt,
  tagValue,
} from "./text_util.ts";
import type { Ctx, Item, Match } from "./types.ts";

/** One call read by a sub-parser. */
export type Sub = { end: number; items: Item[] } | "more" | null;

/** Turns a sub-parse into a matcher result; plain tags stand alone or are quotations. */
export function toMatch(sub: Sub): Match {
  if (sub === "more") return { kind: "more" };
  if (sub === null) return { kind: "none" };
  return { kind: "region", end: sub.end, items: sub.items, standalone: "line" };
}

const OPEN_TAG = /<([A-Za-z_][\w.-]*)>/y;
const PARTIAL_TAG = /^<\/?[\w.-]*$/;

/** A tag that looks like a tool name (snake_case with an underscore), for unknown-tool errors. */
const TOOLISH = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;

/**
 * Nanocoder's XML: `<tool><param>value</param>...</tool>` for a known tool.
 * A snake_case tag that is not a known tool but has the exact shape of a call
 * (parameter tags only, properly closed) is reported as an unknown tool.
 */
export function parseXmlCall(ctx: Ctx, pos: number): Sub {
  const t = ctx.text;
  const open = tagAt(ctx, pos, OPEN_TAG, PARTIAL_TAG);
  if (open === "more") {
    const partial = t.slice(pos + 1);
    return partial === "" || TOOLISH.test(partial) || /^[a-z][a-z0-9_]*$/.test(partial) ||
        ctx.toolNames.some((n) => n.startsWith(partial))
      ? "more"
      : null;
  }
  if (!open) return null;
  const tag = open[1];
  const tool = ctx.resolve(tag);
  if (!tool && !TOOLISH.test(tag)) return null;
  const close = `</${tag}>`;
  const args: Record<string, unknown> = {};
  let count = 0;
  let p = pos + open[0].length;
  for (;;) {
    const q = skipWs(t, p);
    if (q >= t.length) {
      if (!ctx.final) return "more";
      if (!tool) return null;
      return { end: t.length, items: [cutOff(ctx, "xml", t.slice(pos), `its ${close} tag`, tool)] };
    }
    const c = lit(ctx, q, close);
    if (c === "more") return "more";
    if (c === "yes") {
      const end = q + close.length;
      if (tool) return { end, items: [{ call: { name: tool, arguments: args, format: "xml" } }] };
      return count ? { end, items: [unknownTool(ctx, "xml", t.slice(pos, end), tag)] } : null;
    }
    const mixed = lit(ctx, q, "<parameter=");
    if (mixed === "more") return "more";
    if (mixed === "yes" && tool) return mixedSyntax(ctx, pos, close, tool);
    const param = tagAt(ctx, q, OPEN_TAG, PARTIAL_TAG);
    if (param === "more") return "more";
    // Anything else ends the call: its closing tag is missing (prose or another call follows).
    if (!param || (count > 0 && ctx.resolve(param[1]) !== null)) {
      if (!tool || count === 0) return null;
      const raw = t.slice(pos, p);
      return { end: p, items: [unclosed(ctx, "xml", raw, `its ${close} tag`, false, tool)] };
    }
    const name = param[1];
    const vStart = q + param[0].length;
    const vEnd = t.indexOf(`</${name}>`, vStart);
    if (vEnd < 0) {
      if (!ctx.final) return "more";
      if (!tool) return null;
      const callEnd = t.indexOf(close, vStart);
      if (callEnd < 0) {
        const what = `the closing </${name}> tag of its "${name}" parameter`;
        return { end: t.length, items: [cutOff(ctx, "xml", t.slice(pos), what, tool)] };
      }
      const end = callEnd + close.length;
      const detail = `parameter "${name}" is not closed`;
      return { end, items: [malformed(ctx, "xml", t.slice(pos, end), detail, tool)] };
    }
    const value = tagValue(t.slice(vStart, vEnd));
    args[name] = tool ? decodeValue(value, ctx.paramType(tool, name)) : value;
    count++;
    p = vEnd + name.length + 3;
  }
}

/**
 * `<read_file><parameter=path>…</parameter></read_file>`: Qwen3-Coder's parameters in
 * Nanocoder's tag. Reported (as Nanocoder does) so the model writes one format.
 */
function mixedSyntax(ctx: Ctx, pos: number, close: string, tool: string): Sub {
  const t = ctx.text;
  const at = t.indexOf(close, pos);
  if (at < 0 && !ctx.final) return "more";
  const end = at < 0 ? t.length : at + close.length;
  const detail = `it mixes <parameter=…> tags into the <${tool}> tag; ` +
    `write each parameter as a tag of its own name, like <path>value</path>`;
  return { end, items: [malformed(ctx, "xml", t.slice(pos, end), detail, tool)] };
}

/** A regex matching every prefix of `literal` (then anything up to `>`), for streaming. */
function prefixes(literal: string): RegExp {
  const head = escapeRe(literal[0]);
  return new RegExp(`^${head}${prefixSource(literal.slice(1))}$|^${escapeRe(literal)}[^>\\n]*$`);
}

const FUNCTION_OPEN = /<function=([^>\n]+)>/y;
const PARTIAL_FUNCTION = prefixes("<function=");
const PARAM_OPEN = /<parameter=([^>\n]+)>/y;
const PARTIAL_PARAM = prefixes("<parameter=");
/** What may follow a Qwen3-Coder parameter's real closing tag. */
const AFTER_PARAM = ["<parameter=", "</function>", "</tool_call>"];

/**
 * Qwen3-Coder `<function=NAME><parameter=K>v</parameter></function>` or Llama's JSON
 * body. Also two slips seen from real models: `<parameter=NAME>` written where
 * `<function=NAME>` belongs (the tool's name as the first parameter, then the real
 * parameters), and Nanocoder-style `<k>v</k>` parameters inside `<function=NAME>`.
 */
export function parseFunctionCall(ctx: Ctx, pos: number): Sub {
  const t = ctx.text;
  let open = tagAt(ctx, pos, FUNCTION_OPEN, PARTIAL_FUNCTION);
  if (open === null) {
    open = tagAt(ctx, pos, PARAM_OPEN, PARTIAL_PARAM);
    if (open === "more" || open === null) return open;
    if (!ctx.resolve(open[1])) return null;
    const next = skipWs(t, pos + open[0].length);
    const r = lit(ctx, next, "<parameter=");
    if (r !== "yes") return r === "more" || (next >= t.length && !ctx.final) ? "more" : null;
  }
  if (open === "more") return "more";
  const name = open[1].trim();
  const tool = ctx.resolve(name);
  const p0 = pos + open[0].length;
  const q0 = skipWs(t, p0);
  if (q0 >= t.length && !ctx.final) return "more";
  if (t[q0] === "{") {
    const b = jsonBody(ctx, q0, ["</function>"]);
    if (b === "more") return "more";
    if (!b.closer) {
      const raw = t.slice(pos, b.end);
      const atEnd = skipWs(t, b.end) >= t.length;
      return {
        end: b.end,
        items: [unclosed(ctx, "qwen3_coder", raw, "its </function> tag", atEnd, name)],
      };
    }
    const end = b.closer.at + b.closer.text.length;
    const read = argsFromJson(b.body, true);
    return { end, items: [itemFor(ctx, "qwen3_coder", t.slice(pos, end), name, read)] };
  }
  const args: Record<string, unknown> = {};
  let count = 0;
  let p = p0;
  for (;;) {
    const q = skipWs(t, p);
    if (q >= t.length) {
      if (!ctx.final) return "more";
      const item = cutOff(ctx, "qwen3_coder", t.slice(pos), "its </function> tag", name);
      return { end: t.length, items: [item] };
    }
    const c = lit(ctx, q, "</function>");
    if (c === "more") return "more";
    if (c === "yes") {
      const end = q + "</function>".length;
      return { end, items: [itemFor(ctx, "qwen3_coder", t.slice(pos, end), name, { args })] };
    }
    const param = tagAt(ctx, q, PARAM_OPEN, PARTIAL_PARAM) ?? plainParam(ctx, q, "function");
    if (param === "more") return "more";
    if (!param) {
      // `<function=x>some prose</function>` is not a call; after parameters, the close is missing.
      if (count === 0) return null;
      const raw = t.slice(pos, p);
      return {
        end: p,
        items: [unclosed(ctx, "qwen3_coder", raw, "its </function> tag", false, name)],
      };
    }
    const key = param[1].trim();
    const vStart = q + param[0].length;
    const vEnd = param.index === -1
      ? t.indexOf(`</${key}>`, vStart)
      : valueEnd(ctx, vStart, "</parameter>", AFTER_PARAM);
    if (vEnd === "more") return "more";
    if (vEnd < 0) {
      if (!ctx.final) return "more";
      const item = cutOff(
        ctx,
        "qwen3_coder",
        t.slice(pos),
        `the end of its "${key}" parameter`,
        name,
      );
      return { end: t.length, items: [item] };
    }
    const declared = tool ? ctx.paramType(tool, key) : undefined;
    const raw = t.slice(vStart, vEnd);
    args[key] = decodeValue(param.index === -1 ? tagValue(raw) : paddedValue(raw), declared);
    count++;
    p = vEnd + (param.index === -1 ? key.length + 3 : "</parameter>".length);
  }
}

/**
 * Where a parameter value ends: at the first `close` that is followed (past whitespace)
 * by one of `after` or by the end of the message, so a value holding the closing tag
 * as text (a file about these formats) keeps it. When no occurrence is followed like
 * that, the first one. -1: no `close` at all.
 */
export function valueEnd(
  ctx: Ctx,
  from: number,
  close: string,
  after: readonly string[],
): number | "more" {
  const t = ctx.text;
  const first = t.indexOf(close, from);
  for (let i = first; i >= 0; i = t.indexOf(close, i + 1)) {
    const s = skipWs(t, i + close.length);
    if (s >= t.length) return ctx.final ? i : "more";
    const next = litAny(ctx, s, after);
    if (next === "more") return "more";
    if (next) return i;
  }
  return first >= 0 && !ctx.final ? "more" : first;
}

/** Tags that carry the tool name in a `name` attribute. */
const NAMED_TAGS = ["invoke", "tool_call", "function_call", "function", "tool"];
const INVOKE_OPEN =
  /<(?:｜DSML｜)?(invoke|tool_call|function_call|function|tool)\s+name\s*=\s*["']([^"'>]+)["'][^>\n]*>/y;
const PARTIAL_INVOKE = /^<(?:｜(?:D(?:S(?:M(?:L(?:｜)?)?)?)?)?)?([a-z_]*)(\s[^>\n]*)?$/;

/** Whether the text at `pos` may still become a named opening tag. */
function partialInvoke(ctx: Ctx, pos: number): boolean {
  if (ctx.final || ctx.text.length - pos > 200) return false;
  const rest = ctx.text.slice(pos);
  const m = PARTIAL_INVOKE.exec(rest);
  if (!m) return false;
  return m[2] === undefined
    ? NAMED_TAGS.some((n) => n.startsWith(m[1]))
    : NAMED_TAGS.includes(m[1]) &&
        /^\s+(n(a(m(e(\s*(=(\s*(["'][^"']*(["']\s*)?)?)?)?)?)?)?)?)?$/.test(m[2]) ||
      NAMED_TAGS.includes(m[1]) && /^\s+name\s*=\s*["'][^"']+["'][^>]*$/.test(m[2]);
}
const PARAM_NAMED = /<(?:｜DSML｜)?(parameter|param)\s+name\s*=\s*["']([^"'>]+)["']([^>]*)>/y;
const PARTIAL_PARAM_NAMED =
  /^<(?:｜(?:D(?:S(?:M(?:L(?:｜)?)?)?)?)?)?(?:p(?:a(?:r(?:a(?:m(?:e(?:t(?:e(?:r[^>]*)?)?)?|\s[^>]*)?)?)?)?)?)?$/;

/**
 * `<invoke name="X">` (also `<tool_call name="X">`, `<function name="X">`...)
 * with `<parameter name="k">` / `<param name="k">` or `<k>` children, or a JSON body.
 */
export function parseInvoke(ctx: Ctx, pos: number, family: Family = "invoke"): Sub {
  const t = ctx.text;
  INVOKE_OPEN.lastIndex = pos;
  const open = INVOKE_OPEN.exec(t);
  if (!open) return partialInvoke(ctx, pos) ? "more" : null;
  const tag = open[1];
  const name = open[2].trim();
  const tool = ctx.resolve(name);
  const closers = [`</${tag}>`, `</｜DSML｜${tag}>`];
  const closeTag = `</${tag}>`;
  let p = pos + open[0].length;
  let q = skipWs(t, p);
  if (q >= t.length && !ctx.final) return "more";
  if (t[q] === "{") {
    const b = jsonBody(ctx, q, closers);
    if (b === "more") return "more";
    if (!b.closer) {
      const atEnd = skipWs(t, b.end) >= t.length;
      const raw = t.slice(pos, b.end);
      return {
        end: b.end,
        items: [unclosed(ctx, family, raw, `its ${closeTag} tag`, atEnd, name)],
      };
    }
    const end = b.closer.at + b.closer.text.length;
    const read = argsFromJson(b.body, true);
    return { end, items: [itemFor(ctx, family, t.slice(pos, end), name, read)] };
  }
  const args: Record<string, unknown> = {};
  let count = 0;
  for (;;) {
    q = skipWs(t, p);
    if (q >= t.length) {
      if (!ctx.final) return "more";
      return {
        end: t.length,
        items: [cutOff(ctx, family, t.slice(pos), `its ${closeTag} tag`, name)],
      };
    }
    const close = litAny(ctx, q, closers);
    if (close === "more") return "more";
    if (close) {
      const end = q + close.length;
      return { end, items: [itemFor(ctx, family, t.slice(pos, end), name, { args })] };
    }
    const named = tagAt(ctx, q, PARAM_NAMED, PARTIAL_PARAM_NAMED);
    const param = named ?? plainParam(ctx, q, tag);
    if (param === "more") return "more";
    if (!param) {
      if (count === 0) return null;
      const raw = t.slice(pos, p);
      return { end: p, items: [unclosed(ctx, family, raw, `its ${closeTag} tag`, false, name)] };
    }
    const plain = param.index === -1;
    const key = plain ? param[1] : param[2];
    const vStart = q + param[0].length;
    const dsml = t.startsWith("<｜DSML｜", q) ? "｜DSML｜" : "";
    const closeText = plain ? `</${key}>` : `</${dsml}${param[1]}>`;
    const valueStop = plain
      ? t.indexOf(closeText, vStart)
      : valueEnd(ctx, vStart, closeText, [`<${dsml}param`, ...closers]);
    if (valueStop === "more") return "more";
    if (valueStop < 0) {
      if (!ctx.final) return "more";
      const item = cutOff(ctx, family, t.slice(pos), `the end of its "${key}" parameter`, name);
      return { end: t.length, items: [item] };
    }
    const raw = tagValue(t.slice(vStart, valueStop));
    const attrs = plain ? "" : param[3];
    const isString = /string\s*=\s*["']true["']/.test(attrs);
    const notString = /string\s*=\s*["']false["']/.test(attrs);
    const declared = isString ? "string" : tool ? ctx.paramType(tool, key) : undefined;
    args[key] = notString ? jsonOrRaw(raw) : decodeValue(raw, declared);
    count++;
    p = valueStop + closeText.length;
  }
}

function jsonOrRaw(raw: string): unknown {
  const parsed = parseJsonLoose(raw);
  return parsed.ok && !parsed.guessed ? parsed.value : raw;
}

/** A `<k>` child (Nanocoder style) inside a named tag; index -1 marks it. */
function plainParam(ctx: Ctx, q: number, tag: string): RegExpExecArray | "more" | null {
  const m = tagAt(ctx, q, OPEN_TAG, PARTIAL_TAG);
  if (m === "more" || m === null) return m;
  if (m[1] === tag || m[1] === "parameter" || m[1] === "function") return null;
  const out = [m[0], m[1], ""] as unknown as RegExpExecArray;
  out.index = -1;
  return out;
}
