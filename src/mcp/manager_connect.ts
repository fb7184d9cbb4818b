/**
 * Connecting one server for the McpManager: its OAuth provider, the connection with the
 * client's hooks (roots, elicitation, list_changed), its tools, resources and prompts;
 * a server that wants a sign-in becomes "needs_login", any other failure "failed".
 */
import type { ToolRegistry } from "../tools/registry.ts";
import type { McpElicitationAnswer, McpElicitationHandler } from "./features.ts";
import { closedReason, type Entry } from "./manager_entry.ts";
import { listCatalog, refreshTools, registerTools, type SyncHost } from "./manager_sync.ts";
import type { CallHost } from "./manager_calls.ts";
import type { McpManagerOptions } from "./manager.ts";
import type { TokenStore } from "./oauth/token_store.ts";
import { describeConnectError } from "./_private.ts";
import { missingMcpPermission } from "./permissions.ts";

/** Longest wait for a server's initialize handshake. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

/** What connecting needs from the manager. */
export interface ConnectHost extends SyncHost, CallHost {
  options: McpManagerOptions;
  registry: ToolRegistry;
  store(): TokenStore;
  roots(): string[];
  elicit(): McpElicitationHandler | undefined;
  notice(message: string): void;
  syncResourceTools(): void;
  /** Marks a server this process may not reach (a missing permission) as disabled. */
  disable(entry: Entry, generation: number, reason: string): void;
}

/** Connects `entry` (generation: this attempt); never throws. */
export async function connectEntry(
  host: ConnectHost,
  entry: Entry,
  generation: number,
  signal: AbortSignal,
  signIn = host.options.signIn,
): Promise<void> {
  const missing = await missingMcpPermission(entry.config);
  if (missing) return host.disable(entry, generation, missing);
  const runtime = await host.runtime();
  try {
    const { config } = entry;
    entry.auth = "url" in config
      ? await runtime.authFor(entry.name, config, host.store, signIn)
      : undefined;
    const connection = await runtime.openConnection({
      config,
      cwd: host.options.cwd,
      clientInfo: host.options.clientInfo ?? { name: "nanocoder", version: "0.0.0" },
      timeoutMs: host.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      signal,
      auth: entry.auth,
      roots: host.roots,
      onElicit: async (request): Promise<McpElicitationAnswer> => {
        const handler = host.elicit();
        if (handler) return await handler({ ...request, server: entry.name });
        host.notice(
          `MCP server "${entry.name}" asked for input ("${request.message}"); declined: no one can answer here`,
        );
        return { action: "decline" };
      },
      onToolsChanged: () => {
        entry.listChanges++;
        refreshTools(host, entry, generation);
      },
      onResourcesChanged: () => refreshCatalog(host, entry, generation, { resources: true }),
      onPromptsChanged: () => refreshCatalog(host, entry, generation, { prompts: true }),
      // While connecting, the failed handshake reports the close (with stderr).
      onError: (message) => host.log(`MCP server "${entry.name}": ${message}`),
      onUnexpectedClose: () => {
        if (entry.connection) host.fail(entry, generation, closedReason(entry));
      },
    });
    if (generation !== entry.generation) {
      await connection.close();
      return;
    }
    entry.connection = connection;
    entry.transport = connection.transport;
    entry.machineSignedIn = !!entry.auth && !entry.auth.stored;
    await registerTools(host, entry, generation);
    await listCatalog(host, entry, generation);
    if (generation !== entry.generation) return;
    entry.state = "connected";
    host.syncResourceTools();
    host.changed();
    if (entry.refreshAgain) refreshTools(host, entry, generation);
  } catch (error) {
    if (runtime.classifyCallError(error) === "needs_login") host.needsLogin(entry, generation);
    else host.fail(entry, generation, describeConnectError(entry.config, error));
  }
}

/** Re-lists resources or prompts after their list_changed notification. */
function refreshCatalog(
  host: ConnectHost,
  entry: Entry,
  generation: number,
  which: { resources?: boolean; prompts?: boolean },
): void {
  void listCatalog(host, entry, generation, which).then(() => {
    if (generation !== entry.generation) return;
    host.syncResourceTools();
    host.changed();
  });
}
