/**
 * The transcript on the alternate screen (`--alt-screen`): there is no scrollback there,
 * so the entries are drawn into a box that fills the screen above the live region and
 * scrolls with PgUp/PgDn. Each entry's lines are rendered once per width and detail level.
 */
import { Box, useBoxMetrics } from "ink";
import { Text } from "./text.tsx";
import { useMemo, useRef } from "react";
import type { Entry } from "../state/types.ts";
import { entryJoinsPrevious, entryLines, type EntryOptions } from "../render/entry_lines.ts";
import { style } from "../render/theme.ts";

/** Props of {@link Viewport}. */
export interface ViewportProps extends EntryOptions {
  entries: Entry[];
  count: number;
  /** Lines scrolled up from the bottom. */
  scroll: number;
}

const cache = new WeakMap<Entry, { key: string; lines: string[] }>();

/** Every entry's lines, with the blank lines between entries. */
export function transcriptLines(entries: readonly Entry[], options: EntryOptions): string[] {
  const key = `${options.width}:${options.expandTools}:${options.showReasoning}`;
  const out: string[] = [];
  entries.forEach((entry, i) => {
    let hit = cache.get(entry);
    if (hit?.key !== key) cache.set(entry, hit = { key, lines: entryLines(entry, options) });
    if (i > 0 && !entryJoinsPrevious(entry)) out.push("");
    out.push(...hit.lines);
  });
  return out;
}

/** The scrollable transcript. */
export function Viewport(props: ViewportProps) {
  const { entries, count, scroll, ...options } = props;
  const ref = useRef(null);
  const { height } = useBoxMetrics(ref);
  const lines = useMemo(
    () => transcriptLines(entries, options),
    [entries, count, options.width, options.expandTools, options.showReasoning],
  );
  const room = Math.max(1, height);
  const back = Math.min(scroll, Math.max(0, lines.length - room));
  const end = lines.length - back;
  const shown = lines.slice(Math.max(0, end - room), end);
  if (back > 0) shown[shown.length - 1] = style.dim(`↓ ${back} more lines (PgDn)`);
  return (
    <Box ref={ref} flexGrow={1} flexDirection="column" overflow="hidden">
      <Text>{shown.join("\n")}</Text>
    </Box>
  );
}
