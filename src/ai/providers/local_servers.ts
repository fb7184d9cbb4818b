/**
 * With nothing configured: look for a model server on this machine (Ollama, LM Studio,
 * llama.cpp on their default ports), all at once with a short timeout.
 */

import { field, jsonProbe, llamacpp, lmstudio, ollama } from "./local_families.ts";
import type { JsonProbe, ProviderProfile } from "./profile.ts";

/** Servers we know how to recognise. */
export type LocalServerName = "ollama" | "lmstudio" | "llamacpp";

/** A server that answered, its OpenAI-compatible base URL and the models it lists. */
export interface FoundServer {
  name: LocalServerName;
  baseUrl: string;
  models: string[];
}

/** Options of probeLocalServers; `ports` and `host` exist for tests. */
export interface LocalProbeOptions {
  fetch?: typeof fetch;
  /** Per-request limit, default 300 ms. */
  timeoutMs?: number;
  /** Host to probe, default `127.0.0.1` (no DNS; Ollama listens there by default). */
  host?: string;
  ports?: Partial<Record<LocalServerName, number>>;
}

/** The families probed, in the order they are reported. */
export const LOCAL_SERVER_PROFILES: Record<LocalServerName, ProviderProfile> = {
  ollama,
  lmstudio,
  llamacpp,
};

const ORDER: LocalServerName[] = ["ollama", "lmstudio", "llamacpp"];

/**
 * Probes the three servers in parallel. Never throws: a refused connection, a timeout
 * or a server that is something else (a web app on :8080) counts as not found.
 */
export async function probeLocalServers(opts: LocalProbeOptions = {}): Promise<FoundServer[]> {
  const host = opts.host ?? "127.0.0.1";
  const results = await Promise.all(ORDER.map(async (name) => {
    const port = opts.ports?.[name] ?? LOCAL_SERVER_PROFILES[name].defaultPort;
    const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    // A timer per request, as each server answers on its own.
    const timeoutMs = opts.timeoutMs ?? 300;
    const get: JsonProbe = (path) => {
      const probe = jsonProbe(origin, {
        fetch: opts.fetch,
        signal: AbortSignal.timeout(timeoutMs),
      });
      return probe(path);
    };
    const models = await listModels(name, get);
    return models ? { name, baseUrl: `${origin}/v1`, models } : undefined;
  }));
  return results.filter((r): r is FoundServer => r !== undefined);
}

/** The models of server `name`, or undefined when it is not there. */
async function listModels(name: LocalServerName, get: JsonProbe): Promise<string[] | undefined> {
  if (name === "ollama") {
    // /api/tags is Ollama's own: it tells Ollama apart from any OpenAI-compatible server.
    const list = field(await get("/api/tags"), "models");
    if (Array.isArray(list)) return names(list, "name");
    return openAiModels(await get("/v1/models"));
  }
  const models = openAiModels(await get("/v1/models"));
  if (models) return models;
  if (name === "llamacpp") {
    // llama-server answers /health before its model is loaded.
    const status = field(await get("/health"), "status");
    if (status === "ok" || status === "loading model") return [];
  }
  return undefined;
}

function openAiModels(body: unknown): string[] | undefined {
  const data = field(body, "data");
  return Array.isArray(data) ? names(data, "id") : undefined;
}

function names(list: unknown[], key: string): string[] {
  return list.map((item) => field(item, key)).filter((n): n is string => typeof n === "string");
}
