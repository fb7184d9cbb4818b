/**
 * Markdown as terminal text: marked's lexer (GFM) for the structure, our own rendering
 * to ANSI lines already wrapped to the width, so list items keep their hanging indent
 * and code blocks and tables keep their shape (Ink only prints them).
 */
import { Lexer, type Token, type Tokens } from "marked";
import { highlight } from "./highlight.ts";
import { renderInline } from "./inline.ts";
import { renderTable } from "./table.ts";
import { style } from "./theme.ts";
import { wrapLines } from "./wrap.ts";

/** Renders markdown `source` to lines of at most `width` columns (ANSI styled). */
export function renderMarkdown(source: string, width: number): string[] {
  const tokens = Lexer.lex(source, { gfm: true });
  return blocks(tokens, Math.max(20, width));
}

/** Block tokens, separated by one blank line. */
function blocks(tokens: readonly Token[], width: number): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    const lines = block(token, width);
    if (lines.length === 0) continue;
    if (out.length > 0) out.push("");
    out.push(...lines);
  }
  return out;
}

function block(token: Token, width: number): string[] {
  switch (token.type) {
    case "space":
    case "def":
      return [];
    case "heading": {
      const text = renderInline(token.tokens, token.text);
      const paint = token.depth <= 2 ? style.heading : style.bold;
      return wrapLines(paint(text), width);
    }
    case "paragraph":
      return wrapLines(renderInline(token.tokens, token.text), width);
    case "text":
      return wrapLines(renderInline(token.tokens, token.text), width);
    case "code":
      return codeBlock(token as Tokens.Code, width);
    case "blockquote": {
      const bar = style.dim("│ ");
      return blocks(token.tokens ?? [], width - 2).map((line) => bar + style.quote(line));
    }
    case "list":
      return list(token as Tokens.List, width);
    case "table":
      return renderTable(token as Tokens.Table, width);
    case "hr":
      return [style.dim("─".repeat(Math.min(width, 60)))];
    case "html":
      return wrapLines(style.dim(String(token.raw).trimEnd()), width);
    default:
      return "raw" in token ? wrapLines(String(token.raw).trimEnd(), width) : [];
  }
}

/** A fenced or indented code block: highlighted, indented two columns, cut to width. */
function codeBlock(token: Tokens.Code, width: number): string[] {
  const code = token.text.replace(/\n+$/, "");
  const lines = highlight(code, token.lang).split("\n");
  const out: string[] = [];
  for (const line of lines) out.push(...wrapLines(line, width, "  "));
  return out;
}

function list(token: Tokens.List, width: number): string[] {
  const start = typeof token.start === "number" ? token.start : 1;
  const markers = token.items.map((_, i) => (token.ordered ? `${start + i}.` : "•"));
  const markerWidth = Math.max(...markers.map((m) => m.length)) + 1;
  const out: string[] = [];
  token.items.forEach((item, i) => {
    if (i > 0 && token.loose) out.push("");
    const marker = style.bullet(markers[i].padEnd(markerWidth));
    const indent = " ".repeat(markerWidth);
    const body = itemLines(item, width - markerWidth);
    body.forEach((line, n) => out.push((n === 0 ? marker : indent) + line));
  });
  return out;
}

/** A list item's own lines (its text, then nested blocks), without the marker. */
function itemLines(item: Tokens.ListItem, width: number): string[] {
  const tokens = item.tokens.filter((t) => t.type !== "checkbox");
  const box = item.task ? (item.checked ? style.ok("☑ ") : "☐ ") : "";
  const out: string[] = [];
  for (const token of tokens) {
    const lines = block(token, width);
    if (lines.length === 0) continue;
    // A tight list's text and its nested list sit on consecutive lines.
    if (out.length > 0 && item.loose) out.push("");
    out.push(...lines);
  }
  if (out.length === 0) out.push("");
  out[0] = box + out[0];
  return out;
}
