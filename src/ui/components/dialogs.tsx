/** The modal picker (models, modes, trust, setup) and the one-line question. */
import { Box } from "ink";
import { Text } from "./text.tsx";
import type { Picker, Prompt } from "../state/types.ts";
import { visibleItems } from "../app/dialogs.ts";
import { style } from "../render/theme.ts";
import { widthOf, wrapLines } from "../render/wrap.ts";

/** Columns inside a dialog's border and padding. */
const innerWidth = (width: number) => Math.max(20, width - 4);

/** Body text reflowed to the dialog: a line is a paragraph, never broken twice. */
function bodyLines(body: string[] | undefined, width: number): string[] {
  return (body ?? []).flatMap((text) => text.split("\n")).flatMap((line) =>
    line === "" ? [""] : wrapLines(line, innerWidth(width))
  );
}

/**
 * Lines of a picker: title, body, a window of the items, the filter. `width` is the
 * dialog's, border included: the body reflows to it, and a long item continues under
 * its label.
 */
export function pickerLines(picker: Picker, maxItems: number, width = Infinity): string[] {
  const items = visibleItems(picker);
  const lines = [style.bold(picker.title), ...bodyLines(picker.body, width)];
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
    const indent = " ".repeat(2 + number.length);
    const row = `${chosen ? style.accent("❯ ") : "  "}${number}${
      chosen ? style.accent(label) : label
    }`;
    // A hint that does not fit beside its label goes below it.
    if (widthOf(row + hint) <= innerWidth(width)) lines.push(row + hint);
    else {
      lines.push(...wrapLines(row.trimEnd(), innerWidth(width), "", indent));
      if (item.hint) lines.push(...wrapLines(style.dim(item.hint), innerWidth(width), indent));
    }
  });
  if (items.length === 0) lines.push(style.dim("  nothing matches"));
  if (items.length > maxItems) lines.push(style.dim(`  ${picker.selected + 1}/${items.length}`));
  if (picker.filterable) lines.push("", `${style.dim("Filter:")} ${picker.filter}\x1b[7m \x1b[27m`);
  lines.push(style.dim(`↑↓ to move · Enter to choose · Esc to ${picker.escape}`));
  return lines;
}

/** The picker. */
export function PickerView(props: { picker: Picker; width: number; maxItems: number }) {
  return (
    <Box borderStyle="round" borderColor="cyan" paddingX={1} width={props.width}>
      <Text>{pickerLines(props.picker, props.maxItems, props.width).join("\n")}</Text>
    </Box>
  );
}

/** The one-line question. */
export function PromptView(props: { prompt: Prompt; width: number }) {
  const { prompt } = props;
  const value = prompt.secret ? "•".repeat(prompt.value.length) : prompt.value;
  // The default is a placeholder, not text in the field: typing replaces it.
  const field = value === "" && prompt.placeholder
    ? `\x1b[7m${prompt.placeholder[0]}\x1b[27m${style.dim(prompt.placeholder.slice(1))}`
    : `${value}\x1b[7m \x1b[27m`;
  const enter = prompt.placeholder ? "Enter to confirm (empty: the default)" : "Enter to confirm";
  const lines = [
    style.bold(prompt.title),
    ...bodyLines(prompt.body, props.width),
    `> ${field}`,
    style.dim(`${enter} · Ctrl+U to clear · Esc to ${prompt.escape}`),
  ];
  return (
    <Box borderStyle="round" borderColor="cyan" paddingX={1} width={props.width}>
      <Text>{lines.join("\n")}</Text>
    </Box>
  );
}
