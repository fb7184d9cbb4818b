/**
 * The project a session works on: its directory, its merged config and the MCP servers
 * it may start. This is the one place the engine loads project config, so the trust
 * rules (which of a project's own settings count before the user trusts it) plug in here.
 */
import type { McpServerConfig, NanocoderConfig } from "../config/types.ts";
import { type Env, loadConfig, processEnv } from "../config/mod.ts";
import { projectDirectory } from "./project_dir.ts";

/** What project loading needs from the session options. */
export interface ProjectOptions {
  cwd?: string;
  sandbox?: boolean;
  trustDirectory?: boolean;
}

/** The project, its merged config, and the MCP servers it may start. */
export interface ProjectConfig {
  cwd: string;
  env: Env;
  config: NanocoderConfig;
  /** MCP servers to start: the user's, and the project's own when it is trusted. */
  mcpServers: Record<string, McpServerConfig>;
  /** Things the user should know (unset variables, skipped files, untrusted servers). */
  warnings: string[];
}

/** Loads the config of the project at `options.cwd`; throws ConfigError when invalid. */
export async function loadProjectConfig(options: ProjectOptions): Promise<ProjectConfig> {
  const env = processEnv();
  const cwd = await projectDirectory(options.cwd ?? Deno.cwd());
  const config = await loadConfig({ cwd, env });
  if (options.sandbox) config.sandbox = true;
  const warnings = [...(config.warnings ?? [])];
  const servers = await trustedMcpServers(config, cwd, env, options.trustDirectory === true);
  if (servers.untrusted.length) {
    warnings.push(
      `Not starting MCP servers from the project's own config (${
        servers.untrusted.join(", ")
      }): they run commands of this directory; pass --trust-directory to start them`,
    );
  }
  return { cwd, env, config, mcpServers: servers.trusted, warnings };
}

/**
 * Splits MCP servers into those the user configured (user config, env) and those only
 * the project's own files define: a project's servers are commands of a directory that
 * may not be the user's, so they start only when the directory is trusted.
 */
async function trustedMcpServers(
  config: NanocoderConfig,
  cwd: string,
  env: Env,
  trustDirectory: boolean,
): Promise<{ trusted: Record<string, McpServerConfig>; untrusted: string[] }> {
  const all = config.mcpServers;
  if (trustDirectory || Object.keys(all).length === 0) return { trusted: all, untrusted: [] };
  const userOnly = (await loadConfig({ cwd, env, trustProject: false })).mcpServers;
  const trusted: Record<string, McpServerConfig> = {};
  const untrusted: string[] = [];
  for (const [name, server] of Object.entries(all)) {
    if (JSON.stringify(userOnly[name]) === JSON.stringify(server)) trusted[name] = server;
    else untrusted.push(name);
  }
  return { trusted, untrusted };
}
