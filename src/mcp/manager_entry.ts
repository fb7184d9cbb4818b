/**
 * One configured server inside the McpManager: its state, connection, registered tools,
 * resources and prompts, and how it reads in a status line.
 */
import type { McpServerConfig } from "../config/types.ts";
import type { McpConnection } from "./connection.ts";
import type { McpPrompt, McpResource, McpResourceTemplate } from "./features.ts";
import type { ServerAuth } from "./oauth/mod.ts";
import type {
  McpAuthStatus,
  McpServerState,
  McpServerStatus,
  McpTransportName,
  SkippedMcpTool,
} from "./status.ts";
import { describeTarget, lastLines } from "./_private.ts";
import { log } from "../log/mod.ts";

/** Mutable state of one server. */
export interface Entry {
  name: string;
  config: McpServerConfig;
  state: McpServerState;
  transport: McpTransportName;
  connection?: McpConnection;
  /** Bumped on every (re)connect, failure and close: stale callbacks compare and bail. */
  generation: number;
  abort?: AbortController;
  pending?: Promise<void>;
  tools: string[];
  /** Registered name → the tool's name on the server. */
  origins: Map<string, string>;
  skipped: SkippedMcpTool[];
  lastError?: string;
  timeouts: number;
  listChanges: number;
  refreshing?: Promise<void>;
  refreshAgain: boolean;
  resources: McpResource[];
  templates: McpResourceTemplate[];
  prompts: McpPrompt[];
  /** OAuth of the current connection attempt (HTTP/SSE only). */
  auth?: ServerAuth;
  /** Machine credentials obtained a token (client_credentials). */
  machineSignedIn?: boolean;
}

/** A fresh entry for a configured server. */
export function createEntry(name: string, config: McpServerConfig): Entry {
  return {
    name,
    config,
    state: config.enabled === false ? "disabled" : "closed",
    transport: config.type ?? "stdio",
    generation: 0,
    tools: [],
    origins: new Map(),
    skipped: [],
    timeouts: 0,
    listChanges: 0,
    refreshAgain: false,
    resources: [],
    templates: [],
    prompts: [],
  };
}

/** The entry as the UI shows it. */
export function statusOf(e: Entry): McpServerStatus {
  const auth = authStatus(e);
  return {
    name: e.name,
    transport: e.transport,
    state: e.state,
    toolCount: e.tools.length,
    tools: [...e.tools],
    skippedTools: [...e.skipped],
    ...(e.lastError ? { lastError: e.lastError } : {}),
    target: describeTarget(e.config),
    ...(e.connection?.serverInfo ? { serverInfo: e.connection.serverInfo } : {}),
    listChanges: e.listChanges,
    resourceCount: e.resources.length,
    promptCount: e.prompts.length,
    ...(auth ? { auth } : {}),
  };
}

function authStatus(e: Entry): McpAuthStatus | undefined {
  if (!("url" in e.config)) return undefined;
  const grant = e.config.oauth?.grant;
  if (grant === "client_credentials" || grant === "identity_assertion") {
    return {
      method: "client_credentials",
      signedIn: e.machineSignedIn === true,
      refreshable: false,
    };
  }
  const signIn = e.auth?.stored?.signIn;
  // A server that never asked for a sign-in and has none stored does not use OAuth.
  if (!signIn || (!signIn.signedIn && e.state !== "needs_login")) return undefined;
  return { method: "oauth", ...signIn };
}

const loggedStates = new WeakMap<Entry, string>();

/** Logs `mcp_state` when a server's state (or its error) changed since it was last logged. */
export function logStateChange(entry: Entry): void {
  const key = `${entry.state}\n${entry.lastError ?? ""}`;
  if (loggedStates.get(entry) === key) return;
  loggedStates.set(entry, key);
  const error = entry.lastError;
  log.info("mcp_state", { server: entry.name, state: entry.state, ...(error ? { error } : {}) });
}

/** Why a connection closed without close(), with the server's last words. */
export function closedReason(entry: Entry): string {
  const { stderr: tail, exitCode } = entry.connection?.diagnostics() ?? { stderr: "" };
  const base = entry.transport !== "stdio"
    ? "Server closed the connection unexpectedly"
    : exitCode === undefined
    ? "Server process exited unexpectedly"
    : `Server process exited unexpectedly with code ${exitCode}`;
  const stderr = lastLines(tail, 3);
  return stderr ? `${base} (stderr: ${stderr})` : base;
}
