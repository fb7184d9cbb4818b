/**
 * A tool call's lines: compact, what does not fit is cut with `…` and the call says once
 * how to see it whole (Ctrl+O); expanded, every character is there.
 */
import assert from "node:assert/strict";
import { toolLines } from "../../src/ui/render/tool_lines.ts";
import { setColor } from "../../src/ui/render/theme.ts";
import type { ToolView } from "../../src/ui/state/tool_view.ts";
import { widthOf } from "../../src/ui/render/wrap.ts";

const LONG = "error: the build failed in src/very/deeply/nested/module/with/a/long/name.ts" +
  " because the type of the third argument does not match what was expected";

function command(output: string, ended = true): ToolView {
  return {
    callId: "c1",
    title: "npm run build",
    activity: "execute",
    kind: "execute",
    output,
    startedAt: 0,
    ended: ended ? { outcome: "failed", result: output, exitCode: 1 } : undefined,
  };
}

const HINT = "(ctrl+o to expand)";
const count = (lines: string[], text: string) => lines.filter((l) => l.includes(text)).length;

Deno.test("compact: a cut line says once that Ctrl+O shows it in full", () => {
  setColor(false);
  const lines = toolLines(command(`${LONG}\n${LONG}\n`), { width: 60, expanded: false });
  assert.equal(count(lines, "…"), 2, lines.join("\n"));
  assert.equal(count(lines, HINT), 1, lines.join("\n"));
  assert.match(lines.find((l) => l.includes(HINT))!, /… \(ctrl\+o to expand\)$/);
  for (const line of lines) assert.ok(widthOf(line) <= 60, line);
});

Deno.test("compact: lines left out carry the hint, and a cut line after them does not again", () => {
  setColor(false);
  const output = ["one", "two", "three", "four", LONG, "six"].join("\n");
  const lines = toolLines(command(output), { width: 60, expanded: false });
  assert.equal(lines[2], "     … 2 lines above (ctrl+o to expand)");
  assert.equal(count(lines, HINT), 1, lines.join("\n"));
});

Deno.test("compact: nothing cut, no hint; a running call (always compact) offers none", () => {
  setColor(false);
  assert.equal(count(toolLines(command("ok\n"), { width: 60, expanded: false }), HINT), 0);
  const running = toolLines(command(`${LONG}\n`, false), { width: 60, expanded: false });
  assert.equal(count(running, "…"), 1);
  assert.equal(count(running, HINT), 0);
});

Deno.test("compact: a summary or a title too long is cut with the hint", () => {
  setColor(false);
  const view: ToolView = {
    callId: "r",
    title: `read_file ${"long/".repeat(20)}name.ts`,
    activity: "read",
    kind: "read",
    output: "",
    startedAt: 0,
    ended: { outcome: "ok", result: "", summary: `Read 12 lines from ${"x/".repeat(40)}` },
  };
  const lines = toolLines(view, { width: 60, expanded: false });
  assert.equal(lines.length, 2);
  assert.match(lines[0], /… \(ctrl\+o to expand\)$/); // the first cut says it
  assert.match(lines[1], /…$/);
  const expanded = toolLines(view, { width: 60, expanded: true }).join("");
  assert.ok(!expanded.includes("…"));
  assert.equal(count([expanded.replace(/\s+/g, "")], "long/".repeat(20) + "name.ts"), 1);
});

Deno.test("expanded: a long output line wraps, every character kept", () => {
  setColor(false);
  const lines = toolLines(command(`${LONG}\n`), { width: 60, expanded: true });
  assert.ok(!lines.some((l) => l.includes("…") || l.includes(HINT)), lines.join("\n"));
  assert.equal(lines.slice(2).map((l) => l.trim()).join(" "), LONG);
  for (const line of lines) assert.ok(widthOf(line) <= 60, line);
});

Deno.test("compact: a diff whose lines are cut, none left out, says it on its head", () => {
  setColor(false);
  const view: ToolView = {
    callId: "e",
    title: "string_replace a.ts",
    activity: "edit",
    kind: "write",
    output: "",
    startedAt: 0,
    ended: {
      outcome: "ok",
      result: "",
      summary: "Edited a.ts: +1 -1",
      changes: [{ path: "/p/a.ts", oldText: "short\n", newText: `${LONG}\n` }],
    },
  };
  const lines = toolLines(view, { width: 60, expanded: false });
  assert.equal(lines[1], "  ⎿  Edited a.ts: +1 -1 (ctrl+o to expand)");
  assert.equal(count(lines, HINT), 1);
});
