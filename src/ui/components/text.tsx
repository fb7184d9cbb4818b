/**
 * The only way text reaches Ink. The model's answer and reasoning, tool results, file
 * names, MCP servers' texts, session titles, even a paste: any of it may hold escape
 * sequences a terminal would act on (clear the screen, move the cursor to fake a
 * dialog, set the window title, write the clipboard with OSC 52) or characters that
 * hide or reorder text (`\r`, bidi overrides). Every string child is written out by
 * `terminalSafe` here, at the one place all of them pass, keeping the colour codes
 * the UI adds. Components import `Text` from this file, never from "ink" (a test
 * checks it).
 */
import { Text as InkText, type TextProps } from "ink";
import { Children, type ReactNode } from "react";
import { terminalSafe } from "../render/visible.ts";

/** Ink's `Text`, its strings made safe for the terminal. */
export function Text(props: TextProps) {
  return <InkText {...props}>{safeChildren(props.children)}</InkText>;
}

function safeChildren(children: ReactNode): ReactNode {
  if (typeof children === "string") return terminalSafe(children);
  return Children.map(children, (child) => typeof child === "string" ? terminalSafe(child) : child);
}
