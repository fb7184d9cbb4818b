/**
 * What to offer while typing: slash commands after a leading `/`, project files and MCP
 * resources after `@`. Pure functions over the editor's current word, so they are tested
 * without a UI.
 */
import type { McpResourceInfo } from "../../protocol.ts";

/** One offer in the completion menu. */
export interface Suggestion {
  /** What replaces the word when it is accepted. */
  value: string;
  label: string;
  hint?: string;
}

/** The open completion menu. */
export interface CompletionState {
  kind: "command" | "file";
  /** Where the word being completed starts in the text. */
  start: number;
  items: Suggestion[];
  selected: number;
}

/** A command as completion knows it. */
export interface CommandInfo {
  name: string;
  description: string;
  aliases?: string[];
}

/** How many offers the menu shows. */
export const MENU_SIZE = 8;

/**
 * The menu for the text and cursor, or undefined: commands while the first word starts
 * with `/`, files and resources while the word at the cursor starts with `@`.
 */
export function completionFor(
  text: string,
  cursor: number,
  commands: readonly CommandInfo[],
  files: readonly string[] | undefined,
  resources: readonly McpResourceInfo[] = [],
): CompletionState | undefined {
  let start = cursor;
  while (start > 0 && !/\s/.test(text[start - 1])) start--;
  const word = text.slice(start, cursor);
  if (start === 0 && word.startsWith("/") && !text.slice(cursor).match(/^\S/)) {
    const items = commandSuggestions(word.slice(1), commands);
    return items.length ? { kind: "command", start, items, selected: 0 } : undefined;
  }
  if (word.startsWith("@") && (files || resources.length)) {
    const query = word.slice(1);
    // `@server:…` is a resource; a word without a colon may be either.
    const items = query.includes(":")
      ? resourceSuggestions(query, resources)
      : [...fileSuggestions(query, files ?? []), ...resourceSuggestions(query, resources)];
    return items.length ? { kind: "file", start, items, selected: 0 } : undefined;
  }
  return undefined;
}

/** Commands whose name (or alias) starts with `query`, then those containing it. */
export function commandSuggestions(query: string, commands: readonly CommandInfo[]): Suggestion[] {
  const q = query.toLowerCase();
  const scored: { score: number; item: Suggestion }[] = [];
  for (const command of commands) {
    const names = [command.name, ...(command.aliases ?? [])];
    let score = -1;
    for (const name of names) {
      const n = name.toLowerCase();
      if (n === q) score = Math.max(score, 3);
      else if (n.startsWith(q)) score = Math.max(score, 2);
      else if (q && n.includes(q)) score = Math.max(score, 1);
    }
    if (score >= 0) {
      scored.push({
        score,
        item: { value: `/${command.name} `, label: `/${command.name}`, hint: command.description },
      });
    }
  }
  // Equal scores keep the given order (built-ins as /help lists them, then custom ones).
  return scored.sort((a, b) => b.score - a.score).map((s) => s.item);
}

/**
 * Files matching `query`: a file name starting with it first, then paths containing
 * it, then paths holding its characters in order (`srcmod` finds `src/ui/mod.ts`).
 */
export function fileSuggestions(query: string, files: readonly string[]): Suggestion[] {
  const q = query.toLowerCase();
  const scored: { score: number; path: string }[] = [];
  for (const path of files) {
    const score = fileScore(path.toLowerCase(), q);
    if (score > 0) scored.push({ score, path });
  }
  scored.sort((a, b) =>
    b.score - a.score || a.path.length - b.path.length || (a.path < b.path ? -1 : 1)
  );
  return scored.slice(0, 50).map(({ path }) => ({ value: `@${path} `, label: path }));
}

/**
 * MCP resources matching `query`, as `@server:uri`: `server:text` matches a server by
 * its name's start and the text in a resource's URI or name; text alone, anywhere.
 */
export function resourceSuggestions(
  query: string,
  resources: readonly McpResourceInfo[],
): Suggestion[] {
  const q = query.toLowerCase();
  const colon = q.indexOf(":");
  const server = colon >= 0 ? q.slice(0, colon) : "";
  const text = colon >= 0 ? q.slice(colon + 1) : q;
  const matches = (r: McpResourceInfo) =>
    r.server.toLowerCase().startsWith(server) &&
    (r.uri.toLowerCase().includes(text) || r.name.toLowerCase().includes(text) ||
      (colon < 0 && r.server.toLowerCase().includes(text)));
  return resources
    .filter(matches)
    .slice(0, 50)
    .map((r) => ({
      value: `@${r.server}:${r.uri} `,
      label: `${r.server}:${r.name}`,
      hint: r.description ?? r.uri,
    }));
}

function fileScore(path: string, q: string): number {
  if (!q) return 1;
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (base.startsWith(q)) return 4000 - base.length;
  if (path.startsWith(q)) return 3000 - path.length;
  const at = path.indexOf(q);
  if (at >= 0) return 2000 - at;
  let gaps = 0;
  let i = 0;
  for (const ch of q) {
    const found = path.indexOf(ch, i);
    if (found < 0) return 0;
    gaps += found - i;
    i = found + 1;
  }
  return Math.max(1, 1000 - gaps);
}
