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
import { type PreviewWindow, previewWindow } from "../render/preview_window.ts";
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
  const { head, lines: preview, tail } = approvalPreview(request, inner);
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
  const room = Math.max(4, props.maxLines - footer.length - 5 - head.length - tail.length);
  const view = previewWindow(preview, approval.scroll, room);
  approval.scroll = view.top;
  approval.pages = { up: view.up, down: view.down };
  const lines = [style.bold(`Allow ${visible(request.title)}?`), ...head, ...view.rows];
  if (view.scrolls) lines.push(style.dim(scrollLine(view)));
  lines.push(...tail, "", ...footer);
  return lines;
}

/** Which lines show of a preview longer than the prompt: "lines 11–30 of 70". */
function scrollLine(view: PreviewWindow): string {
  const keys = view.top === 0 ? "PgDn" : view.down === view.top ? "PgUp" : "PgUp/PgDn";
  const which = view.first === view.last
    ? `line ${view.first + 1}`
    : `lines ${view.first + 1}–${view.last + 1}`;
  return `${which} of ${view.count} (${keys} to scroll)`;
}

/** The approval prompt. */
export function ApprovalView(props: ApprovalProps) {
  return (
    <Box borderStyle="round" borderColor="yellow" paddingX={1} width={props.width}>
      <Text>{approvalLines(props).join("\n")}</Text>
    </Box>
  );
}
