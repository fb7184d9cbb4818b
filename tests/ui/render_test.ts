/** Markdown, diffs and highlighting as terminal text. */
import assert from "node:assert/strict";
import { renderMarkdown } from "../../src/ui/render/markdown.ts";
import { changeDiff, parseUnifiedDiff, renderDiff } from "../../src/ui/render/diff.ts";
import {
  highlight,
  htmlToAnsi,
  languageOf,
  loadHighlighter,
} from "../../src/ui/render/highlight.ts";
import { setColor } from "../../src/ui/render/theme.ts";
import { plain } from "./_ink.ts";
import { widthOf } from "../../src/ui/render/wrap.ts";
import { entryLines } from "../../src/ui/render/entry_lines.ts";
import { toolsPanel } from "../../src/ui/commands/panels.ts";
import type { Status } from "../../src/ui/state/types.ts";

Deno.test("markdown: headings, emphasis, lists with hanging indent, quotes, rules", () => {
  setColor(false);
  const lines = renderMarkdown(
    "# Title\n\nSome *em* and **strong** and `code` and [a link](http://x.y).\n\n" +
      "- a list item long enough to wrap onto a second line here\n  - nested\n\n> quoted\n\n---",
    40,
  );
  assert.deepEqual(lines, [
    "Title",
    "",
    "Some em and strong and code and a link",
    "(http://x.y).",
    "",
    "• a list item long enough to wrap onto a",
    "  second line here",
    "  • nested",
    "",
    "│ quoted",
    "",
    "─".repeat(40),
  ]);
});

Deno.test("markdown: tables fit the width, code keeps its lines", () => {
  setColor(false);
  const lines = renderMarkdown(
    "| name | what it does |\n|---|---|\n| x | a cell with far too much text for its column |\n\n```\n  indented();\n```",
    30,
  );
  assert.ok(lines.every((l) => widthOf(l) <= 30), lines.join("\n"));
  assert.equal(lines[0], "┌──────┬─────────────────────┐");
  assert.ok(lines.includes("    indented();"));
});

Deno.test("highlighting colours known languages once loaded, and leaves others plain", async () => {
  setColor(true, 1);
  try {
    assert.equal(languageOf("ts"), "typescript");
    assert.equal(languageOf("Python title=x"), "python");
    assert.equal(languageOf("klingon"), undefined);
    await loadHighlighter(["typescript"]);
    const code = "const a = 'x'; // note";
    const out = highlight(code, "ts");
    assert.notEqual(out, code);
    assert.equal(plain(out), code);
    assert.equal(highlight(code, "klingon"), code);
    assert.equal(
      plain(htmlToAnsi('<span class="hljs-string">&quot;a &amp; b&quot;</span>')),
      '"a & b"',
    );
  } finally {
    setColor(false);
  }
});

Deno.test("diffs: numbers from hunk headers; a new file is all added lines", () => {
  setColor(false);
  const lines = parseUnifiedDiff("--- a/x\n+++ b/x\n@@ -3,2 +3,2 @@\n keep\n-old\n+new\n");
  assert.deepEqual(lines, [
    { kind: "context", line: 3, text: "keep" },
    { kind: "remove", line: 4, text: "old" },
    { kind: "add", line: 4, text: "new" },
  ]);
  assert.deepEqual(renderDiff(lines, 40), ["3   keep", "4 - old", "4 + new"]);
  assert.deepEqual(changeDiff({ path: "/p/n.txt", oldText: null, newText: "a\nb\n" }), [
    { kind: "add", line: 1, text: "a" },
    { kind: "add", line: 2, text: "b" },
  ]);
  const edited = changeDiff({ path: "/p/e.txt", oldText: "a\nb\nc\n", newText: "a\nB\nc\n" });
  assert.deepEqual(edited.filter((l) => l.kind !== "context"), [
    { kind: "remove", line: 2, text: "b" },
    { kind: "add", line: 2, text: "B" },
  ]);
  assert.deepEqual(renderDiff(edited, 40, { maxLines: 2 }).at(-1), "    … 3 more lines");
});

Deno.test("panels: a long `label  value` row wraps under its value; a sign-in URL is never indented", () => {
  setColor(true, 1);
  try {
    const options = { width: 41, expandTools: false, showReasoning: false };
    const panel = entryLines({
      id: 1,
      kind: "panel",
      title: "MCP servers",
      lines: ["  \x1b[2mtools     \x1b[22m echo, get-sum, get-env, gzip-file-as-resource"],
    }, options).map(plain);
    assert.deepEqual(panel, [
      "MCP servers",
      "    tools      echo, get-sum, get-env,",
      "               gzip-file-as-resource",
    ]);
    const url = "https://auth.example.com/authorize?client_id=nanocoder&state=abcdef";
    const link = entryLines({ id: 2, kind: "link", text: "Sign in:", url }, options).map(plain);
    assert.deepEqual(link, ["• Sign in:", url.slice(0, 40), url.slice(40)]);
  } finally {
    setColor(false);
  }
});

Deno.test("/tools: a disabled tool's long reason wraps under the reason, not under the name", () => {
  const status = {
    tools: [],
    disabledTools: [
      { name: "web_search", reason: '"webSearch.apiKey" is empty for the brave backend' },
      { name: "fetch_url", reason: "off in the config" },
    ],
  } as unknown as Status;
  const panel = toolsPanel(status);
  const options = { width: 50, expandTools: false, showReasoning: false };
  const lines = entryLines({ id: 1, kind: "panel", ...panel }, options).map(plain);
  assert.deepEqual(lines.slice(-3), [
    '    web_search  "webSearch.apiKey" is empty for',
    "                the brave backend",
    "    fetch_url   off in the config",
  ]);
});

Deno.test("a long prompt is folded after 12 lines, and shown whole when expanded (Ctrl+O)", () => {
  const text = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n");
  const entry = { id: 1, kind: "user" as const, text };
  const folded = entryLines(entry, { width: 60, expandTools: false, showReasoning: false })
    .map(plain);
  assert.equal(folded.length, 13);
  assert.equal(folded.at(-1), "  … 8 more lines (ctrl+o to expand)");
  const whole = entryLines(entry, { width: 60, expandTools: true, showReasoning: false })
    .map(plain);
  assert.deepEqual(whole, text.split("\n").map((l, i) => `${i === 0 ? "❯ " : "  "}${l}`));
});
