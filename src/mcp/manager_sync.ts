/**
 * Keeps what the manager knows of a connected server in step with it: its tools in the
 * shared registry, its resources and prompts, each re-listed after the matching
 * `list_changed` notification (notifications that arrive meanwhile coalesce).
 */
import type { ToolRegistry } from "../tools/registry.ts";
import type { ToolContext, ToolResult } from "../tools/tool.ts";
import type { Entry } from "./manager_entry.ts";
import type { McpPrompt, McpResource, McpResourceTemplate } from "./features.ts";
import { errorMessage, isRecord } from "./_private.ts";

type Runtime = typeof import("./connect.ts");

/** What the sync functions need from the manager. */
export interface SyncHost {
  readonly registry: ToolRegistry;
  runtime(): Promise<Runtime>;
  log(message: string): void;
  changed(): void;
  /** Runs a call of `tool` on the server (timeouts, failures). */
  call(
    entry: Entry,
    generation: number,
    tool: string,
    args: Record<string, unknown>,
    ctx: ToolContext,
  ): Promise<ToolResult>;
}

/** Lists the server's tools and (re)registers them; records the ones skipped and why. */
export async function registerTools(host: SyncHost, entry: Entry, generation: number) {
  const runtime = await host.runtime();
  const listed = await entry.connection!.listTools();
  if (generation !== entry.generation) return;
  unregisterAll(host.registry, entry);
  entry.skipped = [];
  entry.origins.clear();
  for (const raw of listed) {
    const adapted = runtime.adaptTool(
      entry.name,
      raw,
      (tool, args, ctx) => host.call(entry, generation, tool, args, ctx),
    );
    let reason = adapted.ok ? undefined : adapted.reason;
    if (adapted.ok) {
      if (host.registry.get(adapted.tool.name)) {
        reason = `the name "${adapted.tool.name}" is already taken by another tool`;
      } else {
        try {
          host.registry.register(adapted.tool);
          entry.tools.push(adapted.tool.name);
          entry.origins.set(adapted.tool.name, adapted.mcpName);
        } catch (error) {
          reason = errorMessage(error);
        }
      }
    }
    if (reason !== undefined) {
      entry.skipped.push({ name: adapted.mcpName, reason });
      host.log(`MCP server "${entry.name}": tool "${adapted.mcpName}" skipped: ${reason}`);
    }
  }
}

/** Removes the server's tools from the registry. */
export function unregisterAll(registry: ToolRegistry, entry: Entry): void {
  for (const name of entry.tools) registry.unregister(name);
  entry.tools = [];
}

/** Re-lists tools after `list_changed`; coalesces notifications that arrive meanwhile. */
export function refreshTools(host: SyncHost, entry: Entry, generation: number): void {
  if (generation !== entry.generation) return;
  if (entry.state !== "connected" || entry.refreshing) {
    entry.refreshAgain = true;
    return;
  }
  entry.refreshing = (async () => {
    do {
      entry.refreshAgain = false;
      try {
        await registerTools(host, entry, generation);
      } catch (error) {
        if (generation !== entry.generation) break;
        entry.lastError = `Cannot list tools after a change: ${errorMessage(error)}`;
      }
    } while (entry.refreshAgain && generation === entry.generation);
    entry.refreshing = undefined;
    host.changed();
  })();
}

/** Lists resources, templates and prompts; a server that fails to list them has none. */
export async function listCatalog(
  host: SyncHost,
  entry: Entry,
  generation: number,
  which: { resources?: boolean; prompts?: boolean } = { resources: true, prompts: true },
): Promise<void> {
  const connection = entry.connection;
  if (!connection) return;
  const [resources, prompts] = await Promise.all([
    which.resources ? connection.listResources().catch(logged("resources")) : undefined,
    which.prompts ? connection.listPrompts().catch(logged("prompts")) : undefined,
  ]);
  if (generation !== entry.generation) return;
  if (resources) {
    entry.resources = resources.resources.flatMap((r) => toResource(entry.name, r));
    entry.templates = resources.templates.flatMap((t) => toTemplate(entry.name, t));
  }
  if (prompts) entry.prompts = prompts.flatMap((p) => toPrompt(entry.name, p));
  function logged(what: string) {
    return (error: unknown) => {
      host.log(`MCP server "${entry.name}": cannot list ${what}: ${errorMessage(error)}`);
      return undefined;
    };
  }
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const optional = <T>(key: string, value: T | undefined) =>
  value === undefined ? {} : { [key]: value };

function toResource(server: string, raw: unknown): McpResource[] {
  if (!isRecord(raw) || !str(raw.uri)) return [];
  return [{
    server,
    uri: raw.uri as string,
    name: str(raw.name) ?? (raw.uri as string),
    ...optional("title", str(raw.title)),
    ...optional("description", str(raw.description)),
    ...optional("mimeType", str(raw.mimeType)),
    ...optional("size", typeof raw.size === "number" ? raw.size : undefined),
  }];
}

function toTemplate(server: string, raw: unknown): McpResourceTemplate[] {
  if (!isRecord(raw) || !str(raw.uriTemplate)) return [];
  return [{
    server,
    uriTemplate: raw.uriTemplate as string,
    name: str(raw.name) ?? (raw.uriTemplate as string),
    ...optional("title", str(raw.title)),
    ...optional("description", str(raw.description)),
    ...optional("mimeType", str(raw.mimeType)),
  }];
}

function toPrompt(server: string, raw: unknown): McpPrompt[] {
  if (!isRecord(raw) || !str(raw.name)) return [];
  const args = Array.isArray(raw.arguments) ? raw.arguments.filter(isRecord) : [];
  return [{
    server,
    name: raw.name as string,
    ...optional("title", str(raw.title)),
    ...optional("description", str(raw.description)),
    arguments: args.filter((a) => str(a.name)).map((a) => ({
      name: a.name as string,
      ...optional("description", str(a.description)),
      ...optional("required", typeof a.required === "boolean" ? a.required : undefined),
    })),
  }];
}
