/**
 * The front matter of a custom command file, read as Nanocoder reads it: a small YAML
 * subset — `key: value`, inline arrays `[a, b]`, `- item` lists, quoted values,
 * `|` and `>` multi-line values. List keys always give arrays (a scalar becomes a
 * one-item list); `estimated-tokens` is a number.
 */

/** What a command file declares. */
export interface CommandMetadata {
  description?: string;
  aliases?: string[];
  parameters?: string[];
  tags?: string[];
  triggers?: string[];
  examples?: string[];
  references?: string[];
  dependencies?: string[];
  estimatedTokens?: number;
  category?: string;
  version?: string;
  author?: string;
}

const LIST_KEYS = new Set([
  "aliases",
  "parameters",
  "tags",
  "triggers",
  "examples",
  "references",
  "dependencies",
]);
const TEXT_KEYS = new Set(["description", "category", "version", "author"]);

/** Splits a file into its front matter and body; a file without one is all body. */
export function splitFrontMatter(text: string): { metadata: CommandMetadata; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(text);
  // Front matter with an empty body: the whole file is the command (Nanocoder's rule).
  if (!match || !match[2].trim()) return { metadata: {}, body: text.trim() };
  return { metadata: parseFrontMatter(match[1]), body: match[2] };
}

/** Parses the lines between the `---` markers. */
export function parseFrontMatter(source: string): CommandMetadata {
  const raw: Record<string, string | string[]> = {};
  const lines = source.split(/\r?\n/);
  let key: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#")) continue;
    if (trimmed.startsWith("- ") && key && LIST_KEYS.has(key)) {
      const list = Array.isArray(raw[key]) ? raw[key] as string[] : [];
      list.push(unquote(trimmed.slice(2)));
      raw[key] = list;
      continue;
    }
    const colon = colonOutsideQuotes(line);
    if (colon === -1) continue;
    key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (value === "|" || value === ">") {
      const block: string[] = [];
      let indent: number | undefined;
      while (i + 1 < lines.length) {
        const next = lines[i + 1];
        const own = next.length - next.trimStart().length;
        if (next.trim() && indent === undefined) indent = own;
        if (next.trim() && own < (indent ?? 1)) break;
        block.push(next.slice(Math.min(own, indent ?? own)));
        i++;
      }
      const joined = value === ">" ? block.map((l) => l.trim()).join(" ") : block.join("\n");
      raw[key] = joined.trim();
    } else if (value) {
      raw[key] = LIST_KEYS.has(key) ? listValue(value) : unquote(value);
    }
  }
  return toMetadata(raw);
}

function toMetadata(raw: Record<string, string | string[]>): CommandMetadata {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (LIST_KEYS.has(key)) out[key] = Array.isArray(value) ? value : listValue(value);
    else if (TEXT_KEYS.has(key) && typeof value === "string") out[key] = value;
    else if (key === "estimated-tokens" && !Number.isNaN(Number(value))) {
      out.estimatedTokens = Number(value);
    }
  }
  return out as CommandMetadata;
}

function listValue(value: string): string[] {
  const trimmed = value.trim();
  if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
    return trimmed.slice(1, -1).split(",").map((s) => unquote(s.trim())).filter(Boolean);
  }
  const one = unquote(trimmed);
  return one ? [one] : [];
}

function unquote(value: string): string {
  return value.trim().replace(/^["']|["']$/g, "");
}

function colonOutsideQuotes(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ":") return i;
  }
  return -1;
}
