/**
 * The prompt being typed: text, cursor, and big pastes kept as one block. A paste of
 * more than 10 lines or 800 characters shows as `[Paste #1: 3,204 chars]` (as Nanocoder
 * does), is deleted as a whole, and is put back in full when the prompt is sent.
 */

/**
 * A paste longer than this, or of more lines than PASTE_BLOCK_LINES, is kept as a block;
 * a shorter one is typed in, to be seen and edited (Claude Code and pi fold only big ones).
 */
export const PASTE_BLOCK_CHARS = 800;
export const PASTE_BLOCK_LINES = 10;

/** The text being edited. */
export class Editor {
  text = "";
  cursor = 0;
  #pastes = new Map<string, string>();
  #pasteCount = 0;
  /** Column kept while moving up and down through lines of different lengths. */
  #column?: number;

  /** Replaces everything (history recall, completion); the cursor goes to the end. */
  set(text: string): void {
    this.text = text;
    this.cursor = text.length;
    this.#column = undefined;
  }

  /** Empties the editor and forgets its pastes. */
  clear(): void {
    this.set("");
    this.#pastes.clear();
    this.#pasteCount = 0;
  }

  get isEmpty(): boolean {
    return this.text.length === 0;
  }

  insert(value: string): void {
    const clean = value.replace(/\r\n?/g, "\n");
    this.text = this.text.slice(0, this.cursor) + clean + this.text.slice(this.cursor);
    this.cursor += clean.length;
    this.#column = undefined;
  }

  /** A paste: a big one becomes a placeholder, a short one is typed in. */
  paste(value: string): void {
    const clean = value.replace(/\r\n?/g, "\n");
    const lines = clean.replace(/\n$/, "").split("\n").length;
    if (clean.length <= PASTE_BLOCK_CHARS && lines <= PASTE_BLOCK_LINES) return this.insert(clean);
    const label = `[Paste #${++this.#pasteCount}: ${clean.length.toLocaleString("en-US")} chars]`;
    this.#pastes.set(label, clean);
    this.insert(label);
  }

  /** The text to send: placeholders replaced by what was pasted. */
  expanded(): string {
    let out = this.text;
    for (const [label, content] of this.#pastes) out = out.split(label).join(content);
    return out;
  }

  backspace(): void {
    if (this.cursor === 0) return;
    const block = this.#placeholderEndingAt(this.cursor);
    const from = block ? this.cursor - block.length : this.cursor - 1;
    this.#remove(from, this.cursor);
  }

  delete(): void {
    if (this.cursor >= this.text.length) return;
    const block = this.#placeholderStartingAt(this.cursor);
    this.#remove(this.cursor, this.cursor + (block?.length ?? 1));
  }

  left(): void {
    const block = this.#placeholderEndingAt(this.cursor);
    this.cursor = Math.max(0, this.cursor - (block?.length ?? 1));
    this.#column = undefined;
  }

  right(): void {
    const block = this.#placeholderStartingAt(this.cursor);
    this.cursor = Math.min(this.text.length, this.cursor + (block?.length ?? 1));
    this.#column = undefined;
  }

  wordLeft(): void {
    let i = this.cursor;
    while (i > 0 && /\s/.test(this.text[i - 1])) i--;
    while (i > 0 && !/\s/.test(this.text[i - 1])) i--;
    this.cursor = i;
  }

  wordRight(): void {
    let i = this.cursor;
    while (i < this.text.length && /\s/.test(this.text[i])) i++;
    while (i < this.text.length && !/\s/.test(this.text[i])) i++;
    this.cursor = i;
  }

  /** Start of the current line (Home, Ctrl+A). */
  lineStart(): void {
    this.cursor = this.text.lastIndexOf("\n", this.cursor - 1) + 1;
  }

  /** End of the current line (End, Ctrl+E). */
  lineEnd(): void {
    const next = this.text.indexOf("\n", this.cursor);
    this.cursor = next === -1 ? this.text.length : next;
  }

  /** Ctrl+W: the word before the cursor. */
  deleteWordBack(): void {
    const end = this.cursor;
    this.wordLeft();
    this.#remove(this.cursor, end);
  }

  /** Ctrl+U: from the line's start to the cursor. */
  deleteToLineStart(): void {
    const end = this.cursor;
    this.lineStart();
    this.#remove(this.cursor, end);
  }

  /** Ctrl+K: from the cursor to the line's end. */
  deleteToLineEnd(): void {
    const start = this.cursor;
    this.lineEnd();
    this.#remove(start, this.cursor === start ? start + 1 : this.cursor);
  }

  /** Moves up one line; false when already on the first one (history takes over). */
  up(): boolean {
    const { row, col } = this.position();
    if (row === 0) return false;
    this.#moveTo(row - 1, this.#column ?? col);
    return true;
  }

  /** Moves down one line; false when already on the last one. */
  down(): boolean {
    const { row, col } = this.position();
    if (row === this.text.split("\n").length - 1) return false;
    this.#moveTo(row + 1, this.#column ?? col);
    return true;
  }

  /** The cursor's line and column (0-based). */
  position(): { row: number; col: number } {
    const before = this.text.slice(0, this.cursor).split("\n");
    return { row: before.length - 1, col: before.at(-1)!.length };
  }

  /** The word the cursor is at the end of (for `@path` and `/command` completion). */
  currentWord(): { start: number; word: string } {
    let start = this.cursor;
    while (start > 0 && !/\s/.test(this.text[start - 1])) start--;
    return { start, word: this.text.slice(start, this.cursor) };
  }

  /** Replaces `[start, cursor)` with `value` (accepting a completion). */
  replaceBeforeCursor(start: number, value: string): void {
    this.text = this.text.slice(0, start) + value + this.text.slice(this.cursor);
    this.cursor = start + value.length;
  }

  #moveTo(row: number, col: number): void {
    const lines = this.text.split("\n");
    let index = 0;
    for (let r = 0; r < row; r++) index += lines[r].length + 1;
    this.cursor = index + Math.min(col, lines[row].length);
    this.#column = col;
  }

  #remove(from: number, to: number): void {
    const removed = this.text.slice(from, to);
    this.text = this.text.slice(0, from) + this.text.slice(to);
    this.cursor = from;
    this.#column = undefined;
    for (const label of this.#pastes.keys()) {
      if (removed.includes(label) && !this.text.includes(label)) this.#pastes.delete(label);
    }
  }

  #placeholderEndingAt(index: number): string | undefined {
    for (const label of this.#pastes.keys()) {
      if (this.text.slice(index - label.length, index) === label) return label;
    }
    return undefined;
  }

  #placeholderStartingAt(index: number): string | undefined {
    for (const label of this.#pastes.keys()) {
      if (this.text.startsWith(label, index)) return label;
    }
    return undefined;
  }
}
