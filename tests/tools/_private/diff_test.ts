import assert from "node:assert/strict";
import { diffSummary, diffTexts } from "../../../src/tools/_private/diff.ts";

Deno.test("diffTexts() gives a unified diff with real line numbers and counts", () => {
  const old = Array.from({ length: 20 }, (_, i) => `l${i + 1}`).join("\n") + "\n";
  const next = old.replace("l10\n", "ten\n10b\n");
  assert.deepEqual(diffTexts("f.txt", old, next), {
    text:
      "--- a/f.txt\n+++ b/f.txt\n@@ -7,7 +7,8 @@\n l7\n l8\n l9\n-l10\n+ten\n+10b\n l11\n l12\n l13\n",
    added: 2,
    removed: 1,
  });
});

Deno.test("diffTexts() handles identical texts, new files and emptied files", () => {
  assert.deepEqual(diffTexts("f", "a\n", "a\n"), { text: "", added: 0, removed: 0 });
  assert.equal(diffTexts("f", "", "a\n").text, "--- a/f\n+++ b/f\n@@ -0,0 +1,1 @@\n+a\n");
  assert.equal(diffTexts("f", "a\n", "").text, "--- a/f\n+++ b/f\n@@ -1,1 +0,0 @@\n-a\n");
});

Deno.test("diffTexts() returns for a total rewrite of 10k lines, with every line counted", () => {
  const old = Array.from({ length: 10_000 }, (_, i) => `old ${i}`).join("\n") + "\n";
  const next = Array.from({ length: 10_000 }, (_, i) => `new ${i}`).join("\n") + "\n";
  const diff = diffTexts("big", old, next);
  assert.equal(diff.added, 10_000);
  assert.equal(diff.removed, 10_000);
  assert.match(diff.text, /\n\.\.\. \(\d+ more diff lines\)\n$/);
  assert.equal(diffSummary("Overwrote", "big", diff), "Overwrote big: +10000 -10000");
});

Deno.test("diffTexts() bounds the text of a huge write: long lines cut, 100k characters at most", () => {
  const long = diffTexts("min.js", "", `${"y".repeat(5_000)}\n`);
  assert.equal(
    long.text,
    `--- a/min.js\n+++ b/min.js\n@@ -0,0 +1,1 @@\n+${"y".repeat(999)}… [4001 more characters]\n`,
  );
  const lines = Array.from({ length: 1_500 }, (_, i) => `${i} ${"z".repeat(200)}`).join("\n");
  const wide = diffTexts("data.txt", "", `${lines}\n`);
  assert.equal(wide.added, 1_500);
  assert.ok(wide.text.length < 102_000, `${wide.text.length}`);
  assert.match(wide.text, /\n\.\.\. \(\d+ more diff lines\)\n$/);
});
