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
  // Room for 16 of the 70 lines in 24 rows (title, "New file" header, answers, border).
  assert.equal(at(0), "lines 1–16 of 70 (PgDn to scroll)");
  assert.equal(at(10), "lines 11–26 of 70 (PgUp/PgDn to scroll)");
  assert.equal(at(1000), "lines 55–70 of 70 (PgUp to scroll)");
});

/** The prompt drawn after each of `keys` (PgDn/PgUp as the key handler does them). */
function paging(request: Request, keys: ("down" | "up")[], maxLines = 24): string[][] {
  setColor(false);
  const approval: ApprovalState = { request, selected: 0, scroll: 0 };
  const draws = [approvalLines({ approval, width: 80, maxLines })];
  for (const key of keys) {
    approval.scroll = approval.pages![key];
    draws.push(approvalLines({ approval, width: 80, maxLines }));
  }
  return draws;
}

Deno.test("a preview counts the diff's lines, not the rows their wrapping adds, and PgDn/PgUp go a page of them", () => {
  // 60 lines of 100 characters: two rows each at 80 columns.
  const content = Array.from({ length: 60 }, (_, i) => `line ${i + 1} `.padEnd(100, "x"))
    .join("\n") + "\n";
  const draws = paging(createFile(content), ["down", "down", "up", "up"]);
  const range = draws.map((d) => d.find((l) => /^lines /.test(l)));
  assert.deepEqual(range, [
    "lines 1–8 of 60 (PgDn to scroll)",
    "lines 9–16 of 60 (PgUp/PgDn to scroll)",
    "lines 17–24 of 60 (PgUp/PgDn to scroll)",
    "lines 9–16 of 60 (PgUp/PgDn to scroll)",
    "lines 1–8 of 60 (PgDn to scroll)",
  ]);
  // A page starts at a line's first row, right under the header.
  assert.match(draws[1][2], /^ 9 \+ line 9 x+$/);
  assert.equal(draws[1].filter((l) => /^\s*\d+ \+ /.test(l)).length, 8);
});

Deno.test("a line taller than the prompt is scrolled through by rows; a warning stays in view", () => {
  const request: Request = {
    type: "approval_request",
    callId: "c3",
    name: "execute_bash",
    kind: "execute",
    title: "execute_bash: node -e …",
    arguments: { command: `node -e "${Array.from({ length: 1200 }, (_, i) => i).join(";")}"` },
    warning: "Runs code given on the command line",
    options: ["allow_once", "reject_once"],
  };
  const draws = paging(request, ["down", "down", "up"]);
  const range = draws.map((d) => d.find((l) => /^line /.test(l)));
  assert.deepEqual(range, [
    "line 1 of 1 (PgDn to scroll)",
    "line 1 of 1 (PgUp/PgDn to scroll)",
    "line 1 of 1 (PgUp/PgDn to scroll)",
    "line 1 of 1 (PgUp/PgDn to scroll)",
  ]);
  assert.notEqual(draws[1].join("\n"), draws[2].join("\n"));
  assert.equal(draws[1].join("\n"), draws[3].join("\n"));
  for (const d of draws) assert.ok(d.some((l) => l.includes("⚠ Runs code")), d.join("\n"));
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
