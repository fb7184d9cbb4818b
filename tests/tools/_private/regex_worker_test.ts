/**
 * A model's regex cannot hang the agent (issue #11 item 9): the TypeScript search runs
 * it in a Worker, which a watchdog or a cancel stops at once while the main thread
 * stays responsive.
 */
import assert from "node:assert/strict";
import { runSearch } from "../../../src/tools/search_file_contents.ts";
import { RegexSearcher, RegexTimeoutError } from "../../../src/tools/_private/regex_worker.ts";
import { withTempProject } from "../../_helpers/file_fixture.ts";

const EVIL = "(a+)+$";
const EVIL_LINE = `${"a".repeat(40)}b\n`;

Deno.test("a catastrophic regex is stopped by the watchdog with a message the model can act on", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/ok.txt`, "fine\n");
    await Deno.writeTextFile(`${dir}/evil.txt`, EVIL_LINE);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    try {
      const result = await runSearch({ query: EVIL }, { ...ctx }, "typescript", {
        regexStallMs: 300,
      });
      assert.equal(result.ok, false);
      // The files go to the Worker in one batch, in the order they were read.
      const output = result.output.replace('"ok.txt", "evil.txt"', '"evil.txt", "ok.txt"');
      assert.equal(
        output,
        'Error: the search was stopped: the regular expression "(a+)+$" ran for over 0.3 s ' +
          'on one of "evil.txt", "ok.txt" without finishing. It probably backtracks ' +
          "catastrophically (nested quantifiers such as (a+)+, or several .* in a row). " +
          'Simplify it, or search for literal text with "regex": false.',
      );
    } finally {
      clearInterval(ticker);
    }
    assert.ok(ticks >= 5, `the main thread kept running timers (${ticks} ticks)`);
  });
});

Deno.test("cancel stops a catastrophic regex at once", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.writeTextFile(`${dir}/evil.txt`, EVIL_LINE);
    const controller = new AbortController();
    const reason = new Error("cancelled by the user");
    setTimeout(() => controller.abort(reason), 50);
    // The default watchdog (5 s) would fire much later: the cancel is what ends it.
    await assert.rejects(
      runSearch(
        { query: EVIL, path: "evil.txt" },
        { ...ctx, signal: controller.signal },
        "typescript",
      ),
      (error) => error === reason,
    );
  });
});

Deno.test("RegexSearcher finds lines, context and long-line match positions like rg", async () => {
  const searcher = new RegexSearcher(
    { line: /b+/su, whole: /b+/msu },
    { displayLineChars: 10 },
  );
  try {
    const encode = (s: string) => new TextEncoder().encode(s);
    const texts = [encode("a\nbb\r\nc\nd\nxxxxxxxxxxxxb\n"), encode("none\n")];
    assert.deepEqual(await searcher.search(texts, 1, ["f", "g"]), [
      [
        { line: 1, text: "a", match: false },
        { line: 2, text: "bb", match: true },
        { line: 3, text: "c", match: false },
        { line: 4, text: "d", match: false },
        { line: 5, text: "xxxxxxxxxxxxb", match: true, matchAt: 12 },
      ],
      undefined,
    ]);
  } finally {
    searcher.close();
  }
});

Deno.test("RegexSearcher rejects every pending batch once the watchdog fires, naming the oldest", async () => {
  const searcher = new RegexSearcher(
    { line: new RegExp(EVIL, "su"), whole: new RegExp(EVIL, "msu") },
    { displayLineChars: 300, stallMs: 200 },
  );
  const encode = (s: string) => new TextEncoder().encode(s);
  const first = searcher.search([encode(EVIL_LINE)], 0, ["first.txt"]);
  const second = searcher.search([encode("aaa\n")], 0, ["second.txt"]);
  await assert.rejects(
    first,
    (e) => e instanceof RegexTimeoutError && e.files.join() === "first.txt",
  );
  await assert.rejects(second, RegexTimeoutError);
  await assert.rejects(searcher.search([encode("x")], 0, ["later.txt"]), RegexTimeoutError);
  searcher.close();
});
