/**
 * What is printed for good, through Ink's `<Static>`: each entry is written once, above
 * the live region, and never drawn again (remounted with a new key only when the whole
 * transcript is printed again after /clear or a change of detail level).
 */
import { Box, Static } from "ink";
import { Text } from "./text.tsx";
import { memo, useMemo } from "react";
import type { Entry } from "../state/types.ts";
import { entryJoinsPrevious, entryLines, type EntryOptions } from "../render/entry_lines.ts";

/** Props of {@link Transcript}. */
export interface TranscriptProps extends EntryOptions {
  /** Grows in place: `count` tells React it changed. */
  entries: Entry[];
  count: number;
  epoch: number;
}

/** The finished entries. */
export const Transcript = memo(function Transcript(props: TranscriptProps) {
  const { entries, epoch, count, ...options } = props;
  // Static compares its items by identity: give it a new array when one was added.
  const items = useMemo(() => entries.slice(), [entries, count]);
  return (
    <Static key={epoch} items={items}>
      {(entry, index) => (
        <Box key={entry.id} marginTop={index === 0 || entryJoinsPrevious(entry) ? 0 : 1}>
          <Text>{entryLines(entry, options).join("\n")}</Text>
        </Box>
      )}
    </Static>
  );
});
