/**
 * What the approval prompt shows is everything that is approved: a long line of a write
 * continues on the next rows (never cut with `…`), characters a terminal would act on
 * are written out, and a preview longer than the prompt says which lines are shown. A
 * command's output keeps its colours but acts on the terminal in no other way.
 */
import assert from "node:assert/strict";
import type { AgentEventBody } from "../../src/protocol.ts";
import { approvalLines } from "../../src/ui/components/approval.tsx";
import type { ApprovalState } from "../../src/ui/state/types.ts";
import { setColor } from "../../src/ui/render/theme.ts";
import { widthOf } from "../../src/ui/render/wrap.ts";
import { renderDiff } from "../../src/ui/render/diff.ts";
import { outputLine } from "../../src/ui/render/visible.ts";

type Request = Extract<AgentEventBody, { type: "approval_request" }>;

/** The reviewer's hidden write: code after 80 spaces on the first line. */
const HIDDEN = "export const config = { debug: false };" + " ".repeat(80) +
  "import('node:child_process').then(m=>m.execSync('touch /tmp/PWNED_hidden'));\n";

function createFile(content: string): Request {
  return {
    type: "approval_request",
    callId: "c1",
    name: "create_file",
    kind: "write",
    title: "create_file config.ts",
    arguments: { path: "config.ts", content },
    changes: [{ path: "/p/config.ts", oldText: null, newText: content }],
    options: ["allow_once", "reject_once"],
  };
}

function lines(request: Request, scroll = 0, maxLines = 30, width = 80): string[] {
  setColor(false);
  const approval: ApprovalState = { request, selected: 0, scroll };
  return approvalLines({ approval, width, maxLines });
}

Deno.test("a line longer than the prompt continues on the next rows, every character shown", () => {
  const shown = lines(createFile(HIDDEN));
  const text = shown.join("\n");
  assert.ok(!text.includes("…"), text);
  const rows = shown.filter((l) => /^\s*(1|↪) \+ /.test(l));
  assert.ok(rows.length >= 3, text);
  assert.equal(rows.map((l) => l.replace(/^\s*(1|↪) \+ /, "")).join(""), HIDDEN.trimEnd());
  assert.ok(rows.slice(1).every((l) => l.startsWith("↪ + ")), text);
  for (const line of shown) assert.ok(widthOf(line) <= 76, line);
});

Deno.test("characters a terminal would act on are written out, not sent to it", () => {
  const sneaky = "ok();\r\x1b[8mrm -rf ~\x1b[0m // \u202eevil\u202c\n";
  const text = lines(createFile(sneaky)).join("\n");
  for (const c of ["\r", "\x1b", "\u202e"]) assert.ok(!text.includes(c), JSON.stringify(text));
  assert.match(text, /ok\(\);\\r\\x1b\[8mrm -rf ~\\x1b\[0m \/\/ <U\+202E>evil<U\+202C>/);
});

Deno.test("a command's control characters are written out too", () => {
  const request: Request = {
    type: "approval_request",
    callId: "c2",
    name: "execute_bash",
    kind: "execute",
    title: "execute_bash: echo hi\rls",
    arguments: { command: "echo hi\rls" },
    options: ["allow_once", "reject_once"],
  };
  const text = lines(request).join("\n");
  assert.ok(!text.includes("\r"), JSON.stringify(text));
  assert.match(text, /Allow execute_bash: echo hi\\rls\?/);
  assert.match(text, /command: echo hi\\rls/);
});

Deno.test("a long preview says which lines are shown, and the range follows the scrolling", () => {
  const content = Array.from({ length: 70 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
  const at = (scroll: number) =>
    lines(createFile(content), scroll, 24).find((l) => /^lines /.test(l));
  // 70 lines + the "New file" header = 71; room for 17 in 24 lines (title, answers, border).
  assert.equal(at(0), "lines 1–17 of 71 (PgDn to scroll)");
  assert.equal(at(10), "lines 11–27 of 71 (PgUp/PgDn to scroll)");
  assert.equal(at(1000), "lines 55–71 of 71 (PgUp to scroll)");
});

Deno.test("the compact transcript cuts a long line; expanded (Ctrl+O) wraps it", () => {
  setColor(false);
  const diff = [{ kind: "add" as const, line: 1, text: "x".repeat(50) }];
  assert.deepEqual(renderDiff(diff, 20), ["1 + xxxxxxxxxxxxxxx…"]);
  assert.deepEqual(renderDiff(diff, 20, { wrap: true }), [
    "1 + xxxxxxxxxxxxxxxx",
    "↪ + xxxxxxxxxxxxxxxx",
    "↪ + xxxxxxxxxxxxxxxx",
    "↪ + xx",
  ]);
});

Deno.test("a command's output keeps its colours, shows what a \\r left, and writes out other escapes", () => {
  assert.equal(outputLine("10%\r50%\r100%\r"), "100%");
  assert.equal(outputLine("\x1b[32mok\x1b[0m"), "\x1b[32mok\x1b[0m");
  assert.equal(outputLine("a\x1b]52;c;ZXZpbA==\x07b\x1b[2J"), "a\\x1b]52;c;ZXZpbA==\\x07b\\x1b[2J");
});
