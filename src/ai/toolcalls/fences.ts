/**
 * Markdown code in a message: inline code spans and fenced code blocks are text
 * (quotations), except a fenced block that holds nothing but calls, which models
 * write around their calls (```` ```json ````). Whether such a fence is a call or a
 * quotation of one is placement.ts's rule; here a fence is read, and one the message
 * ends inside is cut off, never run.
 */
import { cutOff, type Family } from "./errors.ts";
import { skipWs } from "./text_util.ts";
import { type Ctx, type Item, type Match, MORE, NONE } from "./types.ts";

const FENCE_OPEN = /(`{3,}|~{3,})([^\n`]*)\n/y;

/** Whether position `i` starts a line (up to 3 spaces of indentation). */
export function atLineStart(t: string, i: number): boolean {
  let j = i;
  while (j > 0 && i - j < 3 && t[j - 1] === " ") j--;
  return j === 0 || t[j - 1] === "\n";
}

/** Reads the calls of a fence's body (`lang` is the fence's language, lowercase). */
export type CallMatcher = (ctx: Ctx, pos: number, lang: string) => Match;

/** A fence opener: a fenced call when only calls follow it, else a code block. */
export function matchFence(ctx: Ctx, pos: number, matchCall: CallMatcher): Match {
  const t = ctx.text;
  FENCE_OPEN.lastIndex = pos;
  const open = FENCE_OPEN.exec(t);
  if (!open) {
    if (ctx.final || t.length - pos > 200) return NONE;
    const rest = t.slice(pos);
    return !rest.includes("\n") && /^(`+|~+)[^`]*$/.test(rest) ? MORE : NONE;
  }
  const marker = open[1];
  const lang = open[2].trim().toLowerCase();
  const after = pos + open[0].length;
  let q = skipWs(t, after);
  if (q >= t.length) return ctx.final ? { kind: "fence", end: after, marker } : MORE;
  const items: Item[] = [];
  const close = new RegExp(
    `${marker[0] === "`" ? "`" : "~"}{${marker.length},}[ \\t]*(?:\\n|$)`,
    "y",
  );
  for (;;) {
    const m = matchCall(ctx, q, lang);
    if (m.kind === "more") return MORE;
    if (m.kind !== "region" || m.items.length === 0) break;
    items.push(...m.items);
    q = skipWs(t, m.end);
    if (q >= t.length) {
      if (!ctx.final) return MORE;
      return {
        kind: "region",
        end: t.length,
        items: [cutItem(ctx, t.slice(pos), items)],
        standalone: "fence",
      };
    }
    close.lastIndex = q;
    const c = close.exec(t);
    if (c) {
      if (!c[0].endsWith("\n") && !ctx.final && q + c[0].length >= t.length) return MORE;
      return { kind: "region", end: q + c[0].length, items, standalone: "fence" };
    }
    if (!ctx.final && t.length - q <= marker.length && marker.startsWith(t.slice(q))) return MORE;
  }
  // Something other than calls is in it: a code block, shown as it is.
  return { kind: "fence", end: after, marker };
}

/** The error for a fence the message ends inside: the inner cut, or the fence's own. */
function cutItem(ctx: Ctx, raw: string, items: Item[]): Item {
  const last = items.at(-1)!;
  if ("error" in last && last.error.kind === "truncated") return last;
  const call = items.find((i) => "call" in i);
  const family: Family = call && "call" in call ? call.call.format : "json";
  const name = call && "call" in call ? call.call.name : undefined;
  return cutOff(ctx, family, raw, "the closing ``` of its code fence", name);
}

/** An inline code span: plain text up to the matching backticks on the same line. */
export function inlineCode(ctx: Ctx, pos: number): Match {
  const t = ctx.text;
  let n = 0;
  while (t[pos + n] === "`") n++;
  if (pos + n >= t.length) return ctx.final ? { kind: "text", end: pos + n } : MORE;
  const nl = t.indexOf("\n", pos + n);
  const lineEnd = nl < 0 ? t.length : nl;
  const re = new RegExp(`(?<!\`)\`{${n}}(?!\`)`, "g");
  re.lastIndex = pos + n;
  const m = re.exec(t);
  if (m && m.index < lineEnd && !(m.index + n >= t.length && !ctx.final && nl < 0)) {
    return { kind: "text", end: m.index + n };
  }
  if (nl < 0 && !ctx.final) return MORE;
  return { kind: "text", end: pos + n };
}
