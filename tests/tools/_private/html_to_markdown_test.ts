import assert from "node:assert/strict";
import { htmlToMarkdown } from "../../../src/tools/_private/html_to_markdown.ts";

const ARTICLE = await Deno.readTextFile(
  new URL("../../fixtures/web_fetch/article.html", import.meta.url),
);

Deno.test("htmlToMarkdown() extracts the article and drops the page chrome", () => {
  const page = htmlToMarkdown(ARTICLE, "https://blog.example/2026/structured/");
  assert.equal(page.title, "Understanding Structured Concurrency | The Runtime Blog");
  assert.equal(page.extracted, true);
  assert.ok(
    page.markdown.startsWith("Structured concurrency is the idea"),
    page.markdown.slice(0, 80),
  );
  assert.match(page.markdown, /\n## A first example\n/);
  assert.match(page.markdown, /\n-\s+No task outlives the block that started it\.\n/);
  assert.match(
    page.markdown,
    /!\[A tree of tasks owned by their parent scope\]\(https:\/\/blog\.example\/2026\/structured\/images\/task-tree\.png\)/,
  );
  assert.ok(!page.markdown.includes("Archive"));
  assert.ok(!page.markdown.includes("Terms of service"));
});

Deno.test("htmlToMarkdown() resolves links against <base href>", () => {
  const page = htmlToMarkdown(
    '<html><head><base href="https://docs.example/v2/"></head><body><p>See <a href="api.html">the API</a> and <a href="mailto:a@b.c">mail</a>.</p></body></html>',
    "https://other.example/",
  );
  assert.equal(
    page.markdown,
    "See [the API](https://docs.example/v2/api.html) and [mail](mailto:a@b.c).",
  );
});

Deno.test("htmlToMarkdown() handles a fragment without <html> and drops data: images", () => {
  const page = htmlToMarkdown(
    '<p>Logo <img alt="logo" src="data:image/png;base64,AAAA"> and <a href="/x">x</a></p>',
    "http://h/a/",
  );
  assert.equal(page.markdown, "Logo logo and [x](http://h/x)");
});

Deno.test("htmlToMarkdown() falls back to the whole body when Readability finds no content", () => {
  const page = htmlToMarkdown(
    "<html><head><title>Controls</title><script>track()</script></head><body><button>Start the demo</button><style>p{}</style></body></html>",
    "http://h/",
  );
  assert.deepEqual(page, {
    title: "Controls",
    markdown: "Start the demo",
    extracted: false,
    notes: [],
  });
});

/** `n` nested divs around `inner`. */
const nested = (n: number, inner: string) =>
  `<html><head><title>Deep</title></head><body>${"<div>".repeat(n)}${inner}${
    "</div>".repeat(n)
  }</body></html>`;

/** Runs `fn` and returns its result with the time it took (reported, never asserted). */
function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

Deno.test("htmlToMarkdown() bounds deep nesting: each depth takes a cheaper path and says so", () => {
  const medium = timed(() => htmlToMarkdown(nested(500, "<p>middle text</p>"), "http://h/"));
  assert.equal(medium.value.markdown, "middle text");
  assert.deepEqual(medium.value.notes, [
    "[The page nests elements 503 levels deep (over 200), so all of it was converted, " +
    "without picking out the main content.]",
  ]);
  const deep = timed(() => htmlToMarkdown(nested(1_500, "deep text"), "http://h/"));
  assert.equal(deep.value.markdown, "deep text");
  assert.match(
    deep.value.notes[0],
    /nests elements 1502 levels deep \(over 1000\), so it is shown as plain text/,
  );
  const huge = timed(() => htmlToMarkdown(nested(20_000, "bottom &amp; text"), "http://h/"));
  assert.equal(huge.value.title, "Deep");
  assert.equal(huge.value.markdown, "bottom & text");
  assert.match(
    huge.value.notes.join(" "),
    /about \d+ levels deep \(over 2000\), so it is shown as plain text/,
  );
  console.log(
    `depth 500: ${medium.ms.toFixed(0)} ms, 1500: ${deep.ms.toFixed(0)} ms, 20000: ${
      huge.ms.toFixed(0)
    } ms`,
  );
});

Deno.test("htmlToMarkdown() converts at most 300k characters of HTML, scripts and styles not counted", () => {
  const paragraph = "<p>Some words of the article, a sentence with enough text in it.</p>\n";
  const script = `<script>${"x".repeat(2_000_000)}</script>`;
  const page = htmlToMarkdown(
    `<html><head><title>Big</title>${script}</head><body><article>${
      paragraph.repeat(10_000)
    }</article></body></html>`,
    "http://h/",
  );
  assert.match(
    page.notes[0],
    /^\[The page has \d+ characters of HTML besides scripts and styles; only the first \d+ were converted\.\]$/,
  );
  assert.ok(page.markdown.length < 300_000);
  assert.ok(page.markdown.startsWith("Some words of the article"));
});

Deno.test("stripNonContent() and plainText() stay linear on unclosed tags", () => {
  const evil = "<script".repeat(50_000) + "<div".repeat(50_000) + "<!--".repeat(50_000);
  const start = performance.now();
  htmlToMarkdown(evil, "http://h/");
  console.log(`50k unclosed tags of each kind: ${(performance.now() - start).toFixed(0)} ms`);
});
