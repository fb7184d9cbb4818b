/**
 * The model's context window, from the most to the least authoritative source:
 * `--context-max`, the provider's `contextWindows[model]` then `contextWindow` in config,
 * `NANOCODER_CONTEXT_LIMIT` (Nanocoder's order), what a local server reports for the loaded
 * model (Ollama, llama.cpp, LM Studio), a table of well-known models, and a conservative
 * default. The server probes are the provider profiles' (src/ai/providers/context_probe.ts):
 * short, in parallel, and only against local servers (a hosted API gets no stray requests).
 */

import type { ProviderConfig } from "../config/types.ts";
import { UsageError } from "../errors.ts";
import { probeContextWindow, WINDOW_PROBE_TIMEOUT_MS } from "../ai/providers/context_probe.ts";
import { isLocalServer } from "../ai/providers/local_families.ts";
import { knownContextWindow } from "./known_windows.ts";
import { providerFetch } from "../ai/http_client.ts";

export { isLocalServer };

/** Default for a local server that says nothing about a model the table does not know. */
export const DEFAULT_LOCAL_WINDOW = 8_192;
/** Default for a hosted model the table does not know. */
export const DEFAULT_HOSTED_WINDOW = 128_000;
/** How long the server probes may take together. */
export const PROBE_TIMEOUT_MS = WINDOW_PROBE_TIMEOUT_MS;

/**
 * Parses a token count as users write it: `32000`, `32_000`, `128k`, `1.5k`, `1m`, `2M`.
 * `k` is 1 000 (as model cards write "128k" for 128 000… and 131 072: both are accepted, the
 * caller's number is taken literally), `m` is 1 000 000.
 * @throws UsageError when the text is not a positive count.
 */
export function parseTokenCount(text: string): number {
  const m = /^\s*(\d+(?:[._]\d+)*)\s*([kKmM]?)\s*$/.exec(text);
  const digits = m?.[1].replaceAll("_", "");
  const value = digits === undefined ? NaN : Number(digits);
  const scale = m?.[2].toLowerCase() === "k" ? 1_000 : m?.[2].toLowerCase() === "m" ? 1_000_000 : 1;
  const tokens = Math.round(value * scale);
  if (!Number.isFinite(tokens) || tokens <= 0 || (scale === 1 && !Number.isInteger(value))) {
    throw new UsageError(
      `Invalid token count "${text}": expected a positive number such as "32000", "128k" or "1m"`,
    );
  }
  return tokens;
}

/** Options of {@link resolveContextWindow}. */
export interface ContextWindowOptions {
  /** `--context-max`, already parsed. */
  cliMax?: number;
  /** `NANOCODER_CONTEXT_LIMIT`: below the provider's config, above what servers report. */
  envLimit?: number;
  /** The fetch to probe servers with (tests pass their own). */
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Probe timeout, default {@link PROBE_TIMEOUT_MS}. */
  timeoutMs?: number;
}

/** A context window and where it came from (for `/status` and logs). */
export interface ContextWindow {
  tokens: number;
  source: string;
}

/** Resolves the context window of `model` served by `provider`. */
export async function resolveContextWindow(
  provider: ProviderConfig,
  model: string,
  opts: ContextWindowOptions = {},
): Promise<ContextWindow> {
  if (opts.cliMax && opts.cliMax > 0) return { tokens: opts.cliMax, source: "--context-max" };
  const perModel = provider.contextWindows?.[model];
  if (perModel && perModel > 0) {
    return { tokens: perModel, source: `config contextWindows["${model}"] of "${provider.name}"` };
  }
  if (provider.contextWindow && provider.contextWindow > 0) {
    return { tokens: provider.contextWindow, source: `config contextWindow of "${provider.name}"` };
  }
  if (opts.envLimit && opts.envLimit > 0) {
    return { tokens: opts.envLimit, source: "NANOCODER_CONTEXT_LIMIT" };
  }
  const local = isLocalServer(provider);
  const reported = await probeContextWindow(provider, model, {
    ...opts,
    fetch: providerFetch(opts.fetch ?? fetch, provider),
  });
  if (reported) return reported;
  const known = knownContextWindow(model);
  if (known) return { tokens: known, source: "known model table" };
  return local
    ? { tokens: DEFAULT_LOCAL_WINDOW, source: "default for a local model" }
    : { tokens: DEFAULT_HOSTED_WINDOW, source: "default for a hosted model" };
}
