/** Small text helpers the matchers share. */
import type { Ctx } from "./types.ts";

/** Whether `s` is at `pos`: "yes", "no", or "more" when the text ends inside a prefix of it. */
export function lit(ctx: Ctx, pos: number, s: string): "yes" | "no" | "more" {
  const t = ctx.text;
  const avail = t.length - pos;
  if (avail >= s.length) return t.startsWith(s, pos) ? "yes" : "no";
  if (!ctx.final && s.startsWith(t.slice(pos))) return "more";
  return "no";
}

/** `lit`, ignoring case (`s` is lower case). */
export function litCi(ctx: Ctx, pos: number, s: string): "yes" | "no" | "more" {
  const t = ctx.text;
  if (t.length - pos >= s.length) {
    return t.slice(pos, pos + s.length).toLowerCase() === s ? "yes" : "no";
  }
  if (!ctx.final && s.startsWith(t.slice(pos).toLowerCase())) return "more";
  return "no";
}

/** First of `literals` at `pos`: the literal, "more" when one could still match, or null. */
export function litAny(
  ctx: Ctx,
  pos: number,
  literals: readonly string[],
  ci = false,
): string | "more" | null {
  // An earlier literal that may still match wins over a later one that matches now.
  for (const s of literals) {
    const r = ci ? litCi(ctx, pos, s) : lit(ctx, pos, s);
    if (r === "yes") return ci ? ctx.text.slice(pos, pos + s.length) : s;
    if (r === "more") return "more";
  }
  return null;
}

/** Escapes `s` for use in a regular expression. */
export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A regex source matching every prefix of `literal`, the empty one included. */
export function prefixSource(literal: string): string {
  return [...literal].reduceRight((acc, c) => `(?:${escapeRe(c)}${acc})?`, "");
}

/** Index of the first non-whitespace character at or after `pos`. */
export function skipWs(text: string, pos: number): number {
  while (pos < text.length && /\s/.test(text[pos])) pos++;
  return pos;
}

/**
 * Reads an opening tag like `<name>` matched by `re` (sticky, anchored at pos).
 * "more" when the text ends inside something that could still become such a tag.
 */
export function tagAt(
  ctx: Ctx,
  pos: number,
  re: RegExp,
  partial: RegExp,
): RegExpExecArray | "more" | null {
  re.lastIndex = pos;
  const m = re.exec(ctx.text);
  if (m) return m;
  if (!ctx.final && ctx.text.length - pos < 200 && partial.test(ctx.text.slice(pos))) {
    return "more";
  }
  return null;
}

/**
 * A value written between tags, byte-exact except for layout: one newline right
 * after the opening tag is dropped (as HTML does for `<pre>`), and a single-line
 * value loses the newline before its closing tag. Multi-line values keep their
 * trailing newline, so file contents stay exact. A value wrapped in
 * `<![CDATA[...]]>` is exactly the CDATA content.
 *
 * Indented layout: when the value starts on the line after its opening tag and the
 * closing tag sits indented on a line of its own, the model laid the XML out with
 * indentation, and the indentation every line of the value shares belongs to that
 * layout, not to the value: it is removed (as Python's `textwrap.dedent` does).
 */
export function tagValue(raw: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/.exec(raw);
  if (cdata) return cdata[1];
  let s = raw;
  const block = /^\r?\n/.exec(s);
  if (block) s = s.slice(block[0].length);
  const layout = block ? /\n[ \t]+$/.exec(s) : null;
  if (layout) s = dedent(s.slice(0, layout.index + 1));
  const body = s.replace(/\r?\n$/, "");
  if (!body.includes("\n")) return body;
  return s;
}

/** Removes the leading whitespace all non-blank lines share. */
function dedent(s: string): string {
  const lines = s.split("\n");
  let common: string | undefined;
  for (const line of lines) {
    if (line.trim() === "") continue;
    const lead = /^[ \t]*/.exec(line)![0];
    if (common === undefined) common = lead;
    else {
      let i = 0;
      while (i < common.length && i < lead.length && common[i] === lead[i]) i++;
      common = common.slice(0, i);
    }
  }
  if (!common) return s;
  const cut = common.length;
  return lines.map((l) => (l.trim() === "" ? l.slice(Math.min(cut, l.length)) : l.slice(cut)))
    .join("\n");
}

/** Qwen3-Coder's template writes `\n` + value + `\n`: drop exactly those two newlines. */
export function paddedValue(raw: string): string {
  let s = raw;
  if (s.startsWith("\n")) s = s.slice(1);
  if (s.endsWith("\n")) s = s.slice(0, -1);
  return s;
}
