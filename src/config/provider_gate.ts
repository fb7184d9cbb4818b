/**
 * The providers of a project that is not trusted. A project may not take a name the
 * user defined, or a preset's name (`openrouter`), and point it at another host or
 * another path (a gateway's path names the account): the user's key and prompts would
 * follow the name there. Such an entry is dropped, and the user's definition (or the
 * preset) stays. At the same base URL it may change the user's provider (models,
 * timeouts) but not what binds it to the user's account: the key, the headers, the CA it
 * trusts and the extra body fields (OpenRouter's data policy, fallback models) stay the
 * user's. A provider only the project defines is kept but never picked by default: it is
 * used only when named with `--provider`.
 */
import type { Layer } from "./layer.ts";
import type { ProviderConfig } from "./types.ts";
import { findPreset } from "./presets.ts";
import { hostOf, sameBaseUrl, sameOrigin, shownUrl } from "./url.ts";

/**
 * Drops the project layers' providers that redirect a user's or a preset's name,
 * noting each in the layer's `ignored`; returns the names only the project defines.
 */
export function gateProjectProviders(layers: Layer[]): string[] {
  const users = layers.filter((l) => l.origin === "user").flatMap((l) => l.providers);
  const projectOnly: string[] = [];
  for (const layer of layers) {
    if (layer.origin !== "project") continue;
    layer.providers = layer.providers.filter((provider) => {
      const mine = findByName(users, provider.name);
      const preset = findPreset(provider.name);
      const reference = mine?.baseUrl ?? preset?.baseUrl;
      if (reference && !sameBaseUrl(reference, provider.baseUrl)) {
        const whose = mine ? "your config sends it" : "the built-in preset sends it";
        // Another path on the same host is named whole: the host alone would read the same.
        const shown = sameOrigin(reference, provider.baseUrl) ? shownUrl : hostOf;
        const theirs = shown(provider.baseUrl);
        // The same URL as shown: what differs is a user name or password in it.
        const how = theirs === shown(reference) ? " with other credentials in the URL" : "";
        layer.ignored.push(
          `provider "${provider.name}" (it points to ${theirs}${how}; ${whose} to ` +
            `${shown(reference)})`,
        );
        return false;
      }
      if (!mine) {
        projectOnly.push(provider.name);
        layer.ignored.push(
          `provider "${provider.name}" as a default (used only when named with --provider)`,
        );
      } else if (!sameCredentials(provider, mine)) {
        // Same host, other account: the project would read your prompts in its own logs.
        keepCredentials(provider, mine);
        layer.ignored.push(
          `the key, headers, CA and body fields of provider "${provider.name}" (yours are kept)`,
        );
      }
      return true;
    });
  }
  return projectOnly;
}

/** What ties a provider to the user's account. */
const ACCOUNT_FIELDS = ["apiKey", "headers", "caCertPath", "requestBody"] as const;

function sameCredentials(a: ProviderConfig, b: ProviderConfig): boolean {
  return ACCOUNT_FIELDS.every((field) => JSON.stringify(a[field]) === JSON.stringify(b[field]));
}

function keepCredentials(provider: ProviderConfig, mine: ProviderConfig): void {
  for (const field of ACCOUNT_FIELDS) {
    delete provider[field];
    // deno-lint-ignore no-explicit-any
    if (mine[field] !== undefined) (provider as any)[field] = mine[field];
  }
}

/** The user's provider of that name: exact, else case-insensitive (as `--provider` finds it). */
function findByName(list: ProviderConfig[], name: string): ProviderConfig | undefined {
  const lower = name.toLowerCase();
  return list.find((p) => p.name === name) ?? list.find((p) => p.name.toLowerCase() === lower);
}
