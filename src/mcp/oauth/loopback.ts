/**
 * The loopback redirect of a browser sign-in (RFC 8252): a one-shot HTTP listener on
 * 127.0.0.1 that receives `/callback?code=...&state=...` from the authorization server's
 * redirect, checks `state`, shows the user a short page and hands the code over.
 */

/** Longest wait for the browser to come back, by default. */
export const DEFAULT_SIGN_IN_TIMEOUT_MS = 5 * 60_000;

/** A listener waiting for one authorization code. */
export interface PendingCallback {
  /** Resolves with the code; rejects on an error redirect, a timeout or abort. */
  code: Promise<string>;
  /** Stops listening (idempotent). */
  close(): Promise<void>;
}

/** A free port on 127.0.0.1 (bound, read, released). */
export function freeLoopbackPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** The redirect URI for `port`. */
export function loopbackRedirectUrl(port: number): string {
  return `http://127.0.0.1:${port}/callback`;
}

/**
 * Listens on `port` for the redirect carrying `state`. Throws at once when the port is
 * taken (the message says which and what to do).
 */
export function listenForCode(options: {
  port: number;
  state: string;
  server: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}): PendingCallback {
  const { promise: code, resolve, reject } = Promise.withResolvers<string>();
  code.catch(() => {}); // Observed by the caller; never an unhandled rejection here.
  const stop = new AbortController();
  const timer = setTimeout(
    () => reject(new Error(`No sign-in for "${options.server}" within the time allowed`)),
    options.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS,
  );
  const onAbort = () => reject(options.signal?.reason ?? new Error("Sign-in cancelled"));
  options.signal?.addEventListener("abort", onAbort, { once: true });
  let server: Deno.HttpServer;
  try {
    server = Deno.serve({
      hostname: "127.0.0.1",
      port: options.port,
      signal: stop.signal,
      onListen: () => {},
    }, (request) => {
      const url = new URL(request.url);
      if (url.pathname !== "/callback") return new Response("Not found", { status: 404 });
      const params = url.searchParams;
      if (params.get("state") !== options.state) {
        // Not our sign-in (a stale tab, a forged request): ignore it, keep waiting.
        return page(400, "This sign-in link is not the one nanocoder is waiting for.");
      }
      const error = params.get("error");
      const got = params.get("code");
      if (error || !got) {
        const detail = params.get("error_description") ?? error ?? "no authorization code";
        reject(new Error(`The authorization server refused the sign-in: ${detail}`));
        return page(400, `Sign-in failed: ${detail}. You can close this tab.`);
      }
      resolve(got);
      return page(200, `Signed in to "${options.server}". You can close this tab.`);
    });
  } catch (error) {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
    if (error instanceof Deno.errors.AddrInUse) {
      throw new Error(
        `Cannot listen for the sign-in redirect on 127.0.0.1:${options.port}: the port is in use`,
      );
    }
    throw error;
  }
  let closing: Promise<void> | undefined;
  const close = () =>
    closing ??= (async () => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      stop.abort();
      await server.finished;
    })();
  code.then(close, close);
  return { code, close };
}

function page(status: number, message: string): Response {
  const text = message.replace(/[<>&]/g, (c) => `&#${c.charCodeAt(0)};`);
  return new Response(
    `<!doctype html><meta charset="utf-8"><title>nanocoder</title><p>${text}</p>`,
    { status, headers: { "content-type": "text/html; charset=utf-8" } },
  );
}
