/** URL checks shared by the schemas and the flag handling (kept free of zod, which is slow to load). */

/** True for an absolute http: or https: URL. */
export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** `scheme://host:port` of an http(s) URL, or undefined when it is not one. */
export function originOf(text: string): string | undefined {
  try {
    return new URL(text).origin;
  } catch {
    return undefined;
  }
}

/** True when both URLs reach the same server (scheme, host and port). */
export function sameOrigin(a: string, b: string): boolean {
  const origin = originOf(a);
  return origin !== undefined && origin === originOf(b);
}

/**
 * True when both are the same endpoint: same server, path (a trailing slash aside), query
 * and credentials. A multi-tenant gateway keeps the account in the path
 * (`gateway.ai.cloudflare.com/v1/<account>/…`), so another path on the same host may be
 * another account.
 */
export function sameBaseUrl(a: string, b: string): boolean {
  const endpoint = endpointOf(a);
  return endpoint !== undefined && endpoint === endpointOf(b);
}

function endpointOf(text: string): string | undefined {
  try {
    const url = new URL(text);
    url.hash = "";
    url.pathname = url.pathname.replace(/\/+$/, "");
    return url.href;
  } catch {
    return undefined;
  }
}

/** A URL for messages: without credentials or fragment, or the text when it is not one. */
export function shownUrl(text: string): string {
  try {
    const url = new URL(text);
    return `${url.origin}${url.pathname}${url.search}`;
  } catch {
    return text;
  }
}

/** `host[:port]` of a URL for messages, or the text itself when it is not a URL. */
export function hostOf(text: string): string {
  try {
    return new URL(text).host;
  } catch {
    return text;
  }
}
