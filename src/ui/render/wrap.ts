/** Fitting ANSI text to the terminal's width: wrapping with hanging indents, padding. */
import wrapAnsi from "wrap-ansi";
import stringWidth from "string-width";

/** Columns `text` takes on screen (ANSI codes and wide characters counted right). */
export function widthOf(text: string): number {
  return stringWidth(text);
}

/**
 * Wraps `text` to `width` columns; the first line starts with `first`, the others with
 * `rest` (a list item's hanging indent). Words longer than a line are cut.
 */
export function wrapLines(text: string, width: number, first = "", rest = first): string[] {
  const room = Math.max(1, width - Math.max(widthOf(first), widthOf(rest)));
  const lines: string[] = [];
  for (const line of wrapAnsi(text, room, { hard: true, trim: false }).split("\n")) {
    lines.push((lines.length === 0 ? first : rest) + line.replace(/\s+$/, ""));
  }
  return lines;
}

/** Pads `text` with spaces to `width` columns (never cuts). */
export function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - widthOf(text)));
}
