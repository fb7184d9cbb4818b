/** Inline markdown (emphasis, code spans, links) as ANSI text. */
import type { Token } from "marked";
import { style } from "./theme.ts";

/** Renders inline tokens (a paragraph's, a heading's, a table cell's) to one string. */
export function renderInline(tokens: readonly Token[] | undefined, fallback = ""): string {
  if (!tokens) return fallback;
  return tokens.map(inlineToken).join("");
}

function inlineToken(token: Token): string {
  switch (token.type) {
    case "strong":
      return style.bold(renderInline(token.tokens, token.text));
    case "em":
      return style.italic(renderInline(token.tokens, token.text));
    case "del":
      return style.strike(renderInline(token.tokens, token.text));
    case "codespan":
      return style.code(token.text);
    case "br":
      return "\n";
    case "link": {
      const text = renderInline(token.tokens, token.text);
      const href = String(token.href ?? "");
      // A bare URL or an autolink shows once; a named link shows its target after it.
      if (!href || token.text === href || `mailto:${token.text}` === href) return style.link(text);
      return `${style.link(text)} ${style.dim(`(${href})`)}`;
    }
    case "image":
      return style.dim(`[image: ${token.text || token.href}]`);
    case "escape":
      return token.text;
    case "html":
      return style.dim(token.raw);
    case "text":
      return "tokens" in token && token.tokens
        ? renderInline(token.tokens, token.text)
        : token.text;
    default:
      return "raw" in token ? String(token.raw) : "";
  }
}
