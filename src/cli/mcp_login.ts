/**
 * `nanocoder mcp login NAME` signs in to a remote MCP server the way CLI users expect: the
 * authorization URL is printed and opened (`$BROWSER`, else the platform's opener), the
 * browser comes back to a loopback listener, and the tokens are stored for the server
 * under the user's data dir (mode 0600), renewed by themselves when they expire.
 * `nanocoder mcp logout NAME` forgets them.
 */
import type { GlobalFlags } from "./flags.ts";
import { EXIT } from "./exit_codes.ts";
import {
  loadMcpProject,
  McpCommandError,
  mcpManager,
  runMcpCommand,
  serverConfig,
} from "./mcp_common.ts";
import { TokenStore } from "../mcp/oauth/token_store.ts";
import { openInBrowser } from "../mcp/oauth/browser.ts";
import { describeAuth } from "../mcp/status.ts";

/** Signs in to server `name`; resolves to the exit code. */
export function mcpLoginCommand(name: string, flags: GlobalFlags): Promise<number> {
  return runMcpCommand(async () => {
    const project = await loadMcpProject(flags);
    const config = await serverConfig(project, name);
    if (!("url" in config)) {
      throw new McpCommandError(`MCP server "${name}" runs locally (stdio): it has no sign-in`);
    }
    const store = TokenStore.forUser();
    // A new sign-in replaces the old tokens; the client registration is kept.
    const key = { name, url: config.url };
    if (await store.read(key)) await store.update(key, ({ tokens: _, ...rest }) => rest);
    const abort = new AbortController();
    const onSignal = () => abort.abort(new Error("Sign-in interrupted"));
    Deno.addSignalListener("SIGINT", onSignal);
    let opened = false;
    const { manager } = await mcpManager({ [name]: { ...config, enabled: true } }, project, {
      tokenStore: store,
    });
    try {
      const status = await manager.login(name, {
        open: async (url) => {
          opened = true;
          console.error(
            `Sign in to "${name}" in your browser. If it does not open, visit:\n\n  ${url}\n`,
          );
          if (!(await openInBrowser(url.href))) console.error("(Could not start a browser.)");
        },
        signal: abort.signal,
      });
      if (status.state !== "connected") {
        throw new McpCommandError(`Cannot sign in to "${name}": ${status.lastError}`);
      }
      if (!opened) {
        console.log(
          status.auth
            ? `"${name}" is signed in: ${describeAuth(status.auth)}.`
            : `"${name}" did not ask for a sign-in: it works without one.`,
        );
      } else {
        console.log(
          `Signed in to "${name}" (${status.toolCount} tools). Tokens stored in ${store.dir}.`,
        );
      }
      return EXIT.ok;
    } finally {
      Deno.removeSignalListener("SIGINT", onSignal);
      await manager.close();
    }
  });
}

/** Forgets the stored sign-in of server `name`. */
export function mcpLogoutCommand(name: string, flags: GlobalFlags): Promise<number> {
  return runMcpCommand(async () => {
    const project = await loadMcpProject(flags);
    const config = await serverConfig(project, name);
    if (!("url" in config)) {
      throw new McpCommandError(`MCP server "${name}" runs locally (stdio): it has no sign-in`);
    }
    const removed = await TokenStore.forUser().remove({ name, url: config.url });
    console.log(
      removed
        ? `Signed out of "${name}": its tokens were deleted.`
        : `No sign-in is stored for "${name}".`,
    );
    return EXIT.ok;
  });
}
