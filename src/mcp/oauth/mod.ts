/**
 * Which OAuth provider an HTTP MCP server gets:
 * - `oauth.grant: "client_credentials"`: the SDK's machine providers (client secret, or
 *   a private key for `private_key_jwt`), for CI and services: no person, no browser;
 * - `oauth.grant: "identity_assertion"`: enterprise sign-in with the IdP's ID token;
 * - a static `Authorization` header in the config: none (the user manages the token);
 * - otherwise a StoredOAuthProvider, used only if the server answers 401.
 */
// @ts-types="@modelcontextprotocol/sdk/client/auth"
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { McpServerConfig } from "../../config/types.ts";
import { type SignInDriver, StoredOAuthProvider } from "./provider.ts";
import type { TokenStore } from "./token_store.ts";
import { IdentityAssertionProvider } from "./identity_assertion.ts";

export { loginCommand, NeedsLoginError, type SignInDriver, type SignInState } from "./provider.ts";
export { StoredOAuthProvider } from "./provider.ts";
export { TokenStore, userDataDir } from "./token_store.ts";

/** The OAuth side of one HTTP server's connection. */
export interface ServerAuth {
  provider: OAuthClientProvider;
  /** Set for a person's sign-in (not for machine credentials). */
  stored?: StoredOAuthProvider;
}

type RemoteConfig = Extract<McpServerConfig, { url: string }>;

/** The provider for `config`, or undefined when the server's auth is not ours to do. */
export async function authFor(
  name: string,
  config: RemoteConfig,
  store: () => TokenStore,
  driver?: SignInDriver,
): Promise<ServerAuth | undefined> {
  const oauth = config.oauth ?? {};
  if (oauth.grant === "client_credentials") {
    return { provider: await machineProvider(name, oauth) };
  }
  if (oauth.grant === "identity_assertion") {
    return { provider: identityAssertion(name, oauth) };
  }
  const headers = Object.keys(config.headers ?? {}).map((h) => h.toLowerCase());
  if (headers.includes("authorization")) return undefined;
  const stored = await StoredOAuthProvider.open({ name, url: config.url }, oauth, store(), driver);
  return { provider: stored, stored };
}

async function machineProvider(
  name: string,
  oauth: NonNullable<RemoteConfig["oauth"]>,
): Promise<OAuthClientProvider> {
  const where = `MCP server "${name}" oauth`;
  if (!oauth.clientId) throw new Error(`${where}: "client_credentials" needs "clientId"`);
  const { ClientCredentialsProvider, PrivateKeyJwtProvider } = await import(
    "@modelcontextprotocol/sdk/client/auth-extensions.js"
  );
  const scope = oauth.scopes?.join(" ");
  if (oauth.privateKey) {
    return new PrivateKeyJwtProvider({
      clientId: oauth.clientId,
      privateKey: oauth.privateKey,
      algorithm: oauth.signingAlgorithm ?? "RS256",
      clientName: "nanocoder",
      ...(scope ? { scope } : {}),
    });
  }
  if (!oauth.clientSecret) {
    throw new Error(`${where}: "client_credentials" needs "clientSecret" or "privateKey"`);
  }
  return new ClientCredentialsProvider({
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    clientName: "nanocoder",
    ...(scope ? { scope } : {}),
  });
}

function identityAssertion(
  name: string,
  oauth: NonNullable<RemoteConfig["oauth"]>,
): OAuthClientProvider {
  const { clientId, clientSecret, idToken, idpTokenEndpoint, idpClientId } = oauth;
  if (!clientId || !idToken || !idpTokenEndpoint || !idpClientId) {
    throw new Error(
      `MCP server "${name}" oauth: "identity_assertion" needs "clientId", "idToken", "idpTokenEndpoint" and "idpClientId"`,
    );
  }
  return new IdentityAssertionProvider({
    clientId,
    idToken,
    idpTokenEndpoint,
    idpClientId,
    ...(clientSecret ? { clientSecret } : {}),
    ...(oauth.scopes?.length ? { scope: oauth.scopes.join(" ") } : {}),
  });
}
