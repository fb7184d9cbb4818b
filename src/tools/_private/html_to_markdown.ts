/**
 * HTML → readable markdown for web_fetch: Mozilla Readability (the engine of Firefox's
 * reader view) picks the main content out of a linkedom document, leaving navigation,
 * sidebars and footers behind; turndown converts it to markdown with links kept and made
 * absolute. When Readability finds no article, the whole body is converted instead.
 */
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";

/** linkedom's parser, for other HTML readers loaded lazily with this module. */
export { parseHTML };
import TurndownService from "turndown";
import {
  capHtml,
  domDepth,
  estimateDepth,
  MAX_PARSE_DEPTH,
  MAX_READABILITY_DEPTH,
  MAX_TURNDOWN_DEPTH,
  plainText,
  stripNonContent,
} from "./html_limits.ts";

/** A page converted to markdown. */
export interface PageContent {
  title: string;
  markdown: string;
  /** True when Readability found the main content, false for the whole-body fallback. */
  extracted: boolean;
  /** What the limits of html_limits.ts left out or simplified, for the model. */
  notes: string[];
}

/** Elements that never carry readable text. */
const NOISE = ["script", "style", "noscript", "template", "iframe", "svg", "canvas", "object"];

let turndown: TurndownService | undefined;

function converter(): TurndownService {
  if (turndown) return turndown;
  turndown = new TurndownService({
    headingStyle: "atx",
    codeBlockStyle: "fenced",
    bulletListMarker: "-",
    emDelimiter: "_",
  });
  turndown.remove(NOISE as TurndownService.Filter);
  // Inline images as data: URIs would flood the output with base64.
  turndown.addRule("dropDataImages", {
    filter: (node) => node.nodeName === "IMG" && /^data:/i.test(node.getAttribute("src") ?? ""),
    replacement: (_content, node) => (node as HTMLElement).getAttribute("alt") ?? "",
  });
  return turndown;
}

/**
 * Converts an HTML page fetched from `baseUrl` to markdown, within the bounds of
 * html_limits.ts: a huge page is cut, a deep one takes a cheaper path, and `notes` say so.
 */
export function htmlToMarkdown(raw: string, baseUrl: string): PageContent {
  const notes: string[] = [];
  const stripped = stripNonContent(raw);
  const html = capHtml(stripped);
  if (html.length < stripped.length) {
    notes.push(
      `[The page has ${stripped.length} characters of HTML besides scripts and styles; only ` +
        `the first ${html.length} were converted.]`,
    );
  }
  const estimated = estimateDepth(html);
  if (estimated > MAX_PARSE_DEPTH) {
    notes.push(
      `[The page nests elements about ${estimated} levels deep (over ${MAX_PARSE_DEPTH}), ` +
        "so it is shown as plain text.]",
    );
    const head = html.toLowerCase().indexOf("</head");
    const body = head === -1 ? html : html.slice(head);
    return { title: titleOf(html), markdown: tidy(plainText(body)), extracted: false, notes };
  }
  const document = load(html, baseUrl);
  const docTitle = document.title?.trim() ?? "";
  const depth = domDepth(document.documentElement);
  if (depth > MAX_TURNDOWN_DEPTH) {
    notes.push(
      `[The page nests elements ${depth} levels deep (over ${MAX_TURNDOWN_DEPTH}), so it is ` +
        "shown as plain text.]",
    );
    return {
      title: docTitle,
      markdown: tidy(document.body.textContent ?? ""),
      extracted: false,
      notes,
    };
  }
  if (depth <= MAX_READABILITY_DEPTH) {
    const article = extractArticle(document);
    if (article) return { ...article, title: article.title || docTitle, notes };
  } else {
    notes.push(
      `[The page nests elements ${depth} levels deep (over ${MAX_READABILITY_DEPTH}), so all ` +
        "of it was converted, without picking out the main content.]",
    );
  }
  // Readability edits the document it reads, so the fallback starts from a fresh parse.
  const body = (depth <= MAX_READABILITY_DEPTH ? load(html, baseUrl) : document).body;
  for (const el of [...body.querySelectorAll(NOISE.join(","))]) el.remove();
  return {
    title: docTitle,
    markdown: tidy(converter().turndown(body.innerHTML ?? "")),
    extracted: false,
    notes,
  };
}

/** The main content picked by Readability, or undefined when it finds none. */
function extractArticle(
  document: ReturnType<typeof load>,
): Omit<PageContent, "notes"> | undefined {
  let article: ReturnType<Readability["parse"]> = null;
  try {
    // keepClasses: turndown reads the language of a code block from its "language-*" class.
    article = new Readability(document as unknown as Document, { keepClasses: true }).parse();
  } catch {
    // Readability throws on some malformed documents: fall back to the body.
  }
  if (!article?.content || !article.textContent?.trim()) return undefined;
  return {
    title: article.title?.trim() ?? "",
    markdown: tidy(converter().turndown(article.content)),
    extracted: true,
  };
}

/** The <title> of unparsed HTML. */
function titleOf(html: string): string {
  const lower = html.toLowerCase();
  const open = lower.indexOf("<title");
  const start = open === -1 ? -1 : lower.indexOf(">", open);
  const end = start === -1 ? -1 : lower.indexOf("</title", start);
  return end === -1 ? "" : plainText(html.slice(start + 1, end)).trim();
}

/** Parses `html` and rewrites relative links and image sources against `baseUrl`. */
function load(html: string, baseUrl: string) {
  // linkedom builds no <body> for a document without an <html> element: add the wrappers.
  if (!/<html[\s>]/i.test(html)) {
    html = `<html>${/<body[\s>]/i.test(html) ? html : `<body>${html}</body>`}</html>`;
  }
  const { document } = parseHTML(html);
  const base = document.querySelector("base[href]")?.getAttribute("href");
  let root = baseUrl;
  try {
    if (base) root = new URL(base, baseUrl).href;
  } catch {
    // A broken <base> is ignored.
  }
  absolutize(document, "a[href]", "href", root);
  absolutize(document, "img[src]", "src", root);
  return document;
}

function absolutize(document: ParentNode, selector: string, attr: string, root: string): void {
  for (const el of document.querySelectorAll(selector)) {
    const value = el.getAttribute(attr) ?? "";
    if (/^(javascript|data|mailto|tel):/i.test(value)) continue;
    try {
      el.setAttribute(attr, new URL(value, root).href);
    } catch {
      // Not a URL: leave it as written.
    }
  }
}

/** Trims trailing spaces and runs of blank lines. */
function tidy(markdown: string): string {
  return markdown.replace(/[ \t]+$/gm, "").replace(/\n{3,}/g, "\n\n").trim();
}
