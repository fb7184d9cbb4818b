/**
 * End-to-end in tmux: the approval prompt shows all of what is approved, at 80 columns —
 * a line hiding code after a run of spaces continues on the next rows, and a long
 * preview scrolls with PgDn/PgUp, saying which lines are on screen.
 */
import assert from "node:assert/strict";
import type { MockTurn } from "../_helpers/mock_llm.ts";
import { tmuxMissing } from "./_tmux.ts";
import { READY, send, withTui } from "./_tui.ts";

const skip = tmuxMissing();

/** The review's hiddenwrite.json: code after 80 spaces on an innocent line. */
const HIDDEN = "export const config = { debug: false };" + " ".repeat(80) +
  "import('node:child_process').then(m=>m.execSync('touch /tmp/PWNED_hidden'));\n";

Deno.test({
  name: "tui: a write's long line is shown whole in the approval prompt, not cut",
  ignore: !!skip,
  async fn() {
    const turns: MockTurn[] = [
      { toolCalls: [{ name: "create_file", arguments: { path: "config.ts", content: HIDDEN } }] },
      { text: "done" },
    ];
    await withTui("approve-long", turns, async ({ tui }) => {
      await tui.waitFor(READY);
      await send(tui, "configure");
      const asked = await tui.waitFor("Allow create_file");
      await tui.save("approval-long-line");
      const rows = asked.split("\n").map((l) => l.replace(/^│\s*/, "").replace(/\s*│\s*$/, ""));
      const body = rows.filter((l) => /^(1|↪) \+ /.test(l)).map((l) => l.slice(4)).join("");
      assert.match(
        body,
        /import\('node:child_process'\)\.then\(m=>m\.execSync\('touch \/tmp\/PWNED_hidden'\)\);/,
      );
      assert.ok(!rows.some((l) => /^(1|↪) \+ .*…$/.test(l)), asked); // nothing cut
      await tui.keys("n");
      await tui.waitFor("Why not?");
      await tui.keys("Enter");
      await tui.waitFor("done");
    }, { columns: 80, rows: 24 });
  },
});

Deno.test({
  name: "tui: a long diff scrolls a page of lines with PgDn/PgUp and says which lines are shown",
  ignore: !!skip,
  async fn() {
    // 60 lines too long for the prompt: each takes two rows, and is still one line.
    const content = Array.from({ length: 60 }, (_, i) => `line ${i + 1} `.padEnd(100, "x"))
      .join("\n") + "\n";
    const turns: MockTurn[] = [
      { toolCalls: [{ name: "create_file", arguments: { path: "long.txt", content } }] },
      { text: "done" },
    ];
    await withTui("approve-scroll", turns, async ({ tui }) => {
      await tui.waitFor(READY);
      await send(tui, "write long.txt");
      const first = await tui.waitFor(/lines 1–(\d+) of 60 \(PgDn to scroll\)/);
      const page = Number(/lines 1–(\d+) of 60/.exec(first)![1]);
      assert.ok(page > 3, first);
      await tui.keys("PageDown");
      const down = await tui.waitFor(
        `lines ${page + 1}–${2 * page} of 60 (PgUp/PgDn to scroll)`,
      );
      // The page starts with the first line not shown before, right under the header.
      assert.match(
        down,
        new RegExp(`New file: \\+60 -0\\s*│\\n│\\s*${page + 1} \\+ line ${page + 1} `),
      );
      await tui.save("approval-scrolled");
      await tui.keys("PageUp");
      await tui.waitFor(`lines 1–${page} of 60 (PgDn to scroll)`);
      await tui.keys("y");
      await tui.waitFor("done");
    }, { columns: 80, rows: 24 });
  },
});
