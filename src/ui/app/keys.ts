/**
 * Every key press, routed by what is on screen: a question or picker, an approval, the
 * completion menu, else the editor. One handler, so a key is never handled twice.
 */
import type { Key } from "ink";
import { listProjectFiles } from "../../engine/mod.ts";
import { completionFor } from "../input/completion.ts";
import { BUILTIN_COMMANDS } from "../commands/builtin.ts";
import { approvalChoices } from "../state/approval_choices.ts";
import type { Controller } from "./controller.ts";
import { visibleItems } from "./dialogs.ts";
import type { SlashHost } from "./slash_host.ts";
import { submitInput } from "./submit.ts";
import { mcpPromptCommands, McpResources } from "./mcp.ts";

/** Within this window a second Ctrl+C exits and a second Esc clears the input. */
const DOUBLE_PRESS_MS = 2000;
const ESC_AGAIN = "Press Esc again to clear the input";

/** Handles keys for one session. */
export class KeyHandler {
  readonly #c: Controller;
  readonly #slash: SlashHost;
  #lastCtrlC = 0;
  #lastEsc = 0;
  #files?: string[];
  #filesLoading = false;
  #resources = new McpResources();

  constructor(controller: Controller, slash: SlashHost) {
    this.#c = controller;
    this.#slash = slash;
  }

  /** Forgets the file list (files may have changed during a run). */
  refreshFiles(): void {
    this.#files = undefined;
  }

  /** A key (Ink's useInput). */
  key(input: string, key: Key): void {
    const store = this.#c.store;
    const state = store.state;
    if (key.ctrl && input === "c") return this.#ctrlC();
    if (state.prompt) return this.#promptKey(input, key);
    if (state.picker) return this.#pickerKey(input, key);
    if (state.approval) return this.#approvalKey(input, key);
    // Two Esc bytes in one read (a fast double tap, over ssh) arrive as one meta+Esc.
    if (key.escape) return this.#escape(key.meta ? 2 : 1);
    // While the session opens, typing ahead works; the rest waits for it.
    if (state.phase !== "chat" && !this.#isEditing(input, key)) return;
    if (key.tab && key.shift) return this.#c.cycleMode();
    if (key.ctrl && input === "o") return this.#c.toggleDetail("tools");
    if (key.ctrl && input === "r") return this.#c.toggleDetail("reasoning");
    if (state.altScreen && (key.pageUp || key.pageDown)) return this.#scroll(key.pageUp ? 1 : -1);
    if (state.completion && this.#completionKey(key)) return;
    this.#editorKey(input, key);
  }

  /** A paste (bracketed paste mode): into the editor, or the open question. */
  paste(text: string): void {
    const state = this.#c.store.state;
    if (state.prompt) state.prompt.value += text.replace(/\s*\n\s*/g, " ");
    else if (state.approval?.reason !== undefined) state.approval.reason += text;
    else if (!state.picker && !state.approval) {
      this.#c.store.editor.paste(text);
      this.#escHintGone();
      this.#updateCompletion();
    }
    this.#c.store.changed(true);
  }

  #ctrlC(): void {
    const c = this.#c;
    const now = Date.now();
    if (now - this.#lastCtrlC < DOUBLE_PRESS_MS) {
      void c.exit(0);
      return;
    }
    this.#lastCtrlC = now;
    if (c.store.state.phase !== "chat") {
      // Before the session opens there is nothing to keep: one press leaves.
      void c.exit(0);
      return;
    }
    c.cancel();
    c.store.editor.clear();
    c.store.state.completion = undefined;
    this.#hint("Press Ctrl+C again to exit");
  }

  /** PgUp/PgDn on the alternate screen: half a screen up or down the transcript. */
  #scroll(direction: 1 | -1): void {
    const store = this.#c.store;
    const step = Math.max(1, Math.floor((Deno.consoleSize?.().rows ?? 24) / 2));
    store.state.scroll = Math.max(0, store.state.scroll + direction * step);
    store.changed(true);
  }

  #hint(text: string): void {
    const store = this.#c.store;
    store.state.hint = text;
    store.changed(true);
    setTimeout(() => {
      if (store.state.hint === text) {
        store.state.hint = undefined;
        store.changed(true);
      }
    }, DOUBLE_PRESS_MS);
  }

  #escape(presses: number): void {
    if (this.#c.busy) return this.#c.cancel();
    for (let i = 0; i < presses; i++) this.#idleEscape();
  }

  /** Esc while idle: closes the menu, else the first press asks, the second clears. */
  #idleEscape(): void {
    const store = this.#c.store;
    if (store.state.completion) {
      store.state.completion = undefined;
      return store.changed(true);
    }
    if (store.editor.isEmpty) return;
    const now = Date.now();
    if (now - this.#lastEsc < DOUBLE_PRESS_MS) {
      store.editor.clear();
      this.#escHintGone();
      store.changed(true);
      return;
    }
    this.#lastEsc = now;
    this.#hint(ESC_AGAIN);
  }

  /** Typing after one Esc: the next Esc is a first one again, and its hint goes. */
  #escHintGone(): void {
    this.#lastEsc = 0;
    if (this.#c.store.state.hint === ESC_AGAIN) this.#c.store.state.hint = undefined;
  }

  #promptKey(input: string, key: Key): void {
    const prompt = this.#c.store.state.prompt!;
    if (key.escape) return prompt.onCancel();
    if (key.return) return prompt.onSubmit(prompt.value);
    if (key.backspace || key.delete) prompt.value = prompt.value.slice(0, -1);
    else if (key.ctrl && input === "u") prompt.value = "";
    else if (input && !key.ctrl && !key.meta) prompt.value += input.replace(/[\r\n]/g, "");
    this.#c.store.changed(true);
  }

  #pickerKey(input: string, key: Key): void {
    const picker = this.#c.store.state.picker!;
    const items = visibleItems(picker);
    if (key.escape) return picker.onCancel();
    if (key.return) {
      const item = items[picker.selected];
      if (item) picker.onPick(item.value);
      return;
    }
    if (key.upArrow) {
      picker.selected = (picker.selected - 1 + items.length) % Math.max(1, items.length);
    } else if (key.downArrow) picker.selected = (picker.selected + 1) % Math.max(1, items.length);
    else if (picker.filterable && (key.backspace || key.delete)) {
      picker.filter = picker.filter.slice(0, -1);
      picker.selected = 0;
    } else if (picker.filterable && input && !key.ctrl && !key.meta) {
      picker.filter += input;
      picker.selected = 0;
    } else if (!picker.filterable && /^[1-9]$/.test(input) && items[Number(input) - 1]) {
      return picker.onPick(items[Number(input) - 1].value);
    }
    this.#c.store.changed(true);
  }

  #approvalKey(input: string, key: Key): void {
    const c = this.#c;
    const approval = c.store.state.approval!;
    if (approval.reason !== undefined) {
      // After `n`: an optional reason, Enter sends the denial.
      if (key.return) return c.answer({ allow: false, reason: approval.reason.trim() });
      if (key.escape) return c.answer({ allow: false });
      if (key.backspace || key.delete) approval.reason = approval.reason.slice(0, -1);
      else if (input && !key.ctrl && !key.meta) approval.reason += input.replace(/\r/g, "");
      return c.store.changed(true);
    }
    const choices = approvalChoices(approval.request);
    const choose = (value: string) => {
      if (value === "allow_once") c.answer({ allow: true });
      else if (value === "allow_always") c.answer({ allow: true, always: true });
      else {
        approval.reason = "";
        c.store.changed(true);
      }
    };
    if (key.escape) return c.cancel();
    const byKey = choices.find((choice) => choice.key === input.toLowerCase());
    if (byKey && !key.ctrl && !key.meta) return choose(byKey.value);
    if (key.return) return choose(choices[approval.selected].value);
    if (key.upArrow) approval.selected = (approval.selected - 1 + choices.length) % choices.length;
    else if (key.downArrow) approval.selected = (approval.selected + 1) % choices.length;
    else if (key.pageDown) approval.scroll = approval.pages?.down ?? approval.scroll;
    else if (key.pageUp) approval.scroll = approval.pages?.up ?? approval.scroll;
    else return;
    c.store.changed(true);
  }

  #isEditing(input: string, key: Key): boolean {
    return !key.tab && !(key.ctrl && (input === "o" || input === "r"));
  }

  /** Keys the completion menu takes; false when the editor should have it. */
  #completionKey(key: Key): boolean {
    const store = this.#c.store;
    const completion = store.state.completion!;
    const count = completion.items.length;
    if (key.upArrow) completion.selected = (completion.selected - 1 + count) % count;
    else if (key.downArrow) completion.selected = (completion.selected + 1) % count;
    else if (key.tab || key.return) {
      const item = completion.items[completion.selected];
      const text = store.editor.text;
      // Enter on a command that is already complete sends it.
      if (key.return && completion.kind === "command" && item.value.trim() === text.trim()) {
        return false;
      }
      store.editor.replaceBeforeCursor(completion.start, item.value);
      store.state.completion = undefined;
      this.#updateCompletion();
    } else return false;
    store.changed(true);
    return true;
  }

  #editorKey(input: string, key: Key): void {
    const c = this.#c;
    const editor = c.store.editor;
    if (key.return) {
      if (key.shift || key.meta) editor.insert("\n");
      else if (editor.text.slice(0, editor.cursor).endsWith("\\")) {
        // A line ending in a backslash continues on the next one.
        editor.backspace();
        editor.insert("\n");
      } else {
        // Files may change during the run: the next `@` lists them again.
        this.refreshFiles();
        void submitInput(c, this.#slash);
        return;
      }
    } else if (input === "\n") editor.insert("\n");
    else if (key.upArrow) {
      if (!editor.up()) {
        const previous = c.history.previous(editor.text);
        if (previous !== undefined) editor.set(previous);
      }
    } else if (key.downArrow) {
      if (!editor.down()) {
        const next = c.history.next();
        if (next !== undefined) editor.set(next);
      }
    } else if (key.leftArrow) key.ctrl || key.meta ? editor.wordLeft() : editor.left();
    else if (key.rightArrow) key.ctrl || key.meta ? editor.wordRight() : editor.right();
    else if (key.home || (key.ctrl && input === "a")) editor.lineStart();
    else if (key.end || (key.ctrl && input === "e")) editor.lineEnd();
    else if (key.backspace) key.meta ? editor.deleteWordBack() : editor.backspace();
    else if (key.delete || (key.ctrl && input === "d")) editor.delete();
    else if (key.ctrl && input === "w") editor.deleteWordBack();
    else if (key.ctrl && input === "u") editor.deleteToLineStart();
    else if (key.ctrl && input === "k") editor.deleteToLineEnd();
    else if (key.ctrl && input === "b") editor.left();
    else if (key.ctrl && input === "f") editor.right();
    else if (input && !key.ctrl && !key.meta && !key.tab && !key.escape) {
      if (input.length > 1 && /[\r\n]/.test(input)) return this.#keysTogether(input, key);
      editor.insert(input);
      c.history.reset();
    } else return;
    this.#escHintGone();
    this.#updateCompletion();
    c.store.changed(true);
  }

  /**
   * Keys that arrived in one read (typed ahead while the program was busy): each Enter
   * is an Enter, as the terminal sent it. Pastes come separately (bracketed paste).
   */
  #keysTogether(input: string, key: Key): void {
    for (const part of input.split(/(\r\n?|\n)/)) {
      if (part === "") continue;
      if (part === "\n") this.#editorKey("\n", key);
      else if (part.startsWith("\r")) this.#editorKey("\r", { ...key, return: true });
      else this.#editorKey(part, key);
    }
  }

  #updateCompletion(): void {
    const c = this.#c;
    const { text, cursor } = c.store.editor;
    const commands = [
      ...BUILTIN_COMMANDS,
      ...c.commands.map((cmd) => ({
        name: cmd.name,
        description: cmd.description ?? "custom command",
        aliases: cmd.aliases,
      })),
      ...mcpPromptCommands(c.store.state.status.mcp),
    ];
    const mention = /(^|\s)@\S*$/.test(text.slice(0, cursor));
    if (mention && !this.#files) this.#loadFiles();
    const resources = mention ? this.#resources.get(c, () => this.#refreshMenu()) : [];
    c.store.state.completion = completionFor(text, cursor, commands, this.#files, resources);
  }

  /** Data for the open menu arrived: offer it. */
  #refreshMenu(): void {
    this.#updateCompletion();
    this.#c.store.changed(true);
  }

  #loadFiles(): void {
    if (this.#filesLoading) return;
    this.#filesLoading = true;
    listProjectFiles(this.#c.cwd).then((files) => {
      this.#files = files;
      this.#refreshMenu();
    }).catch(() => (this.#files = [])).finally(() => (this.#filesLoading = false));
  }
}
