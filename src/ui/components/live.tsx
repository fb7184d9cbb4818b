/**
 * The live region: reasoning while the model thinks, the answer's growing last block,
 * calls running now, prompts waiting, and the working line. Kept shorter than the
 * screen, so Ink can always redraw it in place without flicker.
 */
import { Box, useAnimation } from "ink";
import { Text } from "./text.tsx";
import { useMemo } from "react";
import type { Live } from "../state/types.ts";
import { answerLines } from "../render/entry_lines.ts";
import { toolLines } from "../render/tool_lines.ts";
import { formatElapsed } from "../render/format.ts";
import { style } from "../render/theme.ts";
import { wrapLines } from "../render/wrap.ts";

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** Props of {@link LiveView}. */
export interface LiveProps {
  live: Live;
  queue: string[];
  width: number;
  /** Lines the live region may take. */
  maxLines: number;
  expandTools: boolean;
  showReasoning: boolean;
  now: () => number;
}

/** The live region (empty when idle). */
export function LiveView(props: LiveProps) {
  const { live, width, queue } = props;
  const busy = live.busy !== undefined;
  const { frame } = useAnimation({ interval: 100, isActive: busy });
  const spinner = SPINNER[frame % SPINNER.length];
  const keep = props.showReasoning ? 12 : 3;
  // Drawn again for every spinner frame: what did not change is not rendered again.
  const reasoning = useMemo(() => reasoningTail(live.reasoning, keep, width), [
    live.reasoning,
    keep,
    width,
  ]);
  const answer = useMemo(
    () => (live.tail.trim() ? answerLines(live.tail, !live.answerStarted, width - 1) : []),
    [live.tail, live.answerStarted, width],
  );
  const lines: string[] = [...reasoning];
  if (answer.length) {
    if (lines.length) lines.push("");
    lines.push(...answer);
  }
  // A call waiting for an answer is shown by the approval prompt itself.
  for (const view of live.tools.filter((t) => !t.awaitingApproval)) {
    if (lines.length) lines.push("");
    lines.push(...toolLines(view, { width: width - 1, expanded: false, spinner }));
  }
  for (const text of queue) {
    lines.push(style.dim(`⏳ queued: ${text.split("\n", 1)[0]}`));
  }
  const room = Math.max(3, props.maxLines - 1);
  const shown = lines.length > room ? lines.slice(lines.length - room) : lines;
  return (
    <Box flexDirection="column">
      {shown.length > 0
        ? (
          <Box marginTop={1}>
            <Text>{shown.join("\n")}</Text>
          </Box>
        )
        : null}
      {busy ? <Working live={live} spinner={spinner} now={props.now} /> : null}
    </Box>
  );
}

/** The last lines of the reasoning streaming in (only those are wrapped: it may be long). */
function reasoningTail(reasoning: string, keep: number, width: number): string[] {
  const text = reasoning.trim();
  if (!text) return [];
  // Where the last `keep` lines start, without splitting all of it.
  let start = text.length;
  for (let i = 0; i < keep && start > 0; i++) start = text.lastIndexOf("\n", start - 1);
  const last = text.slice(start + 1);
  const tail = last.split("\n").flatMap((l) => wrapLines(l, width - 3, "  "));
  return [style.dim(style.italic("✻ Thinking…")), ...tail.slice(-keep).map(style.dim)];
}

function Working(props: { live: Live; spinner: string; now: () => number }) {
  const { live } = props;
  const elapsed = formatElapsed(props.now() - (live.startedAt ?? props.now()));
  const what = live.activity || "Working";
  return (
    <Box marginTop={1}>
      <Text>
        {style.accent(props.spinner)} {what.split("\n", 1)[0]}…{" "}
        {style.dim(`(${elapsed} · esc to stop)`)}
      </Text>
    </Box>
  );
}
