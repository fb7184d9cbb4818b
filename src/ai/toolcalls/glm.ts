/**
 * GLM's calls:
 * - GLM 4.5+ inside `<tool_call>`: the name, then `<arg_key>k</arg_key><arg_value>v</arg_value>`
 *   pairs (GLM-4 wrote a JSON object after the name instead).
 * - GLM-4-0414 without any markers: the tool's name alone on a line and its JSON
 *   arguments on the next (`get_weather\n{"location": "Paris"}`, as reported in
 *   ml-explore/mlx-swift-lm#491). Only a known tool's name, at the start of a line,
 *   followed by one balanced JSON object counts.
 */
import { cutOff, type Family, itemFor, malformed } from "./errors.ts";
import { jsonCutDetail } from "./json_format.ts";
import { argsFromJson, decodeValue, endsOpen, jsonBody } from "./json_values.ts";
import { lit, skipWs } from "./text_util.ts";
import { type Ctx, type Match, MORE, NONE } from "./types.ts";
import type { Sub } from "./xml_calls.ts";

/** A call inside a GLM `<tool_call>` at `q` (after the tag); `closers` end the wrapper. */
export function parseGlm(ctx: Ctx, q: number, closers: string[], family: Family): Sub {
  const t = ctx.text;
  let p = q;
  while (p < t.length && !/[\n<{]/.test(t[p])) p++;
  if (p >= t.length && !ctx.final) return "more";
  const name = t.slice(q, p).trim();
  if (!name) return null;
  const tool = ctx.resolve(name);
  const args: Record<string, unknown> = {};
  for (;;) {
    const s = skipWs(t, p);
    if (s >= t.length && !ctx.final) return "more";
    if (t[s] === "{" && Object.keys(args).length === 0) {
      const b = jsonBody(ctx, s, closers);
      if (b === "more") return "more";
      const read = argsFromJson(b.body, b.closer !== undefined);
      return { end: b.end, items: [itemFor(ctx, "glm", t.slice(q, b.end), name, read)] };
    }
    const k = lit(ctx, s, "<arg_key>");
    if (k === "more") return "more";
    if (k === "no") break;
    const kEnd = t.indexOf("</arg_key>", s);
    const vOpen = kEnd < 0 ? -1 : skipWs(t, kEnd + "</arg_key>".length);
    const vTag = vOpen < 0 ? "more" : lit(ctx, vOpen, "<arg_value>");
    const vEnd = vTag === "yes" ? t.indexOf("</arg_value>", vOpen) : -1;
    if (vEnd < 0) {
      if (!ctx.final) return "more";
      const closed = closers.some((c) => t.indexOf(c, s) >= 0);
      const raw = t.slice(q);
      const item = closed
        ? malformed(ctx, family, raw, "an argument is not closed", tool ?? name)
        : cutOff(ctx, family, raw, "the end of its arguments", tool ?? name);
      return { end: t.length, items: [item] };
    }
    const key = t.slice(s + "<arg_key>".length, kEnd).trim();
    const value = t.slice(vOpen + "<arg_value>".length, vEnd);
    args[key] = decodeValue(value, tool ? ctx.paramType(tool, key) : undefined);
    p = vEnd + "</arg_value>".length;
  }
  return { end: p, items: [itemFor(ctx, "glm", t.slice(q, p), name, { args })] };
}

const NAME_LINE = /([A-Za-z_][\w.-]*)[ \t]*\r?\n[ \t]*/y;

/** GLM-4-0414's markerless call: `name` alone on a line, then its JSON arguments. */
export function matchGlm4Bare(ctx: Ctx, pos: number): Match {
  const t = ctx.text;
  NAME_LINE.lastIndex = pos;
  const m = NAME_LINE.exec(t);
  if (!m || !ctx.resolve(m[1])) return NONE;
  const q = pos + m[0].length;
  if (q >= t.length) return ctx.final ? NONE : MORE;
  if (t[q] !== "{") return NONE;
  const b = jsonBody(ctx, q, []);
  if (b === "more") return MORE;
  if (endsOpen(t, b)) {
    const item = cutOff(ctx, "glm", t.slice(pos), jsonCutDetail(b.body), m[1]);
    return { kind: "region", end: t.length, items: [item], standalone: "line" };
  }
  const read = argsFromJson(b.body, false);
  if (!read.args) return NONE; // not arguments: an ordinary line of text and some JSON
  const item = itemFor(ctx, "glm", t.slice(pos, b.end), m[1], read);
  return { kind: "region", end: b.end, items: [item], standalone: "line" };
}
