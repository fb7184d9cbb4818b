/**
 * A long preview in a prompt of a few rows (the approval's diff): which rows show, which
 * lines they belong to, and where PgUp/PgDn go. The unit a person counts is a line (of
 * the diff, of a command), not a screen row: a wrapped line's rows are one line, a page
 * shows whole lines from a line's first row, and only a line taller than the whole
 * prompt is scrolled through row by row.
 */

/** The part of a preview on screen. */
export interface PreviewWindow {
  /** The first row shown: the scroll position, kept within the preview. */
  top: number;
  rows: string[];
  /** Lines in the preview. */
  count: number;
  /** Whether some rows are out of the window. */
  scrolls: boolean;
  /** The first and the last line (0-based) with a row on screen. */
  first: number;
  last: number;
  /** The scroll positions of PgUp and PgDn (equal to `top` where there is nothing more). */
  up: number;
  down: number;
}

/** The window of `room` rows onto `lines` (each a line's rows) scrolled to row `top`. */
export function previewWindow(lines: string[][], top: number, room: number): PreviewWindow {
  const starts: number[] = [];
  let total = 0;
  for (const line of lines) {
    starts.push(total);
    total += line.length;
  }
  const lineAt = (row: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (starts[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // The first line start from which the rest fits; within the last line if it cannot.
  const fitsFrom = (row: number) => starts.find((s) => s >= row);
  const end = total <= room ? 0 : fitsFrom(total - room) ?? total - room;
  const at = Math.min(Math.max(0, top), end);
  // Whole lines only, down to the first one that does not fit (PgDn starts the next page
  // with it); a line taller than the room shows a room's rows of it.
  const cut = starts.findIndex((s, i) => s + lines[i].length > at + room);
  const bottom = cut === -1 ? total : starts[cut] > at ? starts[cut] : at + room;
  const first = lineAt(at);
  // PgUp: the earliest line start whose page reaches down to here, else a room's rows up.
  const back = fitsFrom(at - room);
  const up = back !== undefined && back < at ? back : Math.max(0, at - room);
  return {
    top: at,
    rows: lines.flat().slice(at, bottom),
    count: lines.length,
    scrolls: total > room,
    first,
    last: lineAt(Math.max(at, bottom - 1)),
    up,
    down: cut === -1 ? at : Math.min(bottom, end),
  };
}
