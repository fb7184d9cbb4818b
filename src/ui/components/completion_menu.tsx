/** The completion menu under the input: slash commands or project files. */
import { Box } from "ink";
import { Text } from "./text.tsx";
import type { CompletionState } from "../input/completion.ts";
import { MENU_SIZE } from "../input/completion.ts";
import { style } from "../render/theme.ts";
import cliTruncate from "cli-truncate";

/** The menu's lines: a window of the offers around the selected one. */
export function completionLines(completion: CompletionState, width: number): string[] {
  const { items, selected } = completion;
  const start = Math.min(
    Math.max(0, selected - MENU_SIZE + 1),
    Math.max(0, items.length - MENU_SIZE),
  );
  const labelWidth = Math.min(32, Math.max(...items.map((i) => i.label.length)));
  const lines = items.slice(start, start + MENU_SIZE).map((item, i) => {
    const chosen = start + i === selected;
    const label = item.label.padEnd(labelWidth);
    const text = `${chosen ? "❯ " : "  "}${chosen ? style.accent(label) : label}${
      item.hint ? `  ${style.dim(item.hint)}` : ""
    }`;
    return cliTruncate(text, Math.max(10, width - 1));
  });
  if (items.length > MENU_SIZE) {
    lines.push(style.dim(`  ${selected + 1}/${items.length} · tab to complete`));
  }
  return lines;
}

/** The menu. */
export function CompletionMenu(props: { completion: CompletionState; width: number }) {
  return (
    <Box paddingLeft={1}>
      <Text>{completionLines(props.completion, props.width).join("\n")}</Text>
    </Box>
  );
}
