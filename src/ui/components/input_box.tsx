/** The prompt being typed, with its cursor, in a box; a hint line under it. */
import { Box } from "ink";
import { Text } from "./text.tsx";
import type { Editor } from "../input/editor.ts";
import { style } from "../render/theme.ts";

const PLACEHOLDER = "Ask anything · / commands · @ files · ! shell · ↑ history";

/** Props of {@link InputBox}. */
export interface InputBoxProps {
  editor: Editor;
  width: number;
  hint?: string;
  /** Dim the box while an answer streams (typing still works). */
  busy: boolean;
}

/** The input box. */
export function InputBox(props: InputBoxProps) {
  const { editor } = props;
  const body = editor.isEmpty
    ? `${cursorAt(" ")}${style.dim(PLACEHOLDER)}`
    : withCursor(editor.text, editor.cursor);
  const lines = body.split("\n").map((line, i) => (i === 0 ? "> " : "  ") + line);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Box
        borderStyle="round"
        borderColor={props.busy ? "gray" : "cyan"}
        paddingX={1}
        width={props.width}
      >
        <Text>{lines.join("\n")}</Text>
      </Box>
      {props.hint ? <Text>{style.dim(`  ${props.hint}`)}</Text> : null}
    </Box>
  );
}

/** The text with the character under the cursor in reverse video (a space at the end). */
export function withCursor(text: string, cursor: number): string {
  const at = text[cursor];
  if (at === undefined) return text + cursorAt(" ");
  if (at === "\n") return text.slice(0, cursor) + cursorAt(" ") + text.slice(cursor);
  return text.slice(0, cursor) + cursorAt(at) + text.slice(cursor + 1);
}

/** Reverse video, not a colour: the cursor shows under NO_COLOR too. */
function cursorAt(ch: string): string {
  return `\x1b[7m${ch}\x1b[27m`;
}
