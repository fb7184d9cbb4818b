/**
 * What the `nanocoder mcp …` commands share: the project's config with its trust rules,
 * one configured server looked up by name with a useful error, and a manager for a few
 * servers that reports nothing on its own (the commands print).
 */
import type { GlobalFlags } from "./flags.ts";
import { loadProjectConfig, type ProjectConfig } from "../engine/mod.ts";
import { loadConfig, processEnv } from "../config/mod.ts";
import type { McpServerConfig } from "../config/types.ts";
import type { McpManagerOptions } from "../mcp/manager.ts";
import type { StandaloneMcp } from "../mcp/standalone.ts";
import { VERSION } from "../version.ts";
import { ConfigError } from "../errors.ts";

/** A command failed in a way the user can fix; the message is printed as is. */
export class McpCommandError extends Error {}

/** The project's config, with its warnings printed. */
export async function loadMcpProject(flags: GlobalFlags): Promise<ProjectConfig> {
  const project = await loadProjectConfig(flags);
  for (const warning of project.warnings) console.error(`warning: ${warning}`);
  return project;
}

/** The project's own servers that do not start because the directory is not trusted. */
export async function untrustedServers(project: ProjectConfig): Promise<string[]> {
  if (project.trusted) return [];
  const all = await loadConfig({ cwd: project.cwd, env: processEnv(), trusted: true })
    .catch(() => undefined);
  return Object.keys(all?.mcpServers ?? {}).filter((name) =>
    JSON.stringify(all!.mcpServers[name]) !== JSON.stringify(project.mcpServers[name])
  );
}

/** The config of server `name`, or an error that says why there is none. */
export async function serverConfig(project: ProjectConfig, name: string): Promise<McpServerConfig> {
  const config = project.mcpServers[name];
  if (config) return config;
  if ((await untrustedServers(project)).includes(name)) {
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
  options: Partial<Omit<McpManagerOptions, "registry">> = {},
): Promise<StandaloneMcp> {
  const { standaloneMcp } = await import("../mcp/standalone.ts");
  return standaloneMcp(servers, {
    cwd: project.cwd,
    roots: [project.cwd, ...project.config.allowedDirs],
    clientInfo: { name: "nanocoder", version: VERSION },
    ...options,
  });
}

/** Runs a command body; prints a McpCommandError or ConfigError and returns exit code 1. */
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
