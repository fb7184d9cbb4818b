/**
 * web_fetch: reads one web page or API response for the model.
 *
 * HTML comes back as readable markdown (main content only, links kept), JSON
 * pretty-printed, text as is; anything else is described, not dumped. Redirects, time and
 * size are bounded, and every failure (DNS, TLS, refused, 4xx/5xx, too large, not text,
 * a host `--allow-net` does not cover) is a sentence the model can act on.
 */
import { z } from "zod";
import { VERSION } from "../version.ts";
import {
  type AddressGuard,
  type AddressPolicy,
  createAddressGuard,
  type Resolver,
} from "./_private/address_guard.ts";
import { guardError, httpRequest, type HttpResponse } from "./_private/http_fetch.ts";
import { toolTitle } from "./_private/tool_meta.ts";
import { type Tool, type ToolContext, toolError, type ToolResult } from "./tool.ts";

/**
 * Settings of a web_fetch tool instance: the user's `webFetch` config (`allowPrivate`,
 * `allowHosts`; by default only public addresses are fetched) and limits.
 */
export interface WebFetchOptions extends AddressPolicy {
  /** Whole request, body included; default 30 s. */
  timeoutMs?: number;
  /** Body bytes read when the call gives no max_bytes; default 2 MB. */
  defaultMaxBytes?: number;
  /** Largest max_bytes a call may ask for; default 10 MB. */
  maxBytesLimit?: number;
  /** Redirects followed; default 5. */
  maxRedirects?: number;
  /** How host names are resolved (tests); default: the system resolver. */
  resolveHost?: Resolver;
}

const schema = z.object({
  url: z.string().min(1).describe("The http:// or https:// URL to fetch."),
  max_bytes: z.number().int().positive().optional().describe(
    "Most bytes of the body to download (the rest is cut off).",
  ),
});

const USER_AGENT =
  `Mozilla/5.0 (compatible; nanocoder/${VERSION}; +https://github.com/Nano-Collective/nanocoder)`;

/** Creates the web_fetch tool. */
export function createWebFetchTool(options: WebFetchOptions = {}): Tool<typeof schema> {
  const limits: Limits = {
    timeoutMs: options.timeoutMs ?? 30_000,
    defaultMaxBytes: options.defaultMaxBytes ?? 2_000_000,
    maxBytesLimit: options.maxBytesLimit ?? 10_000_000,
    maxRedirects: options.maxRedirects ?? 5,
    guard: createAddressGuard(options, options.resolveHost),
  };
  return {
    name: "web_fetch",
    description:
      "Fetch a web page or API response over HTTP(S) GET. HTML is returned as readable markdown " +
      "(main content, links kept), JSON pretty-printed, text as is. Use it to read documentation, " +
      "issues or release notes the user points to. Only public addresses are fetched: " +
      "localhost, private networks and cloud metadata addresses are refused unless the user " +
      "allowed them.",
    schema,
    kind: "network",
    activity: "fetch",
    title: (args) => toolTitle("web_fetch", args.url),
    locations: () => [],
    permissions: [{ name: "net" }],
    // An address the fetch would refuse is refused before anyone is asked about it.
    preview: async (args, ctx) => {
      const refuse = await refusal(args.url, ctx, limits.guard);
      return refuse ? { refuse } : {};
    },
    execute: (args, ctx) => fetchPage(args, ctx, limits),
  };
}

/** The web_fetch tool with default limits. */
export const webFetchTool: Tool<typeof schema> = createWebFetchTool();

interface Limits {
  timeoutMs: number;
  defaultMaxBytes: number;
  maxBytesLimit: number;
  maxRedirects: number;
  guard: AddressGuard;
}

/**
 * Why the fetch of `raw` is refused whatever anyone answers (an address web_fetch never
 * fetches, a host `--allow-net` does not cover), or undefined. A failed DNS lookup is
 * not a refusal: it may work by the time the call runs.
 */
async function refusal(
  raw: string,
  ctx: ToolContext,
  guard: AddressGuard,
): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined; // the run says what is wrong with it
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  const decision = await guard(url, ctx.signal);
  if (decision.ok) {
    decision.client?.close();
    return undefined;
  }
  return decision.kind === "dns" ? undefined : guardError(url.href, url, decision);
}

async function fetchPage(
  args: z.infer<typeof schema>,
  ctx: ToolContext,
  limits: Limits,
): Promise<ToolResult> {
  let url: URL;
  try {
    url = new URL(args.url);
  } catch {
    return toolError(
      `Error: "${args.url}" is not a valid URL: write it in full, e.g. "https://example.com/page".`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return toolError(`Error: "${args.url}" is not an http:// or https:// URL.`);
  }
  const maxBytes = Math.min(args.max_bytes ?? limits.defaultMaxBytes, limits.maxBytesLimit);
  const result = await httpRequest({
    url: url.href,
    headers: {
      "user-agent": USER_AGENT,
      "accept": "text/html,application/xhtml+xml,application/json;q=0.9,text/plain;q=0.8,*/*;q=0.5",
    },
    timeoutMs: limits.timeoutMs,
    maxBytes,
    maxRedirects: limits.maxRedirects,
    signal: ctx.signal,
    guard: limits.guard,
  });
  if (!result.ok) return toolError(result.error);
  return await render(result.response, maxBytes, limits.maxBytesLimit);
}

/** What kind of content a response holds, from its media type (or a sniff of the bytes). */
type ContentKind = "html" | "json" | "text" | "binary";

function contentKind(mediaType: string, body: Uint8Array): ContentKind {
  if (mediaType === "text/html" || mediaType === "application/xhtml+xml") return "html";
  if (mediaType === "application/json" || mediaType.endsWith("+json")) return "json";
  if (
    mediaType.startsWith("text/") || mediaType.endsWith("+xml") ||
    /^application\/(xml|javascript|ecmascript|x-yaml|yaml|toml|x-sh|sql|graphql)$/.test(mediaType)
  ) return "text";
  if (mediaType === "") {
    // No type given: text when the start has no NUL bytes; HTML when it looks like HTML.
    const head = body.subarray(0, 1024);
    if (head.includes(0)) return "binary";
    return /^\s*<(!doctype html|html)/i.test(new TextDecoder().decode(head)) ? "html" : "text";
  }
  return "binary";
}

async function render(
  response: HttpResponse,
  maxBytes: number,
  maxBytesLimit: number,
): Promise<ToolResult> {
  const { url, status } = response;
  const contentType = response.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0].trim().toLowerCase();
  if (status >= 400) {
    const hint = status === 404 || status === 410
      ? " The page does not exist: check the URL."
      : status === 401 || status === 403
      ? " The server refuses access without credentials."
      : status === 429
      ? " The server is rate limiting: wait before trying again."
      : status >= 500
      ? " The server failed: try again later."
      : "";
    // An API's error body (rate limit, bad parameter) often says what to do; a page's HTML does not.
    const kind = contentKind(mediaType, response.body);
    const detail = kind === "json" || kind === "text"
      ? decode(response.body, contentType).trim().slice(0, 500)
      : "";
    return toolError(
      `Error: "${url}" answered HTTP ${status} ${response.statusText}.${hint}`.trim() +
        (detail ? `\nResponse body: ${detail}` : ""),
    );
  }
  if (response.declaredTooLarge !== undefined) {
    return toolError(
      `Error: "${url}" is too large: ${response.declaredTooLarge} bytes (${
        mediaType || "unknown type"
      }), over the limit of ${maxBytes} bytes.` +
        (maxBytes < maxBytesLimit
          ? ` Pass a larger max_bytes (at most ${maxBytesLimit}) to read it.`
          : ""),
    );
  }
  const kind = contentKind(mediaType, response.body);
  if (kind === "binary") {
    const size = response.headers.get("content-length") ??
      `${response.truncated ? "over " : ""}${response.body.length}`;
    return toolError(
      `Error: "${url}" is not text: ${
        mediaType || "unknown type"
      }, ${size} bytes. web_fetch reads HTML, JSON and text only.`,
    );
  }
  const text = decode(response.body, contentType);
  const header = [`URL: ${url}`];
  let content: string;
  switch (kind) {
    case "html": {
      // readability + linkedom + turndown cost ~300 ms to import: load them on first use.
      const { htmlToMarkdown } = await import("./_private/html_to_markdown.ts");
      const page = htmlToMarkdown(text, url);
      header.push(`Title: ${page.title || "(none)"}`);
      content = [page.markdown, ...page.notes].join("\n\n");
      break;
    }
    case "json":
      header.push(`Content-Type: ${mediaType}`);
      content = prettyJson(text);
      break;
    case "text":
      header.push(`Content-Type: ${mediaType || "text (guessed)"}`);
      content = text;
      break;
  }
  const note = response.truncated
    ? `\n\n[Truncated: only the first ${maxBytes} bytes were downloaded.${
      maxBytes < maxBytesLimit
        ? ` Pass a larger max_bytes (at most ${maxBytesLimit}) to read more.`
        : ""
    }]`
    : "";
  return {
    ok: true,
    output: `${header.join("\n")}\n\n${content.trim() || "(empty)"}${note}`,
    summary: `Fetched ${url} (${response.body.length} bytes, ${mediaType || kind})`,
  };
}

function decode(body: Uint8Array, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8").decode(body);
  } catch {
    return new TextDecoder().decode(body); // unknown charset label
  }
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text; // truncated or invalid: pass it through
  }
}
