/**
 * Resources for the model, the way Claude Code offers them: `list_mcp_resources` lists what
 * the connected servers expose (and their URI templates), `read_mcp_resource` reads one.
 * Both exist only while some connected server has resources. Reading is `read` kind:
 * resources are data by the protocol's definition, never actions.
 */
import { z } from "zod";
import type { ToolRegistry } from "../tools/registry.ts";
import type { AnyTool, ToolResult } from "../tools/tool.ts";
import type { McpResource, McpResourceContents, McpResourceTemplate } from "./features.ts";
import { formatSize } from "./result.ts";
import { errorMessage } from "./_private.ts";

/** Names of the two tools. */
export const LIST_RESOURCES_TOOL = "list_mcp_resources";
export const READ_RESOURCE_TOOL = "read_mcp_resource";

/** What the tools read from the manager. */
export interface ResourceSource {
  resources(): McpResource[];
  resourceTemplates(): McpResourceTemplate[];
  readResource(server: string, uri: string, signal?: AbortSignal): Promise<McpResourceContents[]>;
}

/** Registers the tools when some server has resources, removes them when none has. */
export function syncResourceTools(
  registry: ToolRegistry,
  entries: readonly { state: string; resources: unknown[]; templates: unknown[] }[],
  source: ResourceSource,
): void {
  const wanted = entries.some((e) =>
    e.state === "connected" && (e.resources.length > 0 || e.templates.length > 0)
  );
  const present = registry.get(READ_RESOURCE_TOOL) !== undefined;
  if (wanted && !present) {
    registry.register(listTool(source));
    registry.register(readTool(source));
  } else if (!wanted && present) {
    registry.unregister(LIST_RESOURCES_TOOL);
    registry.unregister(READ_RESOURCE_TOOL);
  }
}

function listTool(source: ResourceSource): AnyTool {
  const schema = z.object({
    server: z.string().optional().describe("Only this MCP server's resources"),
  });
  return {
    name: LIST_RESOURCES_TOOL,
    description: "List the resources (files, documents, records) that connected MCP servers " +
      "expose, with their URIs; read one with read_mcp_resource.",
    schema,
    kind: "read",
    activity: "read",
    title: (args: z.infer<typeof schema>) =>
      args.server ? `List MCP resources of ${args.server}` : "List MCP resources",
    execute: (args: z.infer<typeof schema>): Promise<ToolResult> => {
      const mine = <T extends { server: string }>(items: T[]) =>
        args.server ? items.filter((r) => r.server === args.server) : items;
      const lines = [
        ...mine(source.resources()).map((r) =>
          `${r.server}: ${r.uri} - ${r.title ?? r.name}${r.mimeType ? ` (${r.mimeType})` : ""}${
            r.description ? `: ${r.description}` : ""
          }`
        ),
        ...mine(source.resourceTemplates()).map((t) =>
          `${t.server}: ${t.uriTemplate} (template) - ${t.title ?? t.name}${
            t.description ? `: ${t.description}` : ""
          }`
        ),
      ];
      return Promise.resolve({
        ok: true,
        output: lines.length ? lines.join("\n") : "No MCP resources.",
      });
    },
  };
}

function readTool(source: ResourceSource): AnyTool {
  const schema = z.object({
    server: z.string().describe("The MCP server that lists the resource"),
    uri: z.string().describe("The resource's URI, as list_mcp_resources shows it"),
  });
  return {
    name: READ_RESOURCE_TOOL,
    description: "Read a resource of a connected MCP server by its URI (see list_mcp_resources; " +
      "a URI template's placeholders may be filled in).",
    schema,
    kind: "read",
    activity: "read",
    title: (args: z.infer<typeof schema>) => `Read ${args.uri} from ${args.server}`,
    execute: async (args: z.infer<typeof schema>, ctx): Promise<ToolResult> => {
      try {
        const contents = await source.readResource(args.server, args.uri, ctx.signal);
        return { ok: true, output: formatContents(contents) };
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        return { ok: false, output: `Error: ${errorMessage(error)}` };
      }
    },
  };
}

/** The parts of a read resource as text: text whole, binary described. */
export function formatContents(contents: McpResourceContents[]): string {
  if (contents.length === 0) return "(empty resource)";
  return contents.map((part) => {
    const head = contents.length > 1
      ? `[${part.uri}${part.mimeType ? ` (${part.mimeType})` : ""}]\n`
      : "";
    if (typeof part.text === "string") return `${head}${part.text}`;
    const bytes = Math.floor(((part.blob ?? "").length * 3) / 4);
    return `${head}[binary ${part.mimeType ?? "data"}, ${formatSize(bytes)}]`;
  }).join("\n");
}
