/** Markdown tables as box-drawn text that fits the width (cells wrap when it is tight). */
import type { Tokens } from "marked";
import { renderInline } from "./inline.ts";
import { style } from "./theme.ts";
import { padEnd, widthOf, wrapLines } from "./wrap.ts";

/** The table's lines, at most `width` columns wide. */
export function renderTable(table: Tokens.Table, width: number): string[] {
  const header = table.header.map((cell) => style.bold(renderInline(cell.tokens, cell.text)));
  const rows = table.rows.map((row) => row.map((cell) => renderInline(cell.tokens, cell.text)));
  const columns = header.length;
  const natural = Array.from(
    { length: columns },
    (_, c) => Math.max(3, widthOf(header[c] ?? ""), ...rows.map((row) => widthOf(row[c] ?? ""))),
  );
  const widths = fit(natural, width - (3 * columns + 1));
  const line = (left: string, mid: string, right: string) =>
    style.dim(left + widths.map((w) => "─".repeat(w + 2)).join(mid) + right);
  const out = [line("┌", "┬", "┐"), ...rowLines(header, widths, table.align)];
  out.push(line("├", "┼", "┤"));
  for (const row of rows) out.push(...rowLines(row, widths, table.align));
  out.push(line("└", "┴", "┘"));
  return out;
}

/** Shrinks the widest columns until the sum fits `room`. */
function fit(natural: number[], room: number): number[] {
  const widths = [...natural];
  while (widths.reduce((a, b) => a + b, 0) > room) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest] <= 3) break;
    widths[widest]--;
  }
  return widths;
}

function rowLines(
  cells: string[],
  widths: number[],
  align: Tokens.Table["align"],
): string[] {
  const wrapped = widths.map((w, c) => wrapLines(cells[c] ?? "", w));
  const height = Math.max(...wrapped.map((lines) => lines.length));
  const bar = style.dim("│");
  const out: string[] = [];
  for (let i = 0; i < height; i++) {
    const parts = widths.map((w, c) => aligned(wrapped[c][i] ?? "", w, align[c]));
    out.push(`${bar} ${parts.join(` ${bar} `)} ${bar}`);
  }
  return out;
}

function aligned(text: string, width: number, align: "left" | "right" | "center" | null) {
  const gap = Math.max(0, width - widthOf(text));
  if (align === "right") return " ".repeat(gap) + text;
  if (align === "center") {
    const left = Math.floor(gap / 2);
    return " ".repeat(left) + text + " ".repeat(gap - left);
  }
  return padEnd(text, width);
}
