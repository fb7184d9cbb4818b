/**
 * The SDK Client with what nanocoder offers servers: roots (the project and the allowed
 * directories, re-announced when they change), form elicitation with the schema's
 * defaults applied (SEP-1034), and list_changed notifications for tools, resources and
 * prompts. Sampling is not offered: servers cannot use the user's model.
 */
import { Client } from "@modelcontextprotocol/sdk/client";
// @ts-types="@modelcontextprotocol/sdk/types"
import {
  ElicitRequestSchema,
  ListRootsRequestSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { McpElicitationAnswer, McpElicitationRequest } from "./features.ts";

/** What the connection reports and asks back. */
export interface ClientHooks {
  /** The server said its tool list changed. */
  onToolsChanged: () => void;
  onResourcesChanged?: () => void;
  onPromptsChanged?: () => void;
  /** Answers a form elicitation (the request's `server` is filled in by the caller). */
  onElicit?: (request: Omit<McpElicitationRequest, "server">) => Promise<McpElicitationAnswer>;
  /** The roots offered now, as absolute directory paths. */
  roots?: () => string[];
}

/** A Client with nanocoder's capabilities and handlers. */
export function createClient(
  info: { name: string; version: string },
  hooks: ClientHooks,
): Client {
  const client = new Client(info, {
    capabilities: {
      ...(hooks.roots ? { roots: { listChanged: true } } : {}),
      ...(hooks.onElicit ? { elicitation: { form: { applyDefaults: true } } } : {}),
    },
  });
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => hooks.onToolsChanged());
  client.setNotificationHandler(
    ResourceListChangedNotificationSchema,
    () => hooks.onResourcesChanged?.(),
  );
  client.setNotificationHandler(
    PromptListChangedNotificationSchema,
    () => hooks.onPromptsChanged?.(),
  );
  if (hooks.roots) {
    const roots = hooks.roots;
    client.setRequestHandler(ListRootsRequestSchema, () => ({
      roots: roots().map((dir) => ({ uri: fileUri(dir), name: dir })),
    }));
  }
  if (hooks.onElicit) {
    const elicit = hooks.onElicit;
    client.setRequestHandler(ElicitRequestSchema, async (request, extra) => {
      const params = request.params;
      if (params.mode === "url") return { action: "decline" as const };
      return await elicit({
        message: params.message,
        requestedSchema: params.requestedSchema as McpElicitationRequest["requestedSchema"],
        signal: extra.signal,
      });
    });
  }
  return client;
}

/** `file://` URI of an absolute path (percent-encoded; Windows drive paths too). */
export function fileUri(path: string): string {
  const slashed = path.replaceAll("\\", "/");
  const absolute = slashed.startsWith("/") ? slashed : `/${slashed}`;
  return `file://${
    absolute.split("/").map(encodeURIComponent).join("/").replace(/^\/(\w)%3A/, "/$1:")
  }`;
}
