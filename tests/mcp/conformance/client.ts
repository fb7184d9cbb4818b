/**
 * The client the MCP conformance suite drives (`conformance client --command "deno run ...
 * client.ts"`): nanocoder's own McpManager, configured as a user would for the scenario
 * (the context's pre-registered or machine credentials become the server's `oauth`
 * settings), signing in through $BROWSER and the loopback redirect, answering forms with
 * their defaults. It connects, calls every tool the server lists, and closes.
 *
 * Exit code 0 when the server connected and every call returned; 1 otherwise.
 */
import type { McpOAuthConfig } from "../../../src/config/types.ts";
import { McpManager } from "../../../src/mcp/manager.ts";
import { elicitationDefaults } from "../../../src/mcp/features.ts";
import { openInBrowser } from "../../../src/mcp/oauth/browser.ts";
import { TokenStore } from "../../../src/mcp/oauth/token_store.ts";
import { resolveCall, runTool } from "../../../src/tools/executor.ts";
import { ToolRegistry } from "../../../src/tools/registry.ts";

/** A client ID metadata document URL, offered where the server supports them. */
const CLIENT_METADATA_URL = "https://conformance-test.local/client-metadata.json";

const url = Deno.args[0];
const context = JSON.parse(Deno.env.get("MCP_CONFORMANCE_CONTEXT") ?? "{}");
const registry = new ToolRegistry();
const dataDir = await Deno.makeTempDir({ prefix: "nanocoder-conformance-" });
const manager = new McpManager({ conformance: { type: "http", url, oauth: oauthFor(context) } }, {
  registry,
  cwd: Deno.cwd(),
  tokenStore: new TokenStore(dataDir),
  signIn: {
    open: async (authorizationUrl) => {
      console.error(`Sign in at ${authorizationUrl}`);
      await openInBrowser(authorizationUrl.href);
    },
    timeoutMs: 20_000,
  },
  log: (message) => console.error(message),
});
// A form shown to the user and submitted as it came: every field at its default.
manager.setElicitationHandler((request) =>
  Promise.resolve({
    action: "accept",
    content: elicitationDefaults(request.requestedSchema) as Record<string, string>,
  })
);

let failed = false;
try {
  manager.start();
  const [status] = await manager.ready();
  if (status.state !== "connected") throw new Error(`${status.state}: ${status.lastError}`);
  const ctx = {
    cwd: Deno.cwd(),
    allowedDirs: [],
    signal: new AbortController().signal,
    knownFiles: new Map(),
  };
  for (const name of status.tools) {
    const tool = registry.get(name)!;
    const resolved = resolveCall(registry, { name, arguments: exampleArguments(tool.jsonSchema) });
    if (!resolved.ok) throw new Error(resolved.error);
    const result = await runTool(resolved.tool, resolved.args, ctx);
    console.error(`${name}: ${result.output}`);
    if (/^Error: MCP/.test(result.output)) failed = true;
  }
} catch (error) {
  console.error(`conformance client: ${error instanceof Error ? error.message : error}`);
  failed = true;
} finally {
  await manager.close();
  await Deno.remove(dataDir, { recursive: true });
}
Deno.exit(failed ? 1 : 0);

/** The server's `oauth` settings as a user would write them for this scenario. */
function oauthFor(ctx: Record<string, string>): McpOAuthConfig {
  switch (ctx.name) {
    case "auth/client-credentials-basic":
      return {
        grant: "client_credentials",
        clientId: ctx.client_id,
        clientSecret: ctx.client_secret,
      };
    case "auth/client-credentials-jwt":
      return {
        grant: "client_credentials",
        clientId: ctx.client_id,
        privateKey: ctx.private_key_pem,
        signingAlgorithm: ctx.signing_algorithm ?? "ES256",
      };
    case "auth/cross-app-access-complete-flow":
      return {
        grant: "identity_assertion",
        clientId: ctx.client_id,
        clientSecret: ctx.client_secret,
        idToken: ctx.idp_id_token,
        idpTokenEndpoint: ctx.idp_token_endpoint,
        idpClientId: ctx.idp_client_id,
      };
    case "auth/pre-registration":
      return { clientId: ctx.client_id, clientSecret: ctx.client_secret };
    default:
      return { clientMetadataUrl: CLIENT_METADATA_URL };
  }
}

/** Arguments for a call: each required property given a value of its type. */
function exampleArguments(schema: Record<string, unknown> | undefined): Record<string, unknown> {
  const properties = (schema?.properties ?? {}) as Record<string, { type?: string }>;
  const required = (schema?.required ?? []) as string[];
  const value = (type?: string) =>
    type === "number" || type === "integer" ? 2 : type === "boolean" ? true : "x";
  return Object.fromEntries(required.map((name) => [name, value(properties[name]?.type)]));
}
