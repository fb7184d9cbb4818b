/** The modal picker (models, modes, trust, setup) and the one-line question. */
import { Box, Text } from "ink";
import type { Picker, Prompt } from "../state/types.ts";
import { visibleItems } from "../app/dialogs.ts";
import { style } from "../render/theme.ts";

/** Lines of a picker: title, body, a window of the items, the filter. */
export function pickerLines(picker: Picker, maxItems: number): string[] {
  const items = visibleItems(picker);
  const lines = [style.bold(picker.title), ...(picker.body ?? [])];
  if (picker.body?.length) lines.push("");
  const start = Math.min(
    Math.max(0, picker.selected - maxItems + 1),
    Math.max(0, items.length - maxItems),
  );
  const labelWidth = Math.max(0, ...items.map((i) => i.label.length));
  items.slice(start, start + maxItems).forEach((item, i) => {
    const index = start + i;
    const chosen = index === picker.selected;
    const number = picker.filterable ? "" : `${index + 1}. `;
    const label = item.hint ? item.label.padEnd(labelWidth) : item.label;
    const hint = item.hint ? `  ${style.dim(item.hint)}` : "";
    lines.push(
      `${chosen ? style.accent("❯ ") : "  "}${number}${
        chosen ? style.accent(label) : label
      }${hint}`,
    );
  });
  if (items.length === 0) lines.push(style.dim("  nothing matches"));
  if (items.length > maxItems) lines.push(style.dim(`  ${picker.selected + 1}/${items.length}`));
  if (picker.filterable) lines.push("", `${style.dim("Filter:")} ${picker.filter}\x1b[7m \x1b[27m`);
  lines.push(style.dim("↑↓ to move · Enter to choose · Esc to go back"));
  return lines;
}

/** The picker. */
export function PickerView(props: { picker: Picker; width: number; maxItems: number }) {
  return (
    <Box borderStyle="round" borderColor="cyan" paddingX={1} width={props.width}>
      <Text>{pickerLines(props.picker, props.maxItems).join("\n")}</Text>
    </Box>
  );
}

/** The one-line question. */
export function PromptView(props: { prompt: Prompt; width: number }) {
  const { prompt } = props;
  const value = prompt.secret ? "•".repeat(prompt.value.length) : prompt.value;
  const lines = [
    style.bold(prompt.title),
    ...(prompt.body ?? []),
    `> ${value}\x1b[7m \x1b[27m`,
    style.dim("Enter to confirm · Esc to go back"),
  ];
  return (
    <Box borderStyle="round" borderColor="cyan" paddingX={1} width={props.width}>
      <Text>{lines.join("\n")}</Text>
    </Box>
  );
}
