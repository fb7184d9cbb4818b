/**
 * The whole screen: the transcript printed for good, then the live region and, at the
 * bottom, whatever takes the keys now — a picker or question, an approval, or the input
 * with its completion menu — and the status line.
 */
import { Box, useAnimation, useInput, usePaste, useWindowSize } from "ink";
import { Text } from "./text.tsx";
import { useEffect, useRef, useSyncExternalStore } from "react";
import type { Controller } from "../app/controller.ts";
import type { KeyHandler } from "../app/keys.ts";
import { style } from "../render/theme.ts";
import { ApprovalView } from "./approval.tsx";
import { CompletionMenu } from "./completion_menu.tsx";
import { PickerView, PromptView } from "./dialogs.tsx";
import { InputBox } from "./input_box.tsx";
import { LiveView } from "./live.tsx";
import { StatusLine } from "./status_line.tsx";
import { Transcript } from "./transcript.tsx";
import { Viewport } from "./viewport.tsx";

/** Props of {@link App}. */
export interface AppProps {
  controller: Controller;
  keys: KeyHandler;
}

/** The root component. */
export function App({ controller, keys }: AppProps) {
  const store = controller.store;
  useSyncExternalStore(store.subscribe, store.version);
  const { columns, rows } = useWindowSize();
  useEffect(() => store.setRows(rows), [rows]);
  useReprintOnResize(controller, columns, !store.state.altScreen);
  useInput((input, key) => keys.key(input, key));
  usePaste((text) => keys.paste(text));
  const s = store.state;
  const width = Math.max(20, columns);
  const entryOptions = { width, expandTools: s.expandTools, showReasoning: s.showReasoning };
  const transcript = s.altScreen
    ? <Viewport entries={s.entries} count={s.entries.length} scroll={s.scroll} {...entryOptions} />
    : <Transcript entries={s.entries} count={s.entries.length} epoch={s.epoch} {...entryOptions} />;
  // Leaving: the live region and the input go, the transcript stays in the scrollback.
  if (s.exiting) return <Box flexDirection="column">{s.altScreen ? null : transcript}</Box>;
  const inputLines = Math.min(rows, store.editor.text.split("\n").length);
  const menuLines = s.completion ? Math.min(9, s.completion.items.length + 1) : 0;
  const bottom = s.approval
    ? Math.min(rows - 4, Math.max(12, rows - 6))
    : inputLines + 5 + menuLines;
  return (
    <Box flexDirection="column" height={s.altScreen ? rows : undefined}>
      {transcript}
      <LiveView
        live={s.live}
        queue={s.queue}
        width={width}
        maxLines={Math.max(3, rows - bottom - 2)}
        expandTools={s.expandTools}
        showReasoning={s.showReasoning}
        now={store.now}
      />
      {s.picker
        ? <PickerView picker={s.picker} width={width} maxItems={Math.max(3, rows - 10)} />
        : s.prompt
        ? <PromptView prompt={s.prompt} width={width} />
        : s.approval
        ? <ApprovalView approval={s.approval} width={width} maxLines={bottom} />
        : (
          <InputBox
            editor={store.editor}
            width={width}
            hint={s.hint}
            busy={s.live.busy !== undefined}
          />
        )}
      {s.completion && !s.picker && !s.approval
        ? <CompletionMenu completion={s.completion} width={width} />
        : null}
      {s.phase === "chat"
        ? <StatusLine status={s.status} width={width} />
        : s.picker || s.prompt
        ? null
        : <Starting text={s.starting} />}
    </Box>
  );
}

/**
 * After the width changes, the terminal has re-wrapped (or cut) what was printed: clear
 * it and print the transcript again at the new width, once the resizing has settled.
 */
function useReprintOnResize(controller: Controller, columns: number, active: boolean): void {
  const first = useRef(columns);
  useEffect(() => {
    if (!active || columns === first.current) return;
    const timer = setTimeout(() => {
      first.current = columns;
      controller.host.clearScreen();
      controller.store.reprint();
    }, 150);
    return () => clearTimeout(timer);
  }, [columns]);
}

function Starting(props: { text: string }) {
  const { frame } = useAnimation({ interval: 100 });
  return (
    <Box>
      <Text>
        {" "}
        {style.accent("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"[frame % 10])} {style.dim(props.text)}
      </Text>
    </Box>
  );
}
