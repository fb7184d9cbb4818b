import assert from "node:assert/strict";
import { Editor, PASTE_BLOCK_CHARS, PASTE_BLOCK_LINES } from "../../src/ui/input/editor.ts";

Deno.test("typing inserts at the cursor; arrows and word jumps move it", () => {
  const e = new Editor();
  e.insert("hello world");
  e.wordLeft();
  e.insert("big ");
  assert.equal(e.text, "hello big world");
  e.lineStart();
  e.right();
  e.delete();
  assert.equal(e.text, "hllo big world");
  e.lineEnd();
  e.backspace();
  assert.equal(e.text, "hllo big worl");
});

Deno.test("Ctrl+W, Ctrl+U and Ctrl+K delete a word, to the line start, to the line end", () => {
  const e = new Editor();
  e.insert("one two three");
  e.deleteWordBack();
  assert.equal(e.text, "one two ");
  e.left();
  e.left();
  e.deleteToLineEnd();
  assert.equal(e.text, "one tw");
  e.deleteToLineStart();
  assert.equal(e.text, "");
});

Deno.test("up and down move between lines, keeping the column; false at the edges", () => {
  const e = new Editor();
  e.insert("first line\nab\nthird line");
  assert.deepEqual(e.position(), { row: 2, col: 10 });
  assert.equal(e.up(), true);
  assert.deepEqual(e.position(), { row: 1, col: 2 });
  assert.equal(e.up(), true);
  assert.deepEqual(e.position(), { row: 0, col: 10 });
  assert.equal(e.up(), false);
  assert.equal(e.down(), true);
  assert.equal(e.down(), true);
  assert.equal(e.down(), false);
});

Deno.test("a paste of many lines or characters is one block, deleted whole, sent in full", () => {
  const e = new Editor();
  e.insert("see ");
  const big = "x".repeat(PASTE_BLOCK_CHARS + 1);
  e.paste(big);
  assert.equal(e.text, `see [Paste #1: ${(PASTE_BLOCK_CHARS + 1).toLocaleString("en-US")} chars]`);
  const many = Array.from({ length: PASTE_BLOCK_LINES + 1 }, (_, i) => `${i}`).join("\n");
  e.paste(many);
  assert.match(e.text, /\[Paste #2: 22 chars\]$/);
  assert.equal(e.expanded(), `see ${big}${many}`);
  e.backspace();
  assert.equal(e.expanded(), `see ${big}`);
  e.left();
  assert.equal(e.cursor, 4, "the cursor jumps over a block");
  e.paste("short");
  assert.equal(e.text.slice(0, 9), "see short");
});

Deno.test("currentWord and replaceBeforeCursor complete the word being typed", () => {
  const e = new Editor();
  e.insert("explain @src/m");
  assert.deepEqual(e.currentWord(), { start: 8, word: "@src/m" });
  e.replaceBeforeCursor(8, "@src/mod.ts ");
  assert.equal(e.text, "explain @src/mod.ts ");
  assert.equal(e.cursor, e.text.length);
});

Deno.test("a short paste of a few lines is typed in, to be seen and edited", () => {
  const e = new Editor();
  const short = "first line here\nsecond line here\nthird line!!";
  e.paste(short);
  assert.equal(e.text, short);
  assert.equal(e.cursor, short.length);
});
