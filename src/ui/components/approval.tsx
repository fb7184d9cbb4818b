/**
 * The approval prompt, in place of the input: the call's title, what it would do (a
 * diff, or the command), a warning, and the answers — y once, a always (with what
 * "always" covers), n no (then an optional reason for the model); arrows and Enter too.
 */
import { Box } from "ink";
import { Text } from "./text.tsx";
import type { ApprovalState } from "../state/types.ts";
import { approvalChoices } from "../state/approval_choices.ts";
import { approvalPreview } from "../render/approval_lines.ts";
import { style } from "../render/theme.ts";
import { visible } from "../render/visible.ts";

/** Props of {@link ApprovalView}. */
export interface ApprovalProps {
  approval: ApprovalState;
  width: number;
  /** Lines the whole prompt may take. */
  maxLines: number;
}

/** The approval prompt's inner lines (for tests and the component). */
export function approvalLines(props: ApprovalProps): string[] {
  const { approval, width } = props;
  const inner = Math.max(20, width - 4);
  const request = approval.request;
  const preview = approvalPreview(request, inner);
  const choices = approvalChoices(request);
  const footer = approval.reason !== undefined
    ? [
      style.bold("Why not? (optional — Enter sends, Esc skips)"),
      `> ${approval.reason}\x1b[7m \x1b[27m`,
    ]
    : choices.map((choice, i) => {
      const chosen = i === approval.selected;
      const text = `${i + 1}. ${choice.label} ${style.dim(`(${choice.key})`)}`;
      return chosen ? `${style.accent("❯")} ${text}` : `  ${text}`;
    });
  const room = Math.max(4, props.maxLines - footer.length - 5);
  const start = Math.min(approval.scroll, Math.max(0, preview.length - room));
  approval.scroll = start;
  const shown = preview.slice(start, start + room);
  const lines = [style.bold(`Allow ${visible(request.title)}?`), ...shown];
  if (shown.length < preview.length) {
    lines.push(style.dim(scrollLine(start, shown.length, preview.length)));
  }
  lines.push("", ...footer);
  return lines;
}

/** Where the window is in a preview longer than the prompt: "lines 11–30 of 71". */
function scrollLine(start: number, shown: number, total: number): string {
  const keys = start === 0 ? "PgDn" : start + shown >= total ? "PgUp" : "PgUp/PgDn";
  return `lines ${start + 1}–${start + shown} of ${total} (${keys} to scroll)`;
}

/** The approval prompt. */
export function ApprovalView(props: ApprovalProps) {
  return (
    <Box borderStyle="round" borderColor="yellow" paddingX={1} width={props.width}>
      <Text>{approvalLines(props).join("\n")}</Text>
    </Box>
  );
}
