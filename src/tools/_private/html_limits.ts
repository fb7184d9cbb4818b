/**
 * Bounds on the HTML web_fetch converts, measured on this machine: Readability's cost
 * grows with the cube of the nesting depth (400 levels: 1 s, 800: 10 s), linkedom's
 * parse with its square (100,000 levels: 2 s), turndown recurses once per level (stack
 * overflow near 3,000), and a flat page costs about 3 s per MB. The model reads at most
 * ~30k characters of the result anyway. So, in linear time before anything parses:
 * scripts, styles and comments are cut out, the rest is capped in size, and the depth is
 * estimated; the converter then picks a cheaper path for deep pages (see
 * html_to_markdown.ts) and says so.
 */

/** Largest HTML (after scripts and styles are cut) that is converted; the rest is dropped. */
export const MAX_HTML_CHARS = 300_000;
/** Deeper pages (estimated before parsing) are shown as plain text, never parsed. */
export const MAX_PARSE_DEPTH = 2_000;
/** Deeper documents skip Readability (its cost is cubic in depth). */
export const MAX_READABILITY_DEPTH = 200;
/** Deeper documents skip turndown (recursive) and become plain text. */
export const MAX_TURNDOWN_DEPTH = 1_000;

/** Elements whose content is never readable text, cut before parsing. */
const DROPPED = ["script", "style", "noscript", "template", "svg"];

/** Elements that have no end tag, or whose end tag is implied: they do not nest. */
const NO_NESTING = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
  "p",
  "li",
  "dt",
  "dd",
  "tr",
  "td",
  "th",
  "option",
  "optgroup",
  "thead",
  "tbody",
  "tfoot",
  "colgroup",
  "rb",
  "rt",
  "rp",
  "caption",
  "html",
  "head",
  "body",
]);

/**
 * `html` without comments and the DROPPED elements, in one pass. An element that is
 * never closed swallows the rest of the page, as in a browser.
 */
export function stripNonContent(html: string): string {
  const lower = html.toLowerCase();
  let out = "";
  let from = 0;
  let at = 0;
  while ((at = lower.indexOf("<", at)) !== -1) {
    let end: number | undefined;
    if (lower.startsWith("<!--", at)) {
      const close = lower.indexOf("-->", at + 4);
      end = close === -1 ? html.length : close + 3;
    } else {
      const name = DROPPED.find((tag) =>
        lower.startsWith(tag, at + 1) && !/[a-z0-9-]/.test(lower[at + 1 + tag.length] ?? "")
      );
      if (name) {
        const close = lower.indexOf(`</${name}`, at);
        const gt = close === -1 ? -1 : lower.indexOf(">", close);
        end = gt === -1 ? html.length : gt + 1;
      }
    }
    if (end === undefined) {
      at++;
      continue;
    }
    out += html.slice(from, at);
    from = at = end;
  }
  return out + html.slice(from);
}

/** `html` cut to `max` characters at a tag boundary (the parser closes what is open). */
export function capHtml(html: string, max = MAX_HTML_CHARS): string {
  if (html.length <= max) return html;
  const cut = html.lastIndexOf("<", max);
  return html.slice(0, cut > max / 2 ? cut : max);
}

/**
 * The deepest nesting of elements, estimated from the tags in one pass (elements in
 * NO_NESTING do not count, a self-closing tag neither). Used to refuse a parse whose
 * cost would explode; the real depth is measured after a parse.
 */
export function estimateDepth(html: string): number {
  const name = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/;
  let depth = 0;
  let max = 0;
  for (let at = html.indexOf("<"); at !== -1; at = html.indexOf("<", at + 1)) {
    const gt = html.indexOf(">", at);
    if (gt === -1) break;
    const m = name.exec(html.slice(at, Math.min(gt, at + 80)));
    if (!m || NO_NESTING.has(m[2].toLowerCase())) continue;
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (html[gt - 1] !== "/") max = Math.max(max, ++depth);
    at = gt;
  }
  return max;
}

/** Readable text of `html` without parsing it: tags become spaces, entities decoded. */
export function plainText(html: string): string {
  let out = "";
  let from = 0;
  for (let at = html.indexOf("<"); at !== -1; at = html.indexOf("<", from)) {
    out += html.slice(from, at) + " ";
    const gt = html.indexOf(">", at);
    if (gt === -1) return decodeEntities(out);
    from = gt + 1;
  }
  return decodeEntities(out + html.slice(from));
}

function decodeEntities(text: string): string {
  return text
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos|nbsp);/gi, (whole, e: string) => {
      const lower = e.toLowerCase();
      const code = lower.startsWith("#x")
        ? parseInt(lower.slice(2), 16)
        : lower.startsWith("#")
        ? Number(lower.slice(1))
        : undefined;
      if (code !== undefined) return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " }[lower] ?? whole;
    })
    .replace(/[ \t]+/g, " ")
    .replace(/\s*\n\s*/g, "\n");
}

/** The depth of a parsed document, walked without recursion. */
export function domDepth(root: Element): number {
  let max = 0;
  const stack: [Element, number][] = [[root, 1]];
  while (stack.length) {
    const [el, depth] = stack.pop()!;
    if (depth > max) max = depth;
    for (const child of el.children) stack.push([child, depth + 1]);
  }
  return max;
}
