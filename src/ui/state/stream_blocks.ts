/**
 * Splits a streaming markdown answer into blocks that are finished and can be printed
 * for good (Ink's `<Static>`), leaving only the last, growing block live. This is what
 * keeps a long answer from flickering: the live region stays small however long the
 * answer gets, and finished blocks are never re-rendered.
 *
 * A block ends at a blank line outside a code fence, or at the end of a fence. A block
 * that grows past `maxLines` without ending (a long code block, a long list) is cut at
 * a line boundary: a code block is closed and reopened with the same fence, and the
 * next block is marked `continued` so it is printed without a gap.
 */

/** A finished piece of the answer. */
export interface Block {
  /** Markdown source, complete in itself. */
  source: string;
  /** Printed right under the previous block (the same code block or list, cut). */
  continued: boolean;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;

interface Fence {
  /** The opening line, to reopen the fence after a cut. */
  line: string;
  char: string;
  length: number;
}

/** Feeds deltas in, takes finished blocks out. */
export class BlockSplitter {
  #lines: string[] = [];
  #partial = "";
  #fence?: Fence;
  #continued = false;
  /** Lines a block may grow to before it is cut. */
  maxLines: number;

  constructor(maxLines = 40) {
    this.maxLines = Math.max(4, maxLines);
  }

  /** Adds streamed text; returns the blocks it finished. */
  push(delta: string): Block[] {
    const out: Block[] = [];
    const parts = (this.#partial + delta).split("\n");
    this.#partial = parts.pop()!;
    for (const line of parts) this.#line(line, out);
    return out;
  }

  /** The text not finished yet (what the live region shows). */
  get tail(): string {
    return this.#lines.length ? `${this.#lines.join("\n")}\n${this.#partial}` : this.#partial;
  }

  /** The answer is complete: the rest as a last block, if any. */
  end(): Block[] {
    const out: Block[] = [];
    if (this.#partial) this.#lines.push(this.#partial);
    this.#partial = "";
    this.#commit(out);
    this.#fence = undefined;
    this.#continued = false;
    return out;
  }

  #line(line: string, out: Block[]): void {
    if (this.#fence) {
      this.#lines.push(line);
      if (closes(line, this.#fence)) {
        this.#fence = undefined;
        this.#commit(out);
      } else if (this.#lines.length >= this.maxLines) {
        // Close the fence for this block and reopen it for the next.
        const fence = this.#fence;
        this.#lines.push(fence.char.repeat(fence.length));
        this.#commit(out);
        this.#lines = [fence.line];
        this.#continued = true;
      }
      return;
    }
    if (line.trim() === "") {
      this.#commit(out);
      return;
    }
    const open = FENCE_OPEN.exec(line);
    if (open && !(open[1][0] === "`" && open[2].includes("`"))) {
      // A block before the fence (a paragraph with no blank line) ends here.
      this.#commit(out);
      this.#fence = { line, char: open[1][0], length: open[1].length };
    } else if (this.#lines.length >= this.maxLines && !inTable(this.#lines, line)) {
      this.#cutBefore(line, out);
    }
    this.#lines.push(line);
  }

  /** Cuts a long block before an unindented line, so a list item stays whole. */
  #cutBefore(next: string, out: Block[]): void {
    let at = this.#lines.length;
    if (/^\s/.test(next)) {
      at--;
      while (at > 0 && /^\s/.test(this.#lines[at])) at--;
      if (at <= 0) at = this.#lines.length; // nothing unindented: cut here anyway
    }
    const rest = this.#lines.splice(at);
    this.#commit(out, true);
    this.#lines = rest;
  }

  /** Emits the collected lines as a block; `continues`: the next one follows without a gap. */
  #commit(out: Block[], continues = false): void {
    if (this.#lines.some((l) => l.trim() !== "")) {
      out.push({ source: this.#lines.join("\n"), continued: this.#continued });
      this.#continued = continues;
    }
    this.#lines = [];
  }
}

function closes(line: string, fence: Fence): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return !!match && match[1][0] === fence.char && match[1].length >= fence.length;
}

/** A table must not be cut: its header is needed to read it (cut only when huge). */
function inTable(lines: string[], next: string): boolean {
  return lines.length < 400 && /^\s*\|/.test(next) && /^\s*\|/.test(lines.at(-1) ?? "");
}
