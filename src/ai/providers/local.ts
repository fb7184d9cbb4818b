/**
 * Where a provider runs and how its server root is reached: the helpers every local
 * profile and probe shares.
 */

import type { ProviderConfig } from "../../config/types.ts";
import type { JsonProbe } from "./profile.ts";

/** Ports of the local servers, so `http://gpu-box:11434/v1` counts as Ollama. */
export const LOCAL_PORTS = ["11434", "1234", "8080"];

/** Whether the provider looks like a server the user runs (loopback, LAN, known ports, names). */
export function isLocalServer(provider: ProviderConfig): boolean {
  let url: URL;
  try {
    url = new URL(provider.baseUrl);
  } catch {
    return false;
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (/^(localhost|0\.0\.0\.0|::1|host\.docker\.internal)$|\.local$|\.localhost$/.test(host)) {
    return true;
  }
  if (/^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host)) return true;
  if (LOCAL_PORTS.includes(url.port)) return true;
  return /ollama|lm ?studio|llama[.-]?cpp|llamafile/i.test(provider.name);
}

/** The server root: the base URL without trailing slashes and without its `/v1`. */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
}

/**
 * `root` + `path` with exactly one slash between them, so a root with a trailing slash or
 * a path segment starting with one (llama.cpp names a model by its file path,
 * `/models/x.gguf`) never yields `//`.
 */
export function joinUrl(root: string, path: string): string {
  return `${root.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/** Options of {@link jsonProbe}. */
export interface ProbeInit {
  fetch?: typeof fetch;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** A JsonProbe against `root`: every failure (refused, non-2xx, odd body) is undefined. */
export function jsonProbe(root: string, init: ProbeInit = {}): JsonProbe {
  const f = init.fetch ?? fetch;
  return async (path, body) => {
    try {
      const headers: Record<string, string> = { accept: "application/json", ...init.headers };
      if (body !== undefined) headers["content-type"] = "application/json";
      const res = await f(joinUrl(root, path), {
        method: body === undefined ? "GET" : "POST",
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: init.signal,
      });
      if (!res.ok) {
        await res.body?.cancel();
        return undefined;
      }
      return await res.json();
    } catch {
      return undefined;
    }
  };
}

/** A positive integer out of a server's JSON, or undefined. */
export function positive(x: unknown): number | undefined {
  return typeof x === "number" && Number.isFinite(x) && x > 0 ? Math.floor(x) : undefined;
}

/** A field of a JSON object, or undefined. */
export function field(body: unknown, key: string): unknown {
  return body !== null && typeof body === "object"
    ? (body as Record<string, unknown>)[key]
    : undefined;
}
