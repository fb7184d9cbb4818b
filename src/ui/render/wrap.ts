/**
 * Fitting ANSI text to the terminal's width: wrapping with hanging indents, padding,
 * and rows cut at exactly the width (what is approved: a word wrap would drop the
 * spaces it breaks at).
 */
import wrapAnsi from "wrap-ansi";
import stringWidth from "string-width";

// deno-lint-ignore no-control-regex
const LEADING_SPACE = /^((?:\x1b\[[0-9;]*m)*)[ \t]+/;

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
// deno-lint-ignore no-control-regex
const STYLE_CODE = /^\x1b\[[0-9;]*m/;

/** `text` without its colour and style codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** `text` cut after `columns` visible characters (style codes do not count). */
export function splitAtColumn(text: string, columns: number): [string, string] {
  let seen = 0;
  let i = 0;
  while (i < text.length && seen < columns) {
    const code = STYLE_CODE.exec(text.slice(i));
    if (code) i += code[0].length;
    else {
      i += text.codePointAt(i)! > 0xffff ? 2 : 1;
      seen++;
    }
  }
  return [text.slice(0, i), text.slice(i)];
}

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
  // trim: false keeps a line's own indentation; the space a wrap broke at is dropped.
  wrapAnsi(text, room, { hard: true, trim: false }).split("\n").forEach((line, i) => {
    const body = i === 0 ? line : line.replace(LEADING_SPACE, "$1");
    lines.push((i === 0 ? first : rest) + body.replace(/\s+$/, ""));
  });
  return lines;
}

/** Pads `text` with spaces to `width` columns (never cuts). */
export function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - widthOf(text)));
}

const segmenter = new Intl.Segmenter();

/**
 * Plain `text` (no style codes) cut into rows of at most `width` columns, every
 * character kept; wide characters are never split. At least one row.
 */
export function cutRows(text: string, width: number): string[] {
  const room = Math.max(1, width);
  const rows: string[] = [];
  let row = "";
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > room && row !== "") {
      rows.push(row);
      row = "";
      used = 0;
    }
    row += segment;
    used += w;
  }
  rows.push(row);
  return rows;
}
