/**
 * What a local server says the model's window is. Only the provider's own family is asked
 * (llama.cpp gets `/props`, never LM Studio's `/api/v0/models/…`); a local server of
 * unknown family is asked every family's endpoint at once. Hosted APIs get no request.
 */

import type { ProviderConfig } from "../../config/types.ts";
import { jsonProbe, serverRoot } from "./local_families.ts";
import { LOCAL_PROFILES, probeInit, profileFor } from "./mod.ts";
import type { ProbedWindow } from "./profile.ts";

/** Options of {@link probeContextWindow}. */
export interface WindowProbeOptions {
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** All probes together, default {@link WINDOW_PROBE_TIMEOUT_MS}. */
  timeoutMs?: number;
}

/** How long the window probes may take together. */
export const WINDOW_PROBE_TIMEOUT_MS = 1_500;

/**
 * The window the provider's server reports for `model`, or undefined (hosted provider,
 * server down, slow or silent). Never throws.
 */
export async function probeContextWindow(
  provider: ProviderConfig,
  model: string,
  opts: WindowProbeOptions = {},
): Promise<ProbedWindow | undefined> {
  const profile = profileFor(provider);
  if (!profile.isLocal(provider)) return undefined;
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? WINDOW_PROBE_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const get = jsonProbe(serverRoot(provider.baseUrl), probeInit(provider, opts.fetch, signal));
  const families = profile.probeWindow ? [profile] : LOCAL_PROFILES;
  const results = await Promise.all(
    families.map((p) => p.probeWindow?.(get, model).catch(() => undefined)),
  );
  return results.find((r) => r !== undefined);
}
