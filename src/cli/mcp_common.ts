/**
 * What the `nanocoder mcp …` commands share: the project's config with its trust rules,
 * one configured server looked up by name with a useful error, and a manager for a few
 * servers that reports nothing on its own (the commands print).
 */
import type { GlobalFlags } from "./flags.ts";
import { loadProjectConfig, type ProjectConfig } from "./session.ts";
import type { McpServerConfig } from "../config/types.ts";
import type { McpManager, McpManagerOptions } from "../mcp/manager.ts";
import { ToolRegistry } from "../tools/registry.ts";
import { VERSION } from "../version.ts";
import { ConfigError } from "../errors.ts";

/** A command failed in a way the user can fix; the message is printed as is. */
export class McpCommandError extends Error {}

/** The project's config, with its warnings printed; ConfigError becomes McpCommandError. */
export async function loadMcpProject(flags: GlobalFlags): Promise<ProjectConfig> {
  try {
    const project = await loadProjectConfig(flags);
    for (const warning of project.warnings) console.error(`warning: ${warning}`);
    return project;
  } catch (error) {
    if (error instanceof ConfigError) throw new McpCommandError(error.message);
    throw error;
  }
}

/** The config of server `name`, or an error that says why there is none. */
export function serverConfig(project: ProjectConfig, name: string): McpServerConfig {
  const config = project.mcpServers[name];
  if (config) return config;
  if (project.untrustedMcpServers.includes(name)) {
    throw new McpCommandError(
      `MCP server "${name}" comes from the project's own config, which is not trusted: pass --trust-directory`,
    );
  }
  const known = Object.keys(project.mcpServers);
  throw new McpCommandError(
    `No MCP server "${name}" is configured${
      known.length ? ` (configured: ${known.join(", ")})` : ""
    }`,
  );
}

/** A manager for `servers` with nanocoder's client info; `start()` is the caller's. */
export async function mcpManager(
  servers: Record<string, McpServerConfig>,
  project: ProjectConfig,
  options: Partial<McpManagerOptions> = {},
): Promise<{ manager: McpManager; registry: ToolRegistry }> {
  const { McpManager } = await import("../mcp/manager.ts");
  const registry = new ToolRegistry();
  const manager = new McpManager(servers, {
    registry,
    cwd: project.cwd,
    roots: [project.cwd, ...project.config.allowedDirs],
    clientInfo: { name: "nanocoder", version: VERSION },
    ...options,
  });
  return { manager, registry };
}

/** Runs a command body; prints a McpCommandError and returns the error exit code. */
export async function runMcpCommand(body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof McpCommandError || error instanceof ConfigError) {
      console.error(`error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
