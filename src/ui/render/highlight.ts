/**
 * Syntax highlighting of code blocks, as ANSI text: highlight.js (the grammar set
 * Nanocoder's cli-highlight uses too), loaded lazily — its core and the common languages
 * after the first frame is on screen, any other language the first time a block asks
 * for it. Until a language is loaded its blocks are shown plain, never delayed.
 */
import type { HLJSApi, LanguageFn } from "highlight.js";
import { colorOn, style } from "./theme.ts";

type Loader = () => Promise<{ default: LanguageFn }>;

// Literal specifiers, so a bundle splits each grammar into its own chunk.
const LOADERS: Record<string, Loader> = {
  typescript: () => import("highlight.js/lib/languages/typescript"),
  javascript: () => import("highlight.js/lib/languages/javascript"),
  json: () => import("highlight.js/lib/languages/json"),
  bash: () => import("highlight.js/lib/languages/bash"),
  python: () => import("highlight.js/lib/languages/python"),
  rust: () => import("highlight.js/lib/languages/rust"),
  go: () => import("highlight.js/lib/languages/go"),
  diff: () => import("highlight.js/lib/languages/diff"),
  yaml: () => import("highlight.js/lib/languages/yaml"),
  markdown: () => import("highlight.js/lib/languages/markdown"),
  css: () => import("highlight.js/lib/languages/css"),
  xml: () => import("highlight.js/lib/languages/xml"),
  java: () => import("highlight.js/lib/languages/java"),
  c: () => import("highlight.js/lib/languages/c"),
  cpp: () => import("highlight.js/lib/languages/cpp"),
  sql: () => import("highlight.js/lib/languages/sql"),
  ruby: () => import("highlight.js/lib/languages/ruby"),
  php: () => import("highlight.js/lib/languages/php"),
  kotlin: () => import("highlight.js/lib/languages/kotlin"),
  swift: () => import("highlight.js/lib/languages/swift"),
  csharp: () => import("highlight.js/lib/languages/csharp"),
  ini: () => import("highlight.js/lib/languages/ini"),
  dockerfile: () => import("highlight.js/lib/languages/dockerfile"),
  makefile: () => import("highlight.js/lib/languages/makefile"),
  lua: () => import("highlight.js/lib/languages/lua"),
};

/** Loaded with the core, right after the first frame. */
const COMMON = ["typescript", "javascript", "json", "bash", "python", "diff", "yaml"];

const ALIASES: Record<string, string> = {
  ts: "typescript",
  tsx: "typescript",
  mts: "typescript",
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  jsonc: "json",
  sh: "bash",
  shell: "bash",
  zsh: "bash",
  console: "bash",
  py: "python",
  rs: "rust",
  golang: "go",
  patch: "diff",
  yml: "yaml",
  md: "markdown",
  html: "xml",
  svg: "xml",
  "c++": "cpp",
  cc: "cpp",
  h: "c",
  rb: "ruby",
  kt: "kotlin",
  cs: "csharp",
  toml: "ini",
  docker: "dockerfile",
  make: "makefile",
};

let hljs: HLJSApi | undefined;
let coreLoading: Promise<HLJSApi> | undefined;
const loading = new Map<string, Promise<void>>();

/** The grammar name for a fence's info string ("ts", "TypeScript", "py title=x"). */
export function languageOf(info: string | undefined): string | undefined {
  const word = info?.trim().split(/\s+/, 1)[0]?.toLowerCase();
  if (!word) return undefined;
  const name = ALIASES[word] ?? word;
  return name in LOADERS ? name : undefined;
}

/** Loads the core and the given languages (default: the common ones). */
export async function loadHighlighter(languages: readonly string[] = COMMON): Promise<void> {
  coreLoading ??= import("highlight.js/lib/core").then((m) => (hljs = m.default as HLJSApi));
  const core = await coreLoading;
  await Promise.all(languages.map((name) => {
    let promise = loading.get(name);
    if (!promise) {
      promise = LOADERS[name]().then((m) => core.registerLanguage(name, m.default));
      loading.set(name, promise);
    }
    return promise;
  }));
}

/** Whether blocks in `language` are highlighted now. */
export function isLoaded(language: string): boolean {
  return hljs?.getLanguage(language) !== undefined;
}

/**
 * The code with ANSI colours, when its language is loaded and colour is on; else as
 * it is (and the language starts loading for the next block).
 */
export function highlight(code: string, info: string | undefined): string {
  const language = languageOf(info);
  if (!language || !colorOn()) return code;
  if (!hljs || !isLoaded(language)) {
    loadHighlighter([language]).catch(() => {});
    return code;
  }
  try {
    return htmlToAnsi(hljs.highlight(code, { language, ignoreIllegals: true }).value);
  } catch {
    return code;
  }
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#x27;": "'",
  "&#39;": "'",
};

/** highlight.js's `<span class="hljs-…">` output as ANSI text. */
export function htmlToAnsi(html: string): string {
  const stack: (((s: string) => string) | undefined)[] = [];
  let out = "";
  for (const part of html.split(/(<span class="[^"]*">|<\/span>)/)) {
    if (part.startsWith("<span")) stack.push(styleFor(part.slice(13, -2)));
    else if (part === "</span>") stack.pop();
    else if (part) {
      const text = part.replace(/&(?:amp|lt|gt|quot|#x27|#39);/g, (e) => ENTITIES[e]);
      const paint = stack.findLast((s) => s !== undefined);
      // Colour each line on its own, so a line cut out of the block keeps its colour.
      out += paint ? text.split("\n").map((l) => (l ? paint(l) : l)).join("\n") : text;
    }
  }
  return out;
}

function styleFor(classes: string): ((s: string) => string) | undefined {
  const first = classes.split(" ")[0].replace(/^hljs-/, "");
  const s = style.syntax;
  switch (first) {
    case "keyword":
    case "selector-tag":
    case "built_in":
    case "literal":
      return s.keyword;
    case "string":
    case "regexp":
    case "symbol":
    case "template-tag":
      return s.string;
    case "number":
      return s.number;
    case "comment":
    case "quote":
      return s.comment;
    case "title":
    case "section":
    case "name":
      return s.title;
    case "type":
    case "class":
      return s.type;
    case "attr":
    case "attribute":
    case "variable":
    case "params":
    case "property":
      return s.attr;
    case "meta":
      return s.meta;
    case "addition":
      return s.addition;
    case "deletion":
      return s.deletion;
    default:
      return undefined;
  }
}
