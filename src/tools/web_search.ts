/**
 * web_search: searches the web through the backend chosen in config (Brave Search API,
 * Tavily, a SearXNG instance, or DuckDuckGo's keyless HTML page) and returns a numbered
 * list of title, URL and snippet.
 *
 * Without a usable backend the tool is not registered at all (see
 * {@linkcode webSearchAvailability}), so the model never sees a tool that cannot work.
 */
import { z } from "zod";
import type { WebSearchSettings } from "../config/types.ts";
import { backendBaseUrl, runSearch, type SearchResult } from "./_private/web_search_backends.ts";
import { quoted, toolTitle } from "./_private/tool_meta.ts";
import { type Tool, toolError } from "./tool.ts";

/** Results returned when the call does not say. */
export const DEFAULT_SEARCH_RESULTS = 5;
/** Most results a call may ask for. */
export const MAX_SEARCH_RESULTS = 20;

/** Test and deployment overrides of a web_search tool instance. */
export interface WebSearchOptions {
  /** Base URL of the backend instead of its public one (a proxy, a local test server). */
  baseUrl?: string;
  /** Whole request; default 20 s. */
  timeoutMs?: number;
}

/** Whether web_search can be offered with these settings, and why not. */
export function webSearchAvailability(
  settings?: WebSearchSettings,
): { available: true } | { available: false; reason: string } {
  if (!settings) {
    return {
      available: false,
      reason:
        'no search backend configured: set "webSearch" in the config to brave or tavily (with "apiKey"), searxng (with "url") or duckduckgo',
    };
  }
  switch (settings.backend) {
    case "brave":
    case "tavily":
      return settings.apiKey.trim() ? { available: true } : {
        available: false,
        reason: `"webSearch.apiKey" is empty for the ${settings.backend} backend`,
      };
    case "searxng": {
      try {
        const url = new URL(settings.url);
        if (url.protocol === "http:" || url.protocol === "https:") return { available: true };
      } catch {
        // fall through
      }
      return {
        available: false,
        reason:
          `"webSearch.url" must be the http(s) URL of a SearXNG instance, got "${settings.url}"`,
      };
    }
    case "duckduckgo":
      return { available: true };
  }
}

const schema = z.object({
  query: z.string().min(1).describe("What to search for."),
  max_results: z.number().int().positive().optional().describe(
    `How many results to return (default ${DEFAULT_SEARCH_RESULTS}, at most ${MAX_SEARCH_RESULTS}).`,
  ),
});

/**
 * Creates the web_search tool for a configured backend. Call
 * {@linkcode webSearchAvailability} first: unusable settings are a programming error here.
 */
export function createWebSearchTool(
  settings: WebSearchSettings,
  options: WebSearchOptions = {},
): Tool<typeof schema> {
  const availability = webSearchAvailability(settings);
  if (!availability.available) throw new Error(`web_search is unavailable: ${availability.reason}`);
  const base = backendBaseUrl(settings, options.baseUrl);
  const timeoutMs = options.timeoutMs ?? 20_000;
  return {
    name: "web_search",
    description:
      "Search the web. Returns a numbered list of results (title, URL, snippet). Use web_fetch " +
      "to read a result in full.",
    schema,
    kind: "network",
    activity: "search",
    title: (args) => toolTitle("web_search", quoted(args.query)),
    locations: () => [],
    permissions: [{ name: "net", host: new URL(base).host }],
    async execute(args, ctx) {
      const count = Math.min(args.max_results ?? DEFAULT_SEARCH_RESULTS, MAX_SEARCH_RESULTS);
      const outcome = await runSearch(
        settings,
        { query: args.query, count, timeoutMs, signal: ctx.signal },
        options.baseUrl,
      );
      if (!outcome.ok) return toolError(outcome.error);
      const results = outcome.results.slice(0, count);
      return {
        ok: true,
        output: formatResults(args.query, settings.backend, results),
        summary: `${results.length} result${results.length === 1 ? "" : "s"} for "${args.query}"`,
      };
    },
  };
}

/** The numbered list the model reads. */
export function formatResults(query: string, backend: string, results: SearchResult[]): string {
  if (results.length === 0) {
    return `No results for "${query}" (${backend}). Try fewer or different words.`;
  }
  const items = results.map((r, i) =>
    [
      `${i + 1}. ${r.title || "(untitled)"}`,
      `   ${r.url}`,
      ...(r.snippet ? [`   ${r.snippet}`] : []),
    ]
      .join("\n")
  );
  return `Search results for "${query}" (${backend}):\n\n${items.join("\n\n")}`;
}
