/**
 * The live region: reasoning while the model thinks, the answer's growing last block,
 * calls running now, prompts waiting, and the working line. Kept shorter than the
 * screen, so Ink can always redraw it in place without flicker.
 */
import { Box, Text, useAnimation } from "ink";
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
  const lines: string[] = [];
  if (live.reasoning.trim()) {
    const tail = live.reasoning.trim().split("\n").flatMap((l) => wrapLines(l, width - 3, "  "));
    const keep = props.showReasoning ? 12 : 3;
    lines.push(style.dim(style.italic("✻ Thinking…")), ...tail.slice(-keep).map(style.dim));
  }
  if (live.tail.trim()) {
    if (lines.length) lines.push("");
    lines.push(...answerLines(live.tail, !live.answerStarted, width - 1));
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
