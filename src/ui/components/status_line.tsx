/** The line under the input: provider and model, mode, how full the context is. */
import { Box } from "ink";
import { Text } from "./text.tsx";
import type { AgentMode } from "../../protocol.ts";
import type { Status } from "../state/types.ts";
import { formatTokens } from "../render/format.ts";
import { style } from "../render/theme.ts";
import cliTruncate from "cli-truncate";

const MODE_LABEL: Record<AgentMode, [string, (s: string) => string]> = {
  normal: ["▶ normal mode", style.dim],
  "auto-accept": ["⏵⏵ auto-accept mode", (s) => style.hunk(s)],
  plan: ["⏸ plan mode", style.warning],
  yolo: ["⏵⏵⏵ yolo mode", style.error],
};

/** The status line's text, at most `width` columns. */
export function statusText(status: Status, width: number): string {
  const [label, paint] = MODE_LABEL[status.mode];
  const parts = [
    style.dim(`${status.provider || "—"} · ${status.model || "no model"}`),
    paint(`${label} ${style.dim("(shift+tab)")}`),
  ];
  const context = contextText(status);
  if (context) parts.push(context);
  return cliTruncate(" " + parts.join(style.dim("  │  ")), Math.max(10, width));
}

function contextText(status: Status): string | undefined {
  const max = status.usage?.contextMax || status.contextMax;
  if (!max) return undefined;
  const used = status.usage?.contextUsed ?? 0;
  const percent = status.usage?.contextPercent ?? 0;
  const estimate = status.usage?.source === "estimate" ? "~" : "";
  const text = `ctx ${estimate}${formatTokens(used)}/${formatTokens(max)} (${percent.toFixed(0)}%)`;
  return percent >= 95 ? style.error(text) : percent >= 80 ? style.warning(text) : style.dim(text);
}

/** The status line. */
export function StatusLine(props: { status: Status; width: number }) {
  return (
    <Box>
      <Text>{statusText(props.status, props.width)}</Text>
    </Box>
  );
}
