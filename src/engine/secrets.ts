/**
 * The secrets of a configuration, in one list used twice: shell commands never get an
 * environment variable holding one (execute_bash), and the logger replaces each one with
 * "[REDACTED]" wherever it appears (log lines, `--debug` output, errors shown to the user).
 */
import type { Env, McpServerConfig, NanocoderConfig, ProviderConfig } from "../config/mod.ts";
import { addSecrets } from "../log/mod.ts";
import { isSecretVariable } from "../tools/_private/bash_env.ts";

/**
 * Provider keys and header values, the web search key, and the env values, header values
 * and OAuth secrets of MCP servers; `extra` adds providers outside the config (a preset or
 * `--base-url` provider carrying a key from the environment or `--api-key`).
 */
export function configSecrets(
  config: NanocoderConfig,
  extra: readonly ProviderConfig[] = [],
  servers: Record<string, McpServerConfig> = config.mcpServers,
): string[] {
  const values = new Set<string>();
  for (const provider of [...config.providers, ...extra]) {
    add(values, provider.apiKey);
    for (const value of Object.values(provider.headers ?? {})) add(values, value);
  }
  if (config.webSearch && "apiKey" in config.webSearch) add(values, config.webSearch.apiKey);
  for (const server of Object.values(servers)) {
    if ("url" in server) {
      for (const value of Object.values(server.headers ?? {})) add(values, value);
      const oauth = server.oauth;
      for (const value of [oauth?.clientSecret, oauth?.privateKey, oauth?.idToken]) {
        add(values, value);
      }
    } else {
      for (const value of Object.values(server.env ?? {})) add(values, value);
    }
  }
  return [...values];
}

/**
 * Registers the config's secrets with the logger, and every environment variable that
 * looks like a credential (by name or value: `*_API_KEY`, `sk-…`), since a key may reach a
 * request without passing through the config (a preset's `OPENROUTER_API_KEY`).
 */
export function registerSecrets(secrets: readonly string[], env?: Env): void {
  addSecrets(secrets);
  if (!env) return;
  const fromEnv: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value && isSecretVariable(name, value)) fromEnv.push(value);
  }
  addSecrets(fromEnv);
}

function add(values: Set<string>, value: string | undefined): void {
  if (value) values.add(value);
}
