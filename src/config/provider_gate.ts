/**
 * The providers of a project that is not trusted. A project may not take a name the
 * user defined, or a preset's name (`openrouter`), and point it at another host: the
 * user's key and prompts would follow the name there. Such an entry is dropped, and
 * the user's definition (or the preset) stays. On the same host it may change the
 * user's provider (models, timeouts) but not its key and headers: the requests stay on
 * the user's account. A provider only the project defines is kept but never picked by
 * default: it is used only when named with `--provider`.
 */
import type { Layer } from "./layer.ts";
import type { ProviderConfig } from "./types.ts";
import { findPreset } from "./presets.ts";
import { hostOf, sameOrigin } from "./url.ts";

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
      const preset = provider.sdkProvider ? undefined : findPreset(provider.name);
      const reference = mine?.baseUrl ?? preset?.baseUrl;
      if (reference && !sameOrigin(reference, provider.baseUrl)) {
        const whose = mine ? "your config sends it" : "the built-in preset sends it";
        layer.ignored.push(
          `provider "${provider.name}" (it points to ${hostOf(provider.baseUrl)}; ` +
            `${whose} to ${hostOf(reference)})`,
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
        layer.ignored.push(`the key and headers of provider "${provider.name}" (yours are kept)`);
      }
      return true;
    });
  }
  return projectOnly;
}

function sameCredentials(a: ProviderConfig, b: ProviderConfig): boolean {
  return a.apiKey === b.apiKey && JSON.stringify(a.headers) === JSON.stringify(b.headers);
}

function keepCredentials(provider: ProviderConfig, mine: ProviderConfig): void {
  delete provider.apiKey;
  delete provider.headers;
  if (mine.apiKey !== undefined) provider.apiKey = mine.apiKey;
  if (mine.headers !== undefined) provider.headers = mine.headers;
}

/** The user's provider of that name: exact, else case-insensitive (as `--provider` finds it). */
function findByName(list: ProviderConfig[], name: string): ProviderConfig | undefined {
  const lower = name.toLowerCase();
  return list.find((p) => p.name === name) ?? list.find((p) => p.name.toLowerCase() === lower);
}
