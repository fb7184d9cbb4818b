/**
 * Opens one MCP connection with the official SDK: stdio, Streamable HTTP, or legacy SSE.
 * For `type: "http"` it tries Streamable HTTP and falls back to SSE when the server answers
 * the initialize POST with a 4xx, as the SDK documentation recommends. HTTP servers that
 * answer 401 go through the SDK's OAuth (`auth()` behind the transport's authProvider);
 * when a person signs in during the connection, it is finished and the connection opened
 * again once.
 *
 * The manager imports this file lazily, so the SDK's load time never delays start-up.
 */
import { isAbsolute, resolve } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client";
// Types only (erased): the modules themselves are imported when a server needs them.
// @ts-types="@modelcontextprotocol/sdk/client/stdio"
import type * as Stdio from "@modelcontextprotocol/sdk/client/stdio.js";
// @ts-types="@modelcontextprotocol/sdk/client/streamableHttp"
import type * as StreamableHttp from "@modelcontextprotocol/sdk/client/streamableHttp.js";
// @ts-types="@modelcontextprotocol/sdk/client/sse"
import type * as Sse from "@modelcontextprotocol/sdk/client/sse.js";
// @ts-types="@modelcontextprotocol/sdk/client/auth"
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import type { McpServerConfig } from "../config/types.ts";
import { lastLines } from "./_private.ts";
import { DenoStdioTransport } from "./stdio_transport.ts";
import { type ClientHooks, createClient } from "./client_hooks.ts";
import {
  type Diagnostics,
  type McpConnection,
  type McpTransportKind,
  wrapClient,
} from "./connection.ts";
import { withOwnSignal } from "./request_signal.ts";
import type { ServerAuth } from "./oauth/mod.ts";

export { adaptTool } from "./tool_adapter.ts";
export { classifyCallError } from "./call_errors.ts";
export { authFor } from "./oauth/mod.ts";
export type { McpConnection };

/** Where and how to connect. */
export interface OpenOptions extends ClientHooks {
  config: McpServerConfig;
  /** Directory stdio servers run in when the config gives none. */
  cwd: string;
  clientInfo: { name: string; version: string };
  /** Longest wait for the initialize handshake. */
  timeoutMs: number;
  signal: AbortSignal;
  /** The connection closed (the process exited, the stream ended) without close(). */
  onUnexpectedClose: () => void;
  /** Non-fatal trouble (a line on stdout that is not JSON-RPC, a dropped SSE stream). */
  onError?: (message: string) => void;
  /** OAuth of an HTTP/SSE server (see oauth/mod.ts). */
  auth?: ServerAuth;
}

/** Connects to one server; throws with a readable message when it cannot. */
export async function openConnection(options: OpenOptions): Promise<McpConnection> {
  const { config } = options;
  options.signal.throwIfAborted();
  switch (config.type) {
    case undefined:
    case "stdio":
      return await openStdio(config, options);
    case "sse":
      return await openRemote("sse", config, options);
    case "http": {
      const { StreamableHTTPError } = await import(
        "@modelcontextprotocol/sdk/client/streamableHttp.js"
      ) as typeof StreamableHttp;
      try {
        return await openRemote("http", config, options);
      } catch (error) {
        const cause = error instanceof Error && error.cause ? error.cause : error;
        // 4xx means "no Streamable HTTP here" (404, 405...), except auth errors: SSE would
        // fail the same way and hide the real reason.
        const clientError = cause instanceof StreamableHTTPError &&
          typeof cause.code === "number" && cause.code >= 400 && cause.code < 500 &&
          cause.code !== 401 && cause.code !== 403;
        if (!clientError || options.signal.aborted) throw error;
        return await openRemote("sse", config, options);
      }
    }
  }
}

type RemoteTransport = InstanceType<
  typeof StreamableHttp.StreamableHTTPClientTransport | typeof Sse.SSEClientTransport
>;

/** Streamable HTTP or SSE, signing in once if a person completes a sign-in meanwhile. */
async function openRemote(
  kind: "http" | "sse",
  config: Extract<McpServerConfig, { url: string }>,
  options: OpenOptions,
): Promise<McpConnection> {
  // The HTTP transports load only when a server uses them (they pull in OAuth code).
  const { StreamableHTTPClientTransport } = await import(
    "@modelcontextprotocol/sdk/client/streamableHttp.js"
  ) as typeof StreamableHttp;
  const { SSEClientTransport } = await import(
    "@modelcontextprotocol/sdk/client/sse.js"
  ) as typeof Sse;
  const init = {
    ...(config.headers ? { requestInit: { headers: config.headers } } : {}),
    ...(options.auth ? { authProvider: options.auth.provider } : {}),
  };
  const newTransport = (): RemoteTransport =>
    kind === "http"
      ? new StreamableHTTPClientTransport(new URL(config.url), init)
      : new SSEClientTransport(new URL(config.url), init);
  /** After a request failed for lack of a sign-in: finishes the one in progress, if any. */
  const finishSignIn = (transport: RemoteTransport) => async (error: unknown) => {
    const code = error instanceof UnauthorizedError
      ? options.auth?.stored?.takePendingCode()
      : undefined;
    if (!code) return false;
    await transport.finishAuth(await code);
    return true;
  };
  const stored = options.auth?.stored;
  if (stored?.expired && stored.signIn.refreshable && !stored.interactive) {
    // Renew before the first request instead of after its 401; the server decides anyway.
    // (Not where a browser could open: a failed refresh would start a sign-in here.)
    const { auth } = await import("@modelcontextprotocol/sdk/client/auth.js");
    await auth(stored, { serverUrl: config.url }).catch(() => {});
  }
  let transport = newTransport();
  try {
    return await openWith(transport, kind, options, undefined, finishSignIn(transport));
  } catch (error) {
    if (!(await finishSignIn(transport)(error))) throw error;
  }
  transport = newTransport();
  return await openWith(transport, kind, options, undefined, finishSignIn(transport));
}

async function openStdio(
  config: Extract<McpServerConfig, { command: string }>,
  options: OpenOptions,
): Promise<McpConnection> {
  const cwd = config.cwd === undefined
    ? options.cwd
    : isAbsolute(config.cwd)
    ? config.cwd
    : resolve(options.cwd, config.cwd);
  const params = { command: config.command, args: config.args ?? [], env: config.env, cwd };
  if (Deno.build.os !== "windows") {
    // Deno.Command needs only --allow-run for the command (see stdio_transport.ts).
    const transport = new DenoStdioTransport(params);
    return await openWith(transport, "stdio", options, () => ({
      stderr: transport.stderrTail(),
      exitCode: transport.exitStatus?.code,
    }));
  }
  // On Windows cross-spawn finds `npx.cmd` and friends; Deno.Command does not.
  // Stderr is piped, not inherited: a server's logs must not draw over the TUI.
  // Imported here only: cross-spawn reads env vars (OSTYPE) as soon as it loads.
  const { StdioClientTransport } = await import(
    "@modelcontextprotocol/sdk/client/stdio.js"
  ) as typeof Stdio;
  const transport = new StdioClientTransport({ ...params, stderr: "pipe" });
  let tail = "";
  transport.stderr?.on("data", (chunk: Uint8Array | string) => {
    tail = (tail + (typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk)))
      .slice(-2_000);
  });
  return await openWith(transport, "stdio", options, () => ({ stderr: tail }));
}

/** The SDK transports share this shape. */
type AnyTransport = Parameters<Client["connect"]>[0];

async function openWith(
  transport: AnyTransport,
  kind: McpTransportKind,
  options: OpenOptions,
  diagnostics: () => Diagnostics = () => ({ stderr: "" }),
  finishAuth: (error: unknown) => Promise<boolean> = () => Promise.resolve(false),
): Promise<McpConnection> {
  const client: Client = createClient(options.clientInfo, options);
  let closing = false;
  client.onclose = () => {
    if (!closing) options.onUnexpectedClose();
  };
  // Errors the SDK reports besides failed requests (a bad line on stdout, a dropped SSE
  // stream it reconnects) are not fatal by themselves; a real failure also closes.
  client.onerror = (error) => options.onError?.(error.message);
  const close = async () => {
    closing = true;
    await client.close().catch(() => {});
  };
  const abort = () => void close();
  options.signal.addEventListener("abort", abort, { once: true });
  try {
    // The handshake gets a signal of its own: the SDK would otherwise send
    // notifications/cancelled for `initialize` whenever the connection's signal aborts.
    await withOwnSignal(
      options.signal,
      (signal) => client.connect(transport, { timeout: options.timeoutMs, signal }),
    );
  } catch (error) {
    await close();
    throw withDiagnostics(error, diagnostics());
  } finally {
    options.signal.removeEventListener("abort", abort);
  }
  return wrapClient(client, kind, diagnostics, close, finishAuth);
}

function withDiagnostics(error: unknown, { stderr, exitCode }: Diagnostics): Error {
  // Kept as they are: callers recognise sign-in errors by their class.
  if (error instanceof UnauthorizedError || (error as Error)?.name === "NeedsLoginError") {
    return error as Error;
  }
  let message = error instanceof Error ? error.message : String(error);
  if (exitCode !== undefined) message += `; the server exited with code ${exitCode}`;
  const last = lastLines(stderr, 3);
  return new Error(last ? `${message} (stderr: ${last})` : message, { cause: error });
}
