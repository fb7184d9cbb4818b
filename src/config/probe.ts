/**
 * With nothing configured: say what local model server was found and how to configure
 * it. The probing itself is the providers' (src/ai/providers/local_servers.ts).
 */

import {
  type FoundServer,
  LOCAL_SERVER_PROFILES,
  type LocalProbeOptions,
  type LocalServerName,
  probeLocalServers,
} from "../ai/providers/local_servers.ts";

export { type FoundServer, type LocalServerName, probeLocalServers };
/** Options of probeLocalServers. */
export type ProbeOptions = LocalProbeOptions;

/** Default ports and display names. */
export const LOCAL_SERVERS: Record<LocalServerName, { port: number; label: string }> = {
  ollama: serverInfo("ollama"),
  lmstudio: serverInfo("lmstudio"),
  llamacpp: serverInfo("llamacpp"),
};

const ORDER: LocalServerName[] = ["ollama", "lmstudio", "llamacpp"];

function serverInfo(name: LocalServerName): { port: number; label: string } {
  const profile = LOCAL_SERVER_PROFILES[name];
  return { port: profile.defaultPort!, label: profile.label };
}

/**
 * What the probe found, in words a user can act on: the servers and their models with
 * the command to use one, or, when none answered, how to configure a provider.
 */
export function formatProbeReport(found: FoundServer[]): string {
  if (found.length === 0) {
    const tried = ORDER.map((n) => `${LOCAL_SERVERS[n].label} (:${LOCAL_SERVERS[n].port})`);
    return [
      `No provider is configured and no local model server answered (tried ${tried.join(", ")}).`,
      "",
      "Start one (e.g. `ollama serve` then `ollama pull qwen3-coder`), or configure a provider:",
      `  nanocoder --provider ollama --model qwen3-coder run "..."`,
      `  nanocoder --base-url http://localhost:8000/v1 --model MODEL [--api-key KEY] run "..."`,
      '  NANOCODER_BASE_URL=... NANOCODER_MODEL=... [NANOCODER_API_KEY=...] nanocoder run "..."',
      "",
      "or write agents.config.json in the project (or ~/.config/nanocoder/):",
      indent(snippet("ollama", "http://localhost:11434/v1", ["qwen3-coder"])),
    ].join("\n");
  }
  const lines = ["No provider is configured, but found a local model server:"];
  for (const server of found) {
    const models = server.models.length
      ? server.models.slice(0, 8).join(", ") + (server.models.length > 8 ? ", ..." : "")
      : "no models listed";
    lines.push(`  ${LOCAL_SERVERS[server.name].label} at ${server.baseUrl}: ${models}`);
  }
  const first = found[0];
  const model = first.models[0] ?? "MODEL";
  lines.push(
    "",
    "Use it with:",
    new URL(first.baseUrl).port === String(LOCAL_SERVERS[first.name].port)
      ? `  nanocoder --provider ${first.name} --model ${model} run "..."`
      : `  nanocoder --base-url ${first.baseUrl} --model ${model} run "..."`,
    "or save it in agents.config.json:",
    indent(snippet(first.name, first.baseUrl, first.models.slice(0, 3))),
  );
  return lines.join("\n");
}

function snippet(name: string, baseUrl: string, models: string[]): string {
  const config = { nanocoder: { providers: [{ name, baseUrl, models }] } };
  return JSON.stringify(config, null, 2);
}

function indent(text: string): string {
  return text.split("\n").map((l) => `  ${l}`).join("\n");
}
