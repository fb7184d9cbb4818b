/**
 * The SDK's OAuthClientProvider for a person's sign-in (authorization code + PKCE), kept
 * in the TokenStore. The SDK's `auth()` does the protocol (discovery, registration or a
 * client metadata document, PKCE, `resource`, scopes, refresh); this class only stores
 * what it is given and decides what happens when a browser is needed:
 * - with a `driver` (`mcp login`, a frontend that can show a link) it listens on the
 *   loopback redirect and hands the URL to the driver;
 * - without one (headless `run`) it throws NeedsLoginError, and the server is skipped.
 */
// @ts-types="@modelcontextprotocol/sdk/client/auth"
import type {
  OAuthClientProvider,
  OAuthDiscoveryState,
} from "@modelcontextprotocol/sdk/client/auth.js";
// @ts-types="@modelcontextprotocol/sdk/shared/auth"
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import type { McpOAuthConfig } from "../../config/types.ts";
import type { ServerKey, StoredAuth, TokenStore } from "./token_store.ts";
import { freeLoopbackPort, listenForCode, loopbackRedirectUrl } from "./loopback.ts";

/** The command that signs in to `server`, as messages quote it. */
export function loginCommand(server: string): string {
  return `nanocoder mcp login ${/^[\w.-]+$/.test(server) ? server : JSON.stringify(server)}`;
}

/** The server wants a sign-in and no one is there to do it. */
export class NeedsLoginError extends Error {
  readonly server: string;
  constructor(server: string) {
    super(`Sign-in required: run "${loginCommand(server)}"`);
    this.name = "NeedsLoginError";
    this.server = server;
  }
}

/** Who completes a browser sign-in. */
export interface SignInDriver {
  /** Shows the authorization URL and/or opens it in a browser. */
  open(url: URL): void | Promise<void>;
  /** Longest wait for the browser to come back. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** What `mcp list` and the TUI show about a server's sign-in. */
export interface SignInState {
  signedIn: boolean;
  /** When the access token expires (ms since epoch), when the server said. */
  expiresAt?: number;
  /** A refresh token is kept: an expired access token renews without the browser. */
  refreshable: boolean;
}

/** Reads the sign-in state of `server` from what is stored. */
export function signInState(auth: StoredAuth | undefined): SignInState {
  const tokens = auth?.tokens;
  return {
    signedIn: tokens !== undefined,
    ...(typeof tokens?.expires_at === "number" ? { expiresAt: tokens.expires_at } : {}),
    refreshable: typeof tokens?.refresh_token === "string",
  };
}

/** OAuth for one server, persisted in a TokenStore. */
export class StoredOAuthProvider implements OAuthClientProvider {
  readonly #server: ServerKey;
  readonly #config: McpOAuthConfig;
  readonly #store: TokenStore;
  readonly #driver?: SignInDriver;
  #auth: StoredAuth;
  #port: number;
  #state?: string;
  #verifier?: string;
  #pending?: Promise<string>;
  #redirected = false;

  private constructor(
    server: ServerKey,
    config: McpOAuthConfig,
    store: TokenStore,
    auth: StoredAuth,
    driver?: SignInDriver,
  ) {
    this.#server = server;
    this.#config = config;
    this.#store = store;
    this.#auth = auth;
    this.#driver = driver;
    // The port of the registered redirect URI stays the same from one sign-in to the next.
    this.#port = auth.redirectPort ?? config.callbackPort ?? (driver ? freeLoopbackPort() : 0);
  }

  /** Loads what is stored for `server`. */
  static async open(
    server: ServerKey,
    config: McpOAuthConfig,
    store: TokenStore,
    driver?: SignInDriver,
  ): Promise<StoredOAuthProvider> {
    const auth = await store.read(server) ?? { serverName: server.name, serverUrl: server.url };
    return new StoredOAuthProvider(server, config, store, auth, driver);
  }

  /** Whether a sign-in in the browser can happen (someone is there to do it). */
  get interactive(): boolean {
    return this.#driver !== undefined;
  }

  /** Whether this provider sent the user to the authorization server. */
  get redirected(): boolean {
    return this.#redirected;
  }

  /** The sign-in state now. */
  get signIn(): SignInState {
    return signInState(this.#auth);
  }

  /** Whether the stored access token has expired (a minute early, for clock skew). */
  get expired(): boolean {
    const at = this.#auth.tokens?.expires_at;
    return typeof at === "number" && at - 60_000 <= Date.now();
  }

  /** The code of the sign-in in progress, once the browser comes back (then forgotten). */
  takePendingCode(): Promise<string> | undefined {
    const pending = this.#pending;
    this.#pending = undefined;
    return pending;
  }

  get redirectUrl(): string {
    return loopbackRedirectUrl(this.#port);
  }

  get clientMetadataUrl(): string | undefined {
    return this.#config.clientMetadataUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "nanocoder",
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: this.#config.clientSecret ? "client_secret_basic" : "none",
      ...(this.#config.scopes?.length ? { scope: this.#config.scopes.join(" ") } : {}),
    };
  }

  state(): string {
    return this.#state = crypto.randomUUID();
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    const stored = this.#auth.client;
    const { clientId, clientSecret } = this.#config;
    if (clientId) {
      // The config's client wins; what is stored for it adds only the SDK's issuer stamp.
      const base = stored?.client_id === clientId ? stored : {};
      return {
        ...base,
        client_id: clientId,
        ...(clientSecret ? { client_secret: clientSecret } : {}),
      } as OAuthClientInformationMixed;
    }
    if (stored) return stored as OAuthClientInformationMixed;
    // Registering a client is the first step of a sign-in: not without someone to sign in.
    if (!this.#driver && !this.#config.clientMetadataUrl) {
      throw new NeedsLoginError(this.#server.name);
    }
    return undefined;
  }

  async saveClientInformation(client: OAuthClientInformationMixed): Promise<void> {
    await this.#save({ ...this.#auth, client: { ...client }, redirectPort: this.#port });
  }

  tokens(): OAuthTokens | undefined {
    return this.#auth.tokens as OAuthTokens | undefined;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    const expiresAt = typeof tokens.expires_in === "number"
      ? Date.now() + tokens.expires_in * 1000
      : undefined;
    await this.#save({
      ...this.#auth,
      tokens: { ...tokens, ...(expiresAt === undefined ? {} : { expires_at: expiresAt }) },
    });
  }

  async redirectToAuthorization(url: URL): Promise<void> {
    this.#offerOfflineAccess(url);
    this.#keepEarlierScopes(url);
    const scope = url.searchParams.get("scope") ?? undefined;
    if (scope !== this.#auth.scope) await this.#save({ ...this.#auth, scope });
    if (!this.#driver) throw new NeedsLoginError(this.#server.name);
    const callback = listenForCode({
      port: this.#port,
      state: this.#state ?? "",
      server: this.#server.name,
      timeoutMs: this.#driver.timeoutMs,
      signal: this.#driver.signal,
    });
    this.#pending = callback.code;
    this.#redirected = true;
    try {
      await this.#driver.open(url);
    } catch (error) {
      await callback.close();
      throw error;
    }
  }

  saveCodeVerifier(verifier: string): void {
    this.#verifier = verifier;
  }

  codeVerifier(): string {
    if (!this.#verifier) throw new Error("No sign-in is in progress (no PKCE code verifier)");
    return this.#verifier;
  }

  async invalidateCredentials(
    scope: "all" | "client" | "tokens" | "verifier" | "discovery",
  ): Promise<void> {
    const next = { ...this.#auth };
    if (scope === "all" || scope === "client") delete next.client;
    if (scope === "all" || scope === "tokens") delete next.tokens;
    if (scope === "all" || scope === "discovery") delete next.discovery;
    if (scope === "all" || scope === "verifier") this.#verifier = undefined;
    await this.#save(next);
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.#auth.discovery as OAuthDiscoveryState | undefined;
  }

  async saveDiscoveryState(state: OAuthDiscoveryState): Promise<void> {
    await this.#save({ ...this.#auth, discovery: { ...state } });
  }

  /**
   * Adds `offline_access` (a refresh token, so the sign-in outlives the access token) when
   * the authorization server lists it, never otherwise (SEP-2207); OIDC then wants
   * `prompt=consent`, as the SDK adds when the scope already has it.
   */
  #offerOfflineAccess(url: URL): void {
    const metadata = this.#auth.discovery?.authorizationServerMetadata as
      | { scopes_supported?: unknown }
      | undefined;
    const supported = Array.isArray(metadata?.scopes_supported) &&
      metadata.scopes_supported.includes("offline_access");
    const scopes = (url.searchParams.get("scope") ?? "").split(" ").filter(Boolean);
    if (!supported || scopes.includes("offline_access")) return;
    url.searchParams.set("scope", [...scopes, "offline_access"].join(" "));
    if (!url.searchParams.has("prompt")) url.searchParams.set("prompt", "consent");
  }

  /**
   * A new sign-in asks again for the scopes a server demanded before (a step-up seen in a
   * headless run), so `mcp login` after "needs login" grants what the server wanted.
   */
  #keepEarlierScopes(url: URL): void {
    const earlier = (this.#auth.scope ?? "").split(" ").filter(Boolean);
    const scopes = (url.searchParams.get("scope") ?? "").split(" ").filter(Boolean);
    const missing = earlier.filter((s) => !scopes.includes(s));
    if (missing.length) url.searchParams.set("scope", [...scopes, ...missing].join(" "));
  }

  async #save(auth: StoredAuth): Promise<void> {
    this.#auth = auth;
    await this.#store.update(this.#server, () => auth);
  }
}
