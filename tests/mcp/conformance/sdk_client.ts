/**
 * The baseline for the conformance table: the bare `@modelcontextprotocol/sdk` Client (the
 * version nanocoder pins) with an in-memory OAuthClientProvider, driven the way the SDK's
 * documentation shows (connect; on UnauthorizedError finish the sign-in and connect again;
 * the same for a call that needs more scopes). Nothing of nanocoder's is used. The
 * browser step follows the test authorization server's redirect directly. The SDK has no
 * provider for enterprise sign-in (SEP-990), so that scenario's exchange is done by hand.
 */
import { Client } from "@modelcontextprotocol/sdk/client";
// @ts-types="@modelcontextprotocol/sdk/client/streamableHttp"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
// @ts-types="@modelcontextprotocol/sdk/client/auth"
import {
  type OAuthClientProvider,
  UnauthorizedError,
} from "@modelcontextprotocol/sdk/client/auth.js";
// @ts-types="@modelcontextprotocol/sdk/client/auth-extensions"
import {
  ClientCredentialsProvider,
  PrivateKeyJwtProvider,
} from "@modelcontextprotocol/sdk/client/auth-extensions.js";
// @ts-types="@modelcontextprotocol/sdk/types"
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const url = new URL(Deno.args[0]);
const ctx = JSON.parse(Deno.env.get("MCP_CONFORMANCE_CONTEXT") ?? "{}");
const REDIRECT = "http://localhost:3000/callback";

/** Keeps everything in memory; "opens the browser" by reading the redirect's code. */
type ClientInfo = Awaited<ReturnType<OAuthClientProvider["clientInformation"]>>;
type Tokens = Awaited<ReturnType<OAuthClientProvider["tokens"]>>;

class MemoryProvider implements OAuthClientProvider {
  code?: string;
  #client?: ClientInfo;
  #tokens?: Tokens;
  #verifier = "";
  clientMetadataUrl = "https://conformance-test.local/client-metadata.json";
  redirectUrl = REDIRECT;
  clientMetadata = { client_name: "sdk-baseline", redirect_uris: [REDIRECT] };
  clientInformation = () => this.#client;
  saveClientInformation = (info: ClientInfo) => void (this.#client = info);
  tokens = () => this.#tokens;
  saveTokens = (tokens: Tokens) => void (this.#tokens = tokens);
  saveCodeVerifier = (v: string) => void (this.#verifier = v);
  codeVerifier = () => this.#verifier;
  async redirectToAuthorization(authorizationUrl: URL) {
    const answer = await fetch(authorizationUrl, { redirect: "manual" });
    await answer.body?.cancel();
    this.code = new URL(answer.headers.get("location")!).searchParams.get("code") ?? undefined;
  }
}

function providerFor(): OAuthClientProvider | undefined {
  switch (ctx.name) {
    case "auth/client-credentials-basic":
      return new ClientCredentialsProvider({
        clientId: ctx.client_id,
        clientSecret: ctx.client_secret,
      });
    case "auth/client-credentials-jwt":
      return new PrivateKeyJwtProvider({
        clientId: ctx.client_id,
        privateKey: ctx.private_key_pem,
        algorithm: ctx.signing_algorithm ?? "ES256",
      });
    case "auth/cross-app-access-complete-flow":
      return undefined;
    default: {
      const provider = new MemoryProvider();
      if (ctx.name === "auth/pre-registration") {
        provider.saveClientInformation({
          client_id: ctx.client_id,
          client_secret: ctx.client_secret,
        });
      }
      return provider;
    }
  }
}

/** SEP-990 by hand: ID token → ID-JAG at the IdP → access token at the AS. */
async function crossAppToken(): Promise<string> {
  const prm = await (await fetch(new URL("/.well-known/oauth-protected-resource/mcp", url))).json();
  const as = await (await fetch(
    new URL("/.well-known/oauth-authorization-server", prm.authorization_servers[0]),
  )).json();
  const form = (body: Record<string, string>) => new URLSearchParams(body);
  const jag = await (await fetch(ctx.idp_token_endpoint, {
    method: "POST",
    body: form({
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      requested_token_type: "urn:ietf:params:oauth:token-type:id-jag",
      audience: as.issuer,
      resource: prm.resource,
      subject_token: ctx.idp_id_token,
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      client_id: ctx.idp_client_id,
    }),
  })).json();
  const token = await (await fetch(as.token_endpoint, {
    method: "POST",
    headers: { authorization: `Basic ${btoa(`${ctx.client_id}:${ctx.client_secret}`)}` },
    body: form({
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      assertion: jag.access_token,
    }),
  })).json();
  return token.access_token;
}

const provider = providerFor();
const headers = ctx.name === "auth/cross-app-access-complete-flow"
  ? { authorization: `Bearer ${await crossAppToken()}` }
  : undefined;
let transport!: StreamableHTTPClientTransport;
let client!: Client;

/** Runs `step`; after an UnauthorizedError with a sign-in done, finishes it and retries once. */
async function signedIn<T>(step: () => Promise<T>, reconnect = false): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const code = provider instanceof MemoryProvider ? provider.code : undefined;
    if (!(error instanceof UnauthorizedError) || !code) throw error;
    (provider as MemoryProvider).code = undefined;
    await transport.finishAuth(code);
    if (reconnect) await connect();
    return await step();
  }
}

async function connect() {
  client = new Client({ name: "sdk-baseline", version: "1.0.0" }, {
    capabilities: { elicitation: { form: { applyDefaults: true } } },
  });
  client.setRequestHandler(ElicitRequestSchema, () => ({ action: "accept" as const, content: {} }));
  transport = new StreamableHTTPClientTransport(url, {
    authProvider: provider,
    ...(headers ? { requestInit: { headers } } : {}),
  });
  await client.connect(transport);
}

try {
  await signedIn(connect, true);
  const { tools } = await signedIn(() => client.listTools());
  for (const tool of tools) {
    const args = Object.fromEntries(
      (tool.inputSchema.required ?? []).map((name) => {
        const type = (tool.inputSchema.properties?.[name] as { type?: string })?.type;
        return [name, type === "number" || type === "integer" ? 2 : "x"];
      }),
    );
    await signedIn(() => client.callTool({ name: tool.name, arguments: args }));
  }
  await transport.close();
  Deno.exit(0);
} catch (error) {
  console.error("sdk baseline:", error);
  Deno.exit(1);
}
