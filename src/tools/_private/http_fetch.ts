/**
 * One HTTP request with the limits a tool needs: manual redirects (counted, loops
 * caught), an overall timeout that covers the body, a byte cap applied while streaming,
 * and every failure turned into a sentence the model can act on.
 *
 * Shared by web_fetch and the web_search backends.
 */
import type { AddressGuard } from "./address_guard.ts";

/** Limits and request details. */
export interface HttpRequest {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Cancellation from the user; a cancel is rethrown, not described. */
  signal: AbortSignal;
  /**
   * Checks the target of the request and of every redirect before connecting (web_fetch's
   * refusal of local and private addresses); none for user-configured endpoints.
   */
  guard?: AddressGuard;
}

/** A response read within the limits. */
export interface HttpResponse {
  /** The URL after redirects. */
  url: string;
  status: number;
  statusText: string;
  headers: Headers;
  body: Uint8Array;
  /** The body went past `maxBytes` and was cut there. */
  truncated: boolean;
  /** Content-Length when it was over `maxBytes`: the body was then not read at all. */
  declaredTooLarge?: number;
}

/** Outcome of a request: a response (any status) or a message for the model. */
export type HttpResult = { ok: true; response: HttpResponse } | { ok: false; error: string };

/**
 * Sends the request. 3xx responses are followed up to `maxRedirects` (a POST becomes a GET
 * after 301/302/303, as browsers do). Rejects only when `signal` is aborted.
 */
export async function httpRequest(req: HttpRequest): Promise<HttpResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, req.timeoutMs);
  const onAbort = () => controller.abort();
  req.signal.addEventListener("abort", onAbort, { once: true });
  let url = new URL(req.url);
  try {
    const seen = new Set<string>([url.href]);
    let method = req.method ?? "GET";
    let body = req.body;
    for (let redirects = 0;; redirects++) {
      const decision = req.guard ? await req.guard(url, controller.signal) : { ok: true as const };
      if (!decision.ok) return { ok: false, error: guardError(req.url, url, decision) };
      using _client = decision.client;
      const init: RequestInit & { client?: Deno.HttpClient } = {
        method,
        headers: req.headers,
        body,
        redirect: "manual",
        signal: controller.signal,
        client: decision.client,
      };
      const response = await fetch(url, init);
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location !== null) {
        await response.body?.cancel();
        const next = new URL(location, url);
        if (seen.has(next.href)) {
          return {
            ok: false,
            error: `Error: "${req.url}" redirects in a loop (back to "${next.href}").`,
          };
        }
        if (redirects >= req.maxRedirects) {
          return {
            ok: false,
            error:
              `Error: "${req.url}" redirected more than ${req.maxRedirects} times (last to "${next.href}").`,
          };
        }
        if (next.protocol !== "http:" && next.protocol !== "https:") {
          return {
            ok: false,
            error: `Error: "${url.href}" redirects to unsupported "${next.href}".`,
          };
        }
        seen.add(next.href);
        if (response.status !== 307 && response.status !== 308) {
          method = "GET";
          body = undefined;
        }
        url = next;
        continue;
      }
      const declared = Number(response.headers.get("content-length") ?? NaN);
      if (declared > req.maxBytes) {
        await response.body?.cancel();
        return {
          ok: true,
          response: {
            ...meta(url, response),
            body: new Uint8Array(),
            truncated: true,
            declaredTooLarge: declared,
          },
        };
      }
      const { bytes, truncated } = await readCapped(response, req.maxBytes);
      return { ok: true, response: { ...meta(url, response), body: bytes, truncated } };
    }
  } catch (error) {
    if (req.signal.aborted) throw error;
    return {
      ok: false,
      error: describeFetchError(error, url, timedOut ? req.timeoutMs : undefined),
    };
  } finally {
    clearTimeout(timer);
    req.signal.removeEventListener("abort", onAbort);
  }
}

/** The message for a URL the guard turned down, naming the redirect that led there. */
export function guardError(
  requested: string,
  url: URL,
  decision: Exclude<Awaited<ReturnType<AddressGuard>>, { ok: true }>,
): string {
  switch (decision.kind) {
    case "denied":
      return describeFetchError(new Deno.errors.NotCapable(decision.reason), url);
    case "dns":
      return `Error: cannot fetch "${url.href}": ${DNS_FAILURE}`;
    case "refused":
      return url.href === new URL(requested).href
        ? `Error: fetching "${url.href}" is refused: ${decision.reason}`
        : `Error: "${requested}" redirects to "${url.href}", which is refused: ${decision.reason}`;
  }
}

function meta(url: URL, response: Response) {
  return {
    url: url.href,
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  };
}

/** Reads at most `max` bytes of the body, then stops the download. */
async function readCapped(
  response: Response,
  max: number,
): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  if (!response.body) return { bytes: new Uint8Array(), truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  while (true) {
    const { value, done } = await reader.read();
    if (done) break;
    if (size + value.length > max) {
      chunks.push(value.subarray(0, max - size));
      size = max;
      truncated = true;
      await reader.cancel();
      break;
    }
    chunks.push(value);
    size += value.length;
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { bytes, truncated };
}

/** Turns a fetch failure into one readable sentence naming the URL and the cause. */
export function describeFetchError(error: unknown, url: URL, timeoutMs?: number): string {
  if (timeoutMs !== undefined) {
    return `Error: fetching "${url.href}" timed out after ${timeoutMs} ms. The server is slow or unreachable; try again later or another source.`;
  }
  if (error instanceof Deno.errors.NotCapable) {
    return `Error: network access to "${url.host}" is not allowed (${
      (error as Error).message
    }). Ask the user to run nanocoder with --allow-net (or add "${url.hostname}" to --allow-net) to fetch it.`;
  }
  const text = errorText(error);
  const cause = classify(text);
  return `Error: cannot fetch "${url.href}": ${cause ?? text}`;
}

/** The message of an error and of its causes, in one string. */
function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let e = error, depth = 0; e && depth < 5; e = (e as Error).cause, depth++) {
    parts.push(e instanceof Error ? e.message : String(e));
  }
  return parts.join(": ");
}

const DNS_FAILURE =
  "the host name could not be resolved (DNS failure). Check the spelling of the host.";

function classify(text: string): string | undefined {
  if (/dns error|failed to lookup|name or service not known|nodename nor servname/i.test(text)) {
    return DNS_FAILURE;
  }
  if (/connection refused|os error 111|ECONNREFUSED/i.test(text)) {
    return "connection refused (nothing is listening at that address).";
  }
  if (/certificate|tls|ssl|handshake|corrupt message|InvalidContentType/i.test(text)) {
    return `TLS failure (${
      lastClause(text)
    }). The server's HTTPS setup is broken or it does not speak HTTPS.`;
  }
  if (/connection reset|broken pipe|connection closed|os error 104/i.test(text)) {
    return "the connection was closed by the server before the response was complete.";
  }
  if (/are blocked/i.test(text)) return `${lastClause(text)}.`;
  return undefined;
}

function lastClause(text: string): string {
  return text.split(": ").at(-1)?.trim() ?? text;
}
