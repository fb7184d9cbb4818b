/** `GET /models` (or the wire's equivalent) → model ids, with the chat call's error vocabulary. */

import { CancelledError, ProviderError } from "../errors.ts";
import { log } from "../log/mod.ts";
import type { ProviderConfig } from "../config/types.ts";
import {
  classifyNetworkError,
  httpError,
  notJsonError,
  permissionError,
  unreachableError,
} from "./provider_errors.ts";
import type { ProviderProfile } from "./providers/profile.ts";
import type { Wire } from "./providers/wire.ts";

/** What one listing needs. */
export interface ModelsRequest {
  provider: ProviderConfig;
  profile: ProviderProfile;
  wire: Wire;
  baseUrl: string;
  fetchFn: typeof fetch;
  requestTimeoutMs: number;
  signal?: AbortSignal;
}

/** The ids of the models the server serves. */
export async function fetchModels(req: ModelsRequest): Promise<string[]> {
  if (req.signal?.aborted) throw new CancelledError();
  const timeout = AbortSignal.timeout(req.requestTimeoutMs > 0 ? req.requestTimeoutMs : 60_000);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  const headers = {
    accept: "application/json",
    ...req.wire.authHeaders(req.provider),
    ...req.provider.headers,
  };
  let response: Response;
  let text: string;
  const url = req.wire.modelsUrl(req.baseUrl);
  if (log.tracing) log.trace("http_request", { method: "GET", url, headers });
  try {
    response = await req.fetchFn(url, { headers, signal });
    text = await response.text();
    if (log.tracing) {
      const { status } = response;
      log.trace("http_response", {
        status,
        headers: Object.fromEntries(response.headers),
        body: text,
      });
    }
  } catch (error) {
    if (req.signal?.aborted) throw new CancelledError();
    if (timeout.aborted) {
      throw new ProviderError(
        `Provider "${req.provider.baseUrl}" did not list its models within ${req.requestTimeoutMs} ms`,
        { code: "timeout", cause: error },
      );
    }
    const denied = permissionError(req.provider, error);
    if (denied) throw denied;
    throw unreachableError(req.provider, classifyNetworkError(error).detail, error);
  }
  if (!response.ok) {
    throw await httpError(response.status, text, {
      provider: req.provider,
      profile: req.profile,
      listModels: () => Promise.resolve([]),
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw notJsonError(req.provider, text, response.status, req.profile);
  }
  try {
    return req.wire.parseModels(body);
  } catch (error) {
    throw new ProviderError(
      `Provider "${req.provider.baseUrl}" sent an unreadable model list: ${text.slice(0, 200)}`,
      { code: "bad_response", status: response.status, cause: error },
    );
  }
}
