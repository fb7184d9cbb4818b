/**
 * A provider's own connection settings: `caCertPath` (a PEM bundle of private or
 * self-signed CAs, trusted on top of the usual roots) and `poolIdleTimeoutMs` (how long
 * an idle connection stays pooled). Both need a Deno.HttpClient, which every request of
 * that provider then goes through. One client per distinct setting lives as long as the
 * process: it holds the connection pool, which is the point of having one.
 */
import type { ProviderConfig } from "../config/types.ts";
import { ConfigError } from "../errors.ts";

const clients = new Map<string, Deno.HttpClient>();

/** `fetch` for `provider`: `base` itself, or `base` through the provider's HTTP client. */
export function providerFetch(base: typeof fetch, provider: ProviderConfig): typeof fetch {
  const { caCertPath, poolIdleTimeoutMs } = provider;
  if (!caCertPath && poolIdleTimeoutMs === undefined) return base;
  const key = JSON.stringify([caCertPath, poolIdleTimeoutMs]);
  let client = clients.get(key);
  if (!client) {
    client = Deno.createHttpClient({
      ...(caCertPath ? { caCerts: [readCaBundle(caCertPath, provider.name)] } : {}),
      // 0 is Nanocoder's -1: no idle limit.
      ...(poolIdleTimeoutMs !== undefined
        ? { poolIdleTimeout: poolIdleTimeoutMs === 0 ? false : poolIdleTimeoutMs }
        : {}),
    });
    clients.set(key, client);
  }
  const httpClient = client;
  // Deno reads `client` from the init of its fetch (a field RequestInit does not declare).
  return (input, init) => base(input, { ...init, client: httpClient } as RequestInit);
}

/** The PEM text of `path`; a ConfigError naming the provider when it is missing or empty. */
function readCaBundle(path: string, provider: string): string {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound
      ? "no such file"
      : error instanceof Deno.errors.NotCapable
      ? "no read permission (--allow-read)"
      : (error as Error).message;
    throw new ConfigError(`Cannot read caCertPath "${path}" of provider "${provider}": ${why}`);
  }
  if (!text.includes("-----BEGIN CERTIFICATE-----")) {
    throw new ConfigError(
      `caCertPath "${path}" of provider "${provider}" holds no PEM certificate ` +
        `("-----BEGIN CERTIFICATE-----")`,
    );
  }
  return text;
}
