/**
 * McpManager: connects the configured MCP servers in parallel in the background, registers
 * their tools in the shared ToolRegistry as `mcp__<server>__<tool>`, keeps tools, resources
 * and prompts in step with `list_changed`, takes a crashed or hung server's tools away,
 * and marks a server that wants a sign-in "needs_login" instead of failing the session.
 * Frontends answer elicitation through `setElicitationHandler`; roots follow `setRoots`.
 *
 * Only types and light modules are imported statically: the SDK is loaded by the first
 * connection, so `start()` costs nothing before the first prompt.
 */
import type { McpServerConfig } from "../config/types.ts";
import type { ToolRegistry } from "../tools/registry.ts";
import type {
  McpElicitationHandler,
  McpPrompt,
  McpPromptResult,
  McpResource,
  McpResourceContents,
  McpResourceTemplate,
} from "./features.ts";
import { errorMessage, withTimeout } from "./_private.ts";
import { mcpToolPrefix } from "./names.ts";
import type { McpServerStatus } from "./status.ts";
import { createEntry, type Entry, logStateChange, statusOf } from "./manager_entry.ts";
import { unregisterAll } from "./manager_sync.ts";
import { callTool, DEFAULT_MAX_CONSECUTIVE_TIMEOUTS } from "./manager_calls.ts";
import { connectEntry, type ConnectHost, DEFAULT_CONNECT_TIMEOUT_MS } from "./manager_connect.ts";
import { syncResourceTools } from "./resource_tools.ts";
import { loginCommand, type SignInDriver } from "./oauth/provider.ts";
import { TokenStore } from "./oauth/token_store.ts";

export { DEFAULT_CALL_TIMEOUT_MS, DEFAULT_MAX_CONSECUTIVE_TIMEOUTS } from "./manager_calls.ts";

export { DEFAULT_CONNECT_TIMEOUT_MS } from "./manager_connect.ts";

/** Options of the manager. */
export interface McpManagerOptions {
  registry: ToolRegistry;
  /** Directory stdio servers run in when their config gives none; the first root. */
  cwd: string;
  clientInfo?: { name: string; version: string };
  connectTimeoutMs?: number;
  maxConsecutiveTimeouts?: number;
  /** Diagnostics (skipped tools, failures), for a debug log; never printed by default. */
  log?: (message: string) => void;
  /** What the user should hear about (a server needs a sign-in, a form was declined). */
  onNotice?: (message: string) => void;
  /**
   * Hold the work of connecting (spawning, loading the MCP SDK: ~150 ms of CPU) until this
   * settles, e.g. once the first model request is on its way, so servers cost the first
   * request nothing. `ready()`, `waitForTool()` and `restart()` start at once regardless.
   */
  startAfter?: Promise<unknown>;
  /** Directories offered to servers as roots; default `[cwd]`. */
  roots?: string[];
  /**
   * Completes browser sign-ins when a server asks during a connection or a call. Without
   * it such servers become "needs_login" (headless runs); `login()` signs in on demand.
   */
  signIn?: SignInDriver;
  /** Where sign-ins are kept; default the user's data dir. */
  tokenStore?: TokenStore;
}

type Runtime = typeof import("./connect.ts");

/** Runs the MCP servers of one session. */
export class McpManager {
  #entries: Entry[];
  #options: McpManagerOptions;
  #runtime?: Promise<Runtime>;
  #closing = new Set<Promise<void>>();
  #listeners = new Set<() => void>();
  #closed = false;
  /** Servers start() left waiting for `startAfter`. */
  #deferred: Entry[] = [];
  #roots: string[];
  #elicit?: McpElicitationHandler;
  #tokenStore?: TokenStore;

  constructor(servers: Record<string, McpServerConfig>, options: McpManagerOptions) {
    this.#options = options;
    this.#roots = options.roots ?? [options.cwd];
    this.#tokenStore = options.tokenStore;
    this.#entries = Object.entries(servers).map(([name, config]) => createEntry(name, config));
  }

  /**
   * Connects every enabled server in the background; returns at once. Their state is
   * "connecting" from now on, even while `startAfter` holds the actual work back.
   */
  start(): void {
    const waiting = this.#entries.filter((e) => e.state === "closed" && !this.#closed);
    if (!this.#options.startAfter) {
      for (const entry of waiting) void this.#connect(entry);
      return;
    }
    for (const entry of waiting) entry.state = "connecting";
    this.#deferred.push(...waiting);
    this.#changed();
    const release = () => this.#startDeferred();
    this.#options.startAfter.then(release, release);
  }

  /** Begins the connections start() held back (idempotent). */
  #startDeferred(): void {
    const entries = this.#deferred;
    this.#deferred = [];
    for (const entry of entries) {
      if (!this.#closed && entry.state === "connecting" && !entry.pending) {
        void this.#connect(entry);
      }
    }
  }

  /** Waits until no server is connecting, or `timeoutMs` passed; returns the status. */
  async ready(timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS): Promise<McpServerStatus[]> {
    this.#startDeferred();
    const pending = this.#entries.filter((e) => e.state === "connecting").map((e) => e.pending);
    await withTimeout(Promise.all(pending), timeoutMs);
    return this.status();
  }

  /**
   * For a call of `toolName` that is not registered (yet): if it belongs to a server still
   * connecting, waits for that server only, up to `timeoutMs`. Returns whether the tool is
   * registered now.
   */
  async waitForTool(toolName: string, timeoutMs = 10_000): Promise<boolean> {
    const { registry } = this.#options;
    if (registry.get(toolName)) return true;
    this.#startDeferred();
    const owner = this.#entries
      .filter((e) => toolName.startsWith(mcpToolPrefix(e.name)))
      .sort((a, b) => b.name.length - a.name.length)[0];
    if (owner?.state === "connecting") await withTimeout(owner.pending, timeoutMs);
    return registry.get(toolName) !== undefined;
  }

  /** Closes a server's connection (if any) and connects it again; resolves when settled. */
  async restart(name: string, signIn?: SignInDriver): Promise<McpServerStatus> {
    const entry = this.#entry(name);
    if (this.#closed) throw new Error("The MCP manager is closed");
    entry.generation++;
    this.#unregister(entry);
    await this.#dispose(entry);
    await this.#connect(entry, signIn);
    return statusOf(entry);
  }

  /**
   * Signs in to a remote server now (the TUI's "log in" on a server that needs it): the
   * driver shows the authorization URL; resolves with the server's status once connected.
   */
  async login(name: string, signIn: SignInDriver): Promise<McpServerStatus> {
    const entry = this.#entry(name);
    if (!("url" in entry.config)) {
      throw new Error(`MCP server "${name}" runs locally (stdio): it has no sign-in`);
    }
    return await this.restart(name, signIn);
  }

  /** The server and the server-side name of a registered MCP tool. */
  toolOrigin(toolName: string): { server: string; tool: string } | undefined {
    for (const entry of this.#entries) {
      const tool = entry.origins.get(toolName);
      if (tool !== undefined) return { server: entry.name, tool };
    }
    return undefined;
  }

  /**
   * Whether the server's config lists this tool in `alwaysAllow` (Nanocoder's setting:
   * run without asking). Approval stays the agent's decision; this only answers the lookup.
   */
  isAlwaysAllowed(toolName: string): boolean {
    const origin = this.toolOrigin(toolName);
    if (!origin) return false;
    const config = this.#entries.find((e) => e.name === origin.server)?.config;
    return config?.alwaysAllow?.includes(origin.tool) ?? false;
  }

  /** Every configured server, in config order. */
  status(): McpServerStatus[] {
    return this.#entries.map((e) => statusOf(e));
  }

  /** Resources of the connected servers, in config order. */
  resources(): McpResource[] {
    return this.#entries.flatMap((e) => e.state === "connected" ? e.resources : []);
  }

  /** Resource templates of the connected servers. */
  resourceTemplates(): McpResourceTemplate[] {
    return this.#entries.flatMap((e) => e.state === "connected" ? e.templates : []);
  }

  /** Reads a resource (`@server:uri` in the TUI); throws with a readable message. */
  async readResource(
    server: string,
    uri: string,
    signal?: AbortSignal,
  ): Promise<McpResourceContents[]> {
    const connection = this.#connected(server);
    try {
      return await connection.readResource(uri, signal);
    } catch (error) {
      throw new Error(`Cannot read "${uri}" from MCP server "${server}": ${errorMessage(error)}`);
    }
  }

  /** Prompts of the connected servers (`/mcp__<server>__<prompt>` in the TUI). */
  prompts(): McpPrompt[] {
    return this.#entries.flatMap((e) => e.state === "connected" ? e.prompts : []);
  }

  /** A prompt's messages, with its arguments filled in. */
  async getPrompt(
    server: string,
    name: string,
    args: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<McpPromptResult> {
    const connection = this.#connected(server);
    try {
      return await connection.getPrompt(name, args, signal);
    } catch (error) {
      throw new Error(
        `Cannot get prompt "${name}" of MCP server "${server}": ${errorMessage(error)}`,
      );
    }
  }

  /**
   * Who answers a server's form (`elicitation/create`). Without a handler the request is
   * declined and the user told (headless runs, ACP).
   */
  setElicitationHandler(handler: McpElicitationHandler | undefined): void {
    this.#elicit = handler;
  }

  /** The directories offered as roots; connected servers are told when they change. */
  setRoots(dirs: string[]): void {
    if (JSON.stringify(dirs) === JSON.stringify(this.#roots)) return;
    this.#roots = [...dirs];
    for (const entry of this.#entries) {
      void entry.connection?.rootsChanged().catch((error) =>
        this.#log(`MCP server "${entry.name}": cannot announce new roots: ${errorMessage(error)}`)
      );
    }
  }

  /** Calls `listener` when a server's state, tools, resources or prompts change. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Shuts every server down (stdio children exit) and removes their tools. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#deferred = [];
    await Promise.all(this.#entries.map(async (entry) => {
      entry.generation++;
      this.#unregister(entry);
      const pending = entry.pending;
      await this.#dispose(entry);
      await pending?.catch(() => {});
      if (entry.state !== "disabled") entry.state = "closed";
    }));
    await Promise.all(this.#closing);
    this.#changed();
  }

  #entry(name: string): Entry {
    const entry = this.#entries.find((e) => e.name === name);
    if (!entry) throw new Error(`Unknown MCP server "${name}"`);
    return entry;
  }

  #connected(server: string) {
    const entry = this.#entry(server);
    if (entry.state !== "connected" || !entry.connection) {
      throw new Error(`MCP server "${server}" is not connected (${entry.state})`);
    }
    return entry.connection;
  }

  #connect(entry: Entry, signIn?: SignInDriver): Promise<void> {
    const generation = ++entry.generation;
    const abort = new AbortController();
    Object.assign(entry, { abort, state: "connecting", lastError: undefined, timeouts: 0 });
    entry.listChanges = 0;
    this.#changed();
    entry.pending = connectEntry(this.#host, entry, generation, abort.signal, signIn);
    return entry.pending;
  }

  #loadRuntime(): Promise<Runtime> {
    return this.#runtime ??= import("./connect.ts");
  }

  /** Marks a server failed (once per generation), removes its tools, closes it. */
  #fail(entry: Entry, generation: number, reason: string): void {
    this.#stop(entry, generation, "failed", reason);
    this.#log(`MCP server "${entry.name}" failed: ${reason}`);
  }

  /** Marks a server as waiting for a sign-in; the session goes on without it. */
  #needsLogin(entry: Entry, generation: number): void {
    const reason = `Sign-in required: run "${loginCommand(entry.name)}"`;
    if (this.#stop(entry, generation, "needs_login", reason)) {
      this.#notice(`MCP server "${entry.name}" skipped: ${reason}`);
    }
  }

  #stop(
    entry: Entry,
    generation: number,
    state: "failed" | "needs_login" | "disabled",
    reason: string,
  ) {
    if (generation !== entry.generation) return false;
    entry.generation++;
    entry.state = state;
    entry.lastError = reason;
    this.#unregister(entry);
    void this.#dispose(entry);
    this.#changed();
    return true;
  }

  #unregister(entry: Entry): void {
    unregisterAll(this.#options.registry, entry);
    entry.resources = [];
    entry.templates = [];
    entry.prompts = [];
    this.#host.syncResourceTools();
  }

  /** Aborts a connection attempt and closes the connection; tracked so close() awaits it. */
  #dispose(entry: Entry): Promise<void> {
    entry.abort?.abort();
    const connection = entry.connection;
    entry.connection = undefined;
    if (!connection) return Promise.resolve();
    const closing = connection.close().catch(() => {});
    this.#closing.add(closing);
    return closing.finally(() => this.#closing.delete(closing));
  }

  #changed(): void {
    for (const entry of this.#entries) logStateChange(entry);
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch {
        // A UI listener's bug must not break the connection logic.
      }
    }
  }

  #log(message: string): void {
    this.#options.log?.(message);
  }

  #notice(message: string): void {
    this.#options.onNotice?.(message);
    this.#log(message);
  }

  /** What the split-out files (connect, sync, calls) may do to this manager. */
  get #host(): ConnectHost {
    return {
      options: this.#options,
      registry: this.#options.registry,
      runtime: () => this.#loadRuntime(),
      store: () => this.#tokenStore ??= TokenStore.forUser(),
      roots: () => this.#roots,
      elicit: () => this.#elicit,
      log: (message) => this.#log(message),
      notice: (message) => this.#notice(message),
      changed: () => this.#changed(),
      call: (entry, generation, tool, args, ctx) =>
        callTool(this.#host, entry, generation, tool, args, ctx),
      maxConsecutiveTimeouts: this.#options.maxConsecutiveTimeouts ??
        DEFAULT_MAX_CONSECUTIVE_TIMEOUTS,
      fail: (entry, generation, reason) => this.#fail(entry, generation, reason),
      needsLogin: (entry, generation) => this.#needsLogin(entry, generation),
      disable: (entry, generation, reason) => this.#stop(entry, generation, "disabled", reason),
      syncResourceTools: () => syncResourceTools(this.#options.registry, this.#entries, this),
    };
  }
}
