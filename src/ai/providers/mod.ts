/**
 * Provider profiles: one per server family, found from the provider's `sdkProvider`, base
 * URL, name or default port, or — for a local server on an unusual port — by asking it.
 *
 * Adding a quirk:
 * 1. Find the family's profile (local_families.ts for servers users run, hosted.ts for
 *    services) or add a `ProviderProfile` beside them and list it in PROFILES below
 *    (before `generic`, after any profile that should win over it).
 * 2. Use the narrowest hook that expresses the quirk: `limitField`, `reasoningReplay`,
 *    `adaptBody` for request bodies; `probeWindow` for a context-window endpoint;
 *    `toolsHint` / `notFoundHint` for messages. A new refusal wording goes in
 *    tool_refusal.ts, a stream error worth one retry in stream_errors.ts.
 * 3. Cite where the behaviour was seen (docs page, issue, server source) in a comment,
 *    and make tests/_helpers/mock_llm.ts behave the same way in its flavor of the server.
 */

import type { ProviderConfig } from "../../config/types.ts";
import { anthropic, deepseek, google, moonshot, openai, openrouter, zai } from "./hosted.ts";
import {
  isLocalServer,
  jsonProbe,
  llamacpp,
  lmstudio,
  ollama,
  type ProbeInit,
  serverRoot,
  vllm,
} from "./local_families.ts";
import type { ProviderProfile } from "./profile.ts";

export type { BodyContext, JsonProbe, ProbedWindow, ProviderProfile, WireName } from "./profile.ts";
export { isLocalServer, serverRoot } from "./local_families.ts";

/** Any other OpenAI-compatible server: local or hosted by its URL, no quirks of its own. */
export const generic: ProviderProfile = {
  id: "generic",
  label: "OpenAI-compatible server",
  matches: () => true,
  isLocal: isLocalServer,
  wireFor: () => "openai",
};

/** Every profile, in the order they are tried; `generic` matches anything. */
export const PROFILES: readonly ProviderProfile[] = [
  anthropic,
  google,
  openai,
  openrouter,
  deepseek,
  moonshot,
  zai,
  ollama,
  lmstudio,
  llamacpp,
  vllm,
  generic,
];

/** The local families, in the order a server of unknown family is asked. */
export const LOCAL_PROFILES: readonly ProviderProfile[] = [ollama, llamacpp, lmstudio, vllm];

/** The profile with this id (`"ollama"`, `"llamacpp"`…), or generic. */
export function profileById(id: string): ProviderProfile {
  return PROFILES.find((p) => p.id === id) ?? generic;
}

/**
 * The profile of a provider from what its config says (no network): `sdkProvider`, host
 * and name first, then the default port of a local server family.
 */
export function profileFor(provider: ProviderConfig): ProviderProfile {
  let url: URL | undefined;
  try {
    url = new URL(provider.baseUrl);
  } catch { /* matched by name only */ }
  const named = PROFILES.find((p) => p.matches(provider, url))!;
  if (named !== generic || !url?.port) return named;
  return LOCAL_PROFILES.find((p) => String(p.defaultPort) === url.port) ?? generic;
}

/** Options of {@link detectProfile}. */
export interface DetectOptions {
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Default 1 500 ms for all probes together. */
  timeoutMs?: number;
}

/**
 * The profile of a provider, asking a local server of unknown family which one it is
 * (Ollama on another port, llama-server behind a proxy name). Never throws: a server
 * that answers none of the probes keeps the generic profile.
 */
export async function detectProfile(
  provider: ProviderConfig,
  opts: DetectOptions = {},
): Promise<ProviderProfile> {
  const known = profileFor(provider);
  if (known !== generic || !isLocalServer(provider)) return known;
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? 1_500);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const get = jsonProbe(serverRoot(provider.baseUrl), probeInit(provider, opts.fetch, signal));
  const answers = await Promise.all(
    LOCAL_PROFILES.map((p) => p.identify?.(get).catch(() => false) ?? false),
  );
  return LOCAL_PROFILES[answers.indexOf(true)] ?? generic;
}

/** The fetch options of a probe: the provider's headers and key, so a guarded server answers. */
export function probeInit(
  provider: ProviderConfig,
  fetchFn: typeof fetch | undefined,
  signal: AbortSignal,
): ProbeInit {
  const headers: Record<string, string> = { ...provider.headers };
  if (provider.apiKey) headers.authorization = `Bearer ${provider.apiKey}`;
  return { fetch: fetchFn, headers, signal };
}
