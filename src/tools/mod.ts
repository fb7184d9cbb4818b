/**
 * The built-in tools, registered by permission: a tool whose Deno permission is not
 * granted is listed as disabled with the reason instead of failing at run time.
 */
import type { NanocoderConfig } from "../config/types.ts";
import { seedJsonSchema, ToolRegistry } from "./registry.ts";
// The built-ins' JSON Schemas, computed by `deno task gen:schemas` (checked by a test):
// converting them from zod took 4-6 ms of every bundled start's first request.
import BUILTIN_SCHEMAS from "./builtin_schemas.json" with { type: "json" };
import type { AnyTool } from "./tool.ts";
import { readFileTool } from "./read_file.ts";
import { createFileTool } from "./create_file.ts";
import { insertLinesTool } from "./insert_lines.ts";
import { replaceLinesTool } from "./replace_lines.ts";
import { deleteLinesTool } from "./delete_lines.ts";
import { stringReplaceTool } from "./string_replace.ts";
import { findFilesTool } from "./find_files.ts";
import { searchFileContentsTool } from "./search_file_contents.ts";
import { listDirectoryTool } from "./list_directory.ts";
import { createBashTool } from "./execute_bash.ts";
import { createWebFetchTool } from "./web_fetch.ts";
import { createWebSearchTool, webSearchAvailability } from "./web_search.ts";
import { writeTasksTool } from "./write_tasks.ts";

export { ToolRegistry };
export type { AnyTool };

/** Settings the built-ins need beyond the config file. */
export interface BuiltinOptions {
  /** The project directory: file tools need read/write access to it. */
  cwd: string;
  /** Secret values (API keys) never passed to shell commands. */
  secretValues?: string[];
}

/** Builds a registry holding every built-in tool this process may run. */
export async function createBuiltinRegistry(
  config: NanocoderConfig,
  options: BuiltinOptions,
): Promise<ToolRegistry> {
  const registry = new ToolRegistry();
  const off = config.disabledTools ?? [];
  if (off.length) registry.block((name) => disabledByConfig(name, off));
  const search = webSearchAvailability(config.webSearch);
  for (const tool of builtinTools(config, options)) {
    await registry.registerIfPermitted(tool, options.cwd);
  }
  if (!search.available) {
    registry.disable("web_search", disabledByConfig("web_search", off) ?? search.reason);
  }
  return registry;
}

/** The built-in tools `config` asks for, before permissions are checked. */
export function builtinTools(config: NanocoderConfig, options: BuiltinOptions): AnyTool[] {
  const tools: AnyTool[] = [
    readFileTool,
    createFileTool,
    insertLinesTool,
    replaceLinesTool,
    deleteLinesTool,
    stringReplaceTool,
    findFilesTool,
    searchFileContentsTool,
    listDirectoryTool,
    createBashTool({ ...config.bash, sandbox: config.sandbox, secretValues: options.secretValues }),
    // Public addresses only, unless the user's own config opens private ones or hosts.
    createWebFetchTool(config.webFetch),
    writeTasksTool,
  ];
  const search = webSearchAvailability(config.webSearch);
  if (search.available && config.webSearch) tools.push(createWebSearchTool(config.webSearch));
  for (const tool of tools) {
    const json =
      (BUILTIN_SCHEMAS as Record<string, Record<string, unknown> | undefined>)[tool.name];
    if (json) seedJsonSchema(tool.schema, json);
  }
  return tools;
}

/**
 * Why `name` is off: it is listed in `disabledTools`, or it is an MCP tool
 * (`mcp__<server>__<tool>`) whose own name is, as Nanocoder names MCP tools.
 */
function disabledByConfig(name: string, off: readonly string[]): string | undefined {
  const listed = off.includes(name) ||
    (name.startsWith("mcp__") && off.some((tool) => name.endsWith(`__${tool}`)));
  return listed ? "turned off by disabledTools in the config" : undefined;
}
