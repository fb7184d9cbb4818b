/**
 * An MCP server behind OAuth for the sign-in tests, all on one port: protected resource
 * metadata, authorization server metadata, dynamic registration, an authorize endpoint
 * that approves at once (redirecting to the client's loopback URI with a code), a token
 * endpoint (authorization code with PKCE S256, refresh tokens), and `/mcp` (Streamable
 * HTTP, stateless) that wants a valid bearer token and has one tool, `whoami`.
 * It counts what clients did, and can expire every access token on demand.
 */
import { Server } from "@modelcontextprotocol/sdk/server";
// @ts-types="@modelcontextprotocol/sdk/server/webStandardStreamableHttp"
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
// @ts-types="@modelcontextprotocol/sdk/types"
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

/** What the tests read back. */
export interface OAuthServerStats {
  registrations: number;
  authorizations: number;
  codeGrants: number;
  refreshGrants: number;
  /** Requests to /mcp answered 401. */
  unauthorized: number;
  /** `scope` of each authorization request. */
  scopes: string[];
}

/** A running server. */
export interface OAuthServer {
  /** The MCP endpoint, e.g. `http://127.0.0.1:4321/mcp`. */
  url: string;
  stats: OAuthServerStats;
  /** Every access token issued so far stops working (the refresh tokens still do). */
  expireAccessTokens(): void;
  close(): Promise<void>;
}

export function startOAuthServer(): OAuthServer {
  const stats: OAuthServerStats = {
    registrations: 0,
    authorizations: 0,
    codeGrants: 0,
    refreshGrants: 0,
    unauthorized: 0,
    scopes: [],
  };
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const accessTokens = new Set<string>();
  const refreshTokens = new Set<string>();
  let counter = 0;
  const abort = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: abort.signal, onListen: () => {} },
    async (request) => {
      const url = new URL(request.url);
      const base = url.origin;
      const json = (body: unknown, status = 200) => Response.json(body, { status });
      switch (url.pathname) {
        case "/.well-known/oauth-protected-resource/mcp":
          return json({
            resource: `${base}/mcp`,
            authorization_servers: [base],
            scopes_supported: ["mcp"],
          });
        case "/.well-known/oauth-authorization-server":
          return json({
            issuer: base,
            authorization_endpoint: `${base}/authorize`,
            token_endpoint: `${base}/token`,
            registration_endpoint: `${base}/register`,
            response_types_supported: ["code"],
            grant_types_supported: ["authorization_code", "refresh_token"],
            code_challenge_methods_supported: ["S256"],
            token_endpoint_auth_methods_supported: ["none"],
            scopes_supported: ["mcp", "offline_access"],
          });
        case "/register": {
          stats.registrations++;
          const body = await request.json();
          return json({
            ...body,
            client_id: `client-${++counter}`,
            token_endpoint_auth_method: "none",
          }, 201);
        }
        case "/authorize": {
          stats.authorizations++;
          stats.scopes.push(url.searchParams.get("scope") ?? "");
          const code = `code-${++counter}`;
          const redirectUri = url.searchParams.get("redirect_uri")!;
          codes.set(code, { challenge: url.searchParams.get("code_challenge")!, redirectUri });
          const back = new URL(redirectUri);
          back.searchParams.set("code", code);
          back.searchParams.set("state", url.searchParams.get("state") ?? "");
          return Response.redirect(back, 302);
        }
        case "/token":
          return await token(await request.formData());
        case "/mcp":
          return await mcp(request, base);
        default:
          return new Response("not found", { status: 404 });
      }
    },
  );

  async function token(form: FormData): Promise<Response> {
    const grant = form.get("grant_type");
    if (grant === "authorization_code") {
      const issued = codes.get(String(form.get("code")));
      const verifier = String(form.get("code_verifier"));
      if (!issued || (await s256(verifier)) !== issued.challenge) {
        return Response.json({ error: "invalid_grant" }, { status: 400 });
      }
      codes.delete(String(form.get("code")));
      stats.codeGrants++;
      return Response.json(tokens());
    }
    if (grant === "refresh_token" && refreshTokens.has(String(form.get("refresh_token")))) {
      stats.refreshGrants++;
      return Response.json(tokens());
    }
    return Response.json({ error: "invalid_grant" }, { status: 400 });
  }

  function tokens() {
    const access = `access-${crypto.randomUUID()}`;
    const refresh = `refresh-${crypto.randomUUID()}`;
    accessTokens.add(access);
    refreshTokens.add(refresh);
    return { access_token: access, token_type: "Bearer", expires_in: 3600, refresh_token: refresh };
  }

  async function mcp(request: Request, base: string): Promise<Response> {
    const bearer = request.headers.get("authorization")?.replace(/^Bearer /, "");
    if (!bearer || !accessTokens.has(bearer)) {
      stats.unauthorized++;
      return new Response("unauthorized", {
        status: 401,
        headers: {
          "www-authenticate":
            `Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp", scope="mcp"`,
        },
      });
    }
    const mcpServer = new Server({ name: "oauth-test", version: "1.0.0" }, {
      capabilities: { tools: {} },
    });
    mcpServer.setRequestHandler(ListToolsRequestSchema, () => ({
      tools: [{
        name: "whoami",
        description: "Says who is signed in",
        inputSchema: { type: "object" },
      }],
    }));
    mcpServer.setRequestHandler(CallToolRequestSchema, () => ({
      content: [{ type: "text" as const, text: "signed in" }],
    }));
    const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true });
    await mcpServer.connect(transport);
    return await transport.handleRequest(request);
  }

  const port = (server.addr as Deno.NetAddr).port;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    stats,
    expireAccessTokens: () => accessTokens.clear(),
    close: async () => {
      abort.abort();
      await server.finished;
    },
  };
}

async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return btoa(String.fromCharCode(...new Uint8Array(digest)))
    .replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** A "browser" for in-process tests: opens the URL, follows the redirect to the callback. */
export async function followSignIn(url: URL): Promise<void> {
  const answer = await fetch(url, { redirect: "manual" });
  await answer.body?.cancel();
  const callback = await fetch(answer.headers.get("location")!);
  await callback.body?.cancel();
}
