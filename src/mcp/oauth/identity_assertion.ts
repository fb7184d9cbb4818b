/**
 * Enterprise-managed sign-in (SEP-990, "cross-app access"): the user's identity provider
 * exchanges their ID token for an identity assertion grant (ID-JAG, RFC 8693 token
 * exchange), which the MCP server's authorization server takes as a JWT bearer grant
 * (RFC 7523). No browser: the ID token comes from the config (e.g. `${IDP_ID_TOKEN}`).
 * The SDK's `auth()` does discovery and the token request; this provider only supplies
 * the grant through `prepareTokenRequest`.
 */
// @ts-types="@modelcontextprotocol/sdk/client/auth"
import type {
  OAuthClientProvider,
  OAuthDiscoveryState,
} from "@modelcontextprotocol/sdk/client/auth.js";
// @ts-types="@modelcontextprotocol/sdk/shared/auth"
import type { OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/** What the grant needs. */
export interface IdentityAssertionOptions {
  /** The client at the MCP server's authorization server. */
  clientId: string;
  clientSecret?: string;
  /** The user's ID token from the identity provider. */
  idToken: string;
  /** The identity provider's token endpoint, and this client's ID there. */
  idpTokenEndpoint: string;
  idpClientId: string;
  scope?: string;
}

/** OAuth with an ID-JAG from the identity provider. */
export class IdentityAssertionProvider implements OAuthClientProvider {
  readonly #options: IdentityAssertionOptions;
  #tokens?: OAuthTokens;
  #discovery?: OAuthDiscoveryState;

  constructor(options: IdentityAssertionOptions) {
    this.#options = options;
  }

  get redirectUrl(): undefined {
    return undefined;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "nanocoder",
      redirect_uris: [],
      grant_types: [JWT_BEARER],
      token_endpoint_auth_method: this.#options.clientSecret ? "client_secret_basic" : "none",
      ...(this.#options.scope ? { scope: this.#options.scope } : {}),
    };
  }

  clientInformation() {
    const { clientId, clientSecret } = this.#options;
    return { client_id: clientId, ...(clientSecret ? { client_secret: clientSecret } : {}) };
  }

  tokens(): OAuthTokens | undefined {
    return this.#tokens;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.#tokens = tokens;
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.#discovery;
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.#discovery = state;
  }

  redirectToAuthorization(): never {
    throw new Error("Enterprise sign-in (identity assertion) never opens a browser");
  }

  saveCodeVerifier(): void {}

  codeVerifier(): never {
    throw new Error("Enterprise sign-in (identity assertion) uses no PKCE verifier");
  }

  /** Asks the identity provider for an ID-JAG for this server, and grants with it. */
  async prepareTokenRequest(scope?: string): Promise<URLSearchParams> {
    const metadata = this.#discovery?.authorizationServerMetadata;
    const audience = metadata?.issuer ?? this.#discovery?.authorizationServerUrl;
    const resource = this.#discovery?.resourceMetadata?.resource;
    if (!audience || !resource) {
      throw new Error("Enterprise sign-in needs the server's protected resource metadata");
    }
    const { idToken, idpTokenEndpoint, idpClientId } = this.#options;
    const response = await fetch(idpTokenEndpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: TOKEN_EXCHANGE,
        requested_token_type: "urn:ietf:params:oauth:token-type:id-jag",
        audience,
        resource,
        subject_token: idToken,
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        client_id: idpClientId,
        ...(scope ? { scope } : {}),
      }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok || typeof body.access_token !== "string") {
      const why = body.error_description ?? body.error ?? `HTTP ${response.status}`;
      throw new Error(`The identity provider refused the token exchange: ${why}`);
    }
    return new URLSearchParams({ grant_type: JWT_BEARER, assertion: body.access_token });
  }
}
