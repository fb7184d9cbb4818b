/**
 * An open MCP connection: the SDK Client behind the few requests the manager makes
 * (tools, resources, prompts), each with a signal of its own (see request_signal.ts),
 * and one retry after an interactive sign-in when the server asks for more scopes.
 */
import { z } from "zod";
import type { Client } from "@modelcontextprotocol/sdk/client";
// @ts-types="@modelcontextprotocol/sdk/types"
import {
  CallToolResultSchema,
  GetPromptResultSchema,
  ReadResourceResultSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { McpCallResult } from "./result.ts";
import type { McpPromptResult, McpResourceContents } from "./features.ts";
import { withOwnSignal } from "./request_signal.ts";

/** The transport a connection actually uses. */
export type McpTransportKind = "stdio" | "http" | "sse";

/** Options of one call. */
export interface CallOptions {
  timeoutMs: number;
  signal: AbortSignal;
  onProgress?: (message: string) => void;
}

/** The end of a server's stderr and its exit code, when known. */
export interface Diagnostics {
  stderr: string;
  exitCode?: number;
}

/** What the server said it supports at initialize (the parts the manager reads). */
export interface ServerFeatures {
  tools: boolean;
  resources: boolean;
  prompts: boolean;
}

/** An open connection. */
export interface McpConnection {
  transport: McpTransportKind;
  serverInfo?: { name: string; version: string };
  features: ServerFeatures;
  /** What the server process left behind (stdio), for error messages. */
  diagnostics(): Diagnostics;
  /** Every tool, following `nextCursor`; elements are unvalidated (see adaptTool). */
  listTools(): Promise<unknown[]>;
  callTool(name: string, args: Record<string, unknown>, options: CallOptions): Promise<
    McpCallResult
  >;
  /** Every resource and resource template (unvalidated elements). */
  listResources(): Promise<{ resources: unknown[]; templates: unknown[] }>;
  readResource(uri: string, signal?: AbortSignal): Promise<McpResourceContents[]>;
  /** Every prompt (unvalidated elements). */
  listPrompts(): Promise<unknown[]>;
  getPrompt(
    name: string,
    args: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<McpPromptResult>;
  /** Tells the server the roots changed (it asks for them again). */
  rootsChanged(): Promise<void>;
  close(): Promise<void>;
}

/** Finishes an interactive sign-in the server asked for mid-session; false when none. */
export type FinishAuth = (error: unknown) => Promise<boolean>;

/** Pages followed at most, against a server that always returns a cursor. */
const MAX_LIST_PAGES = 100;
/** Timeout of list and read requests (calls have their own, per server). */
const REQUEST_TIMEOUT_MS = 60_000;

const loosePage = (key: string) =>
  z.looseObject({ [key]: z.array(z.unknown()), nextCursor: z.string().optional() });

/** Wraps a connected SDK client. */
export function wrapClient(
  client: Client,
  kind: McpTransportKind,
  diagnostics: () => Diagnostics,
  close: () => Promise<void>,
  finishAuth: FinishAuth,
): McpConnection {
  const caps = client.getServerCapabilities() ?? {};
  const version = client.getServerVersion();
  /** One request, with its own signal, retried once after a sign-in the server asked for. */
  const request = async <T>(run: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal) => {
    try {
      return await withOwnSignal(signal, run);
    } catch (error) {
      if (!(await finishAuth(error))) throw error;
      return await withOwnSignal(signal, run);
    }
  };
  const listAll = async (method: string, key: string): Promise<unknown[]> => {
    const items: unknown[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const result = await request((signal) =>
        client.request(
          { method, params: cursor === undefined ? {} : { cursor } },
          loosePage(key),
          { signal, timeout: REQUEST_TIMEOUT_MS },
        )
      );
      items.push(...(result[key] as unknown[]));
      cursor = typeof result.nextCursor === "string" ? result.nextCursor : undefined;
      if (cursor === undefined || seen.has(cursor)) break;
      seen.add(cursor);
    }
    return items;
  };
  return {
    transport: kind,
    serverInfo: version ? { name: version.name, version: version.version } : undefined,
    features: { tools: !!caps.tools, resources: !!caps.resources, prompts: !!caps.prompts },
    diagnostics,
    // A server without the capability (prompts or resources only) has none to list.
    listTools: () => caps.tools ? listAll("tools/list", "tools") : Promise.resolve([]),
    callTool: async (name, args, call) =>
      await request((signal) =>
        client.request(
          { method: "tools/call", params: { name, arguments: args } },
          CallToolResultSchema,
          {
            timeout: call.timeoutMs,
            signal,
            resetTimeoutOnProgress: true,
            onprogress: call.onProgress ? (p) => call.onProgress!(describeProgress(p)) : undefined,
          },
        ), call.signal) as McpCallResult,
    listResources: async () => {
      if (!caps.resources) return { resources: [], templates: [] };
      const resources = await listAll("resources/list", "resources");
      // Templates are optional even for servers with resources: a failure is no templates.
      const templates = await listAll("resources/templates/list", "resourceTemplates")
        .catch(() => []);
      return { resources, templates };
    },
    readResource: async (uri, signal) => {
      const result = await request(
        (own) =>
          client.request({ method: "resources/read", params: { uri } }, ReadResourceResultSchema, {
            signal: own,
            timeout: REQUEST_TIMEOUT_MS,
          }),
        signal,
      );
      return result.contents as McpResourceContents[];
    },
    listPrompts: () => caps.prompts ? listAll("prompts/list", "prompts") : Promise.resolve([]),
    getPrompt: async (name, args, signal) => {
      const result = await request((own) =>
        client.request(
          { method: "prompts/get", params: { name, arguments: args } },
          GetPromptResultSchema,
          { signal: own, timeout: REQUEST_TIMEOUT_MS },
        ), signal);
      return result as McpPromptResult;
    },
    rootsChanged: () => client.sendRootsListChanged(),
    close,
  };
}

function describeProgress(p: { progress: number; total?: number; message?: string }): string {
  const amount = p.total ? `${p.progress}/${p.total}` : `${p.progress}`;
  return `${p.message ?? "progress"} (${amount})\n`;
}
