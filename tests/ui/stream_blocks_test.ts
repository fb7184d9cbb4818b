import assert from "node:assert/strict";
import { type Block, BlockSplitter } from "../../src/ui/state/stream_blocks.ts";

/** Feeds `text` in pieces of `size` characters; returns every block and the tail. */
function stream(text: string, size: number, maxLines = 40) {
  const splitter = new BlockSplitter(maxLines);
  const blocks: Block[] = [];
  for (let i = 0; i < text.length; i += size) {
    blocks.push(...splitter.push(text.slice(i, i + size)));
  }
  return { blocks, tail: splitter.tail, end: () => [...blocks, ...splitter.end()] };
}

Deno.test("paragraphs are finished at a blank line; the growing one stays live", () => {
  const { blocks, tail } = stream("First para.\n\nSecond para\nstill going", 3);
  assert.deepEqual(blocks, [{ source: "First para.", continued: false }]);
  assert.equal(tail, "Second para\nstill going");
});

Deno.test("a blank line inside a code fence does not end the block", () => {
  const text = "```ts\nconst a = 1;\n\nconst b = 2;\n```\nAfter.";
  const { blocks, end } = stream(text, 5);
  assert.deepEqual(blocks, [{
    source: "```ts\nconst a = 1;\n\nconst b = 2;\n```",
    continued: false,
  }]);
  assert.deepEqual(end().at(-1), { source: "After.", continued: false });
});

Deno.test("a paragraph right before a fence ends where the fence starts", () => {
  const { blocks } = stream("Here:\n```\nx\n```\n", 4);
  assert.deepEqual(blocks, [
    { source: "Here:", continued: false },
    { source: "```\nx\n```", continued: false },
  ]);
});

Deno.test("a long code block is cut, closed and reopened, the rest printed without a gap", () => {
  const code = Array.from({ length: 10 }, (_, i) => `line ${i}`).join("\n");
  const { end } = stream("~~~~py\n" + code + "\n~~~~\n", 7, 4);
  const blocks = end();
  assert.deepEqual(blocks.map((b) => b.continued), [false, true, true, true]);
  assert.equal(blocks[0].source, "~~~~py\nline 0\nline 1\nline 2\n~~~~");
  assert.equal(blocks[1].source, "~~~~py\nline 3\nline 4\nline 5\n~~~~");
  assert.ok(blocks.every((b) => b.source.startsWith("~~~~py\n") && b.source.endsWith("\n~~~~")));
  const all = blocks.flatMap((b) => b.source.split("\n").slice(1, -1));
  assert.deepEqual(all, code.split("\n"));
});

Deno.test("a long list is cut between items, never inside one", () => {
  const items = Array.from({ length: 6 }, (_, i) => `- item ${i}\n  more ${i}`).join("\n");
  const blocks = stream(items, 9, 4).end();
  assert.ok(blocks.length > 1);
  for (const block of blocks) assert.match(block.source, /^- item \d/);
  assert.deepEqual(blocks.map((b) => b.continued), [false, ...blocks.slice(1).map(() => true)]);
  assert.equal(blocks.map((b) => b.source).join("\n"), items);
});

Deno.test("a table is not cut while it grows", () => {
  const rows = Array.from({ length: 8 }, (_, i) => `| ${i} | x |`).join("\n");
  const { blocks, tail } = stream("| a | b |\n|---|---|\n" + rows + "\n", 6, 4);
  assert.deepEqual(blocks, []);
  assert.ok(tail.startsWith("| a | b |"));
});

Deno.test("end() gives the last block and resets", () => {
  const splitter = new BlockSplitter();
  assert.deepEqual(splitter.push("Only one"), []);
  assert.deepEqual(splitter.end(), [{ source: "Only one", continued: false }]);
  assert.deepEqual(splitter.end(), []);
  assert.equal(splitter.tail, "");
});

Deno.test("inline triple backticks are not a fence", () => {
  const { blocks, tail } = stream("```code``` at the start\n\nnext", 4);
  assert.deepEqual(blocks, [{ source: "```code``` at the start", continued: false }]);
  assert.equal(tail, "next");
});
