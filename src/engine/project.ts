/**
 * The project a session works on: its directory, its merged config and the MCP servers
 * it may start. This is the one place the engine loads project config; the trust rules
 * (which of a project's own settings count before the user trusts it) live in
 * src/config/project.ts.
 */
import { loadProjectConfig as loadProject, processEnv, type ProjectConfig } from "../config/mod.ts";
import { projectDirectory } from "./project_dir.ts";
import { configSecrets, registerSecrets } from "./secrets.ts";
import { log } from "../log/mod.ts";

export type { ProjectConfig };

/** What project loading needs from the session options. */
export interface ProjectOptions {
  cwd?: string;
  sandbox?: boolean;
  trustDirectory?: boolean;
}

/**
 * Loads the config of the project at `options.cwd`; throws ConfigError when invalid. Its
 * secrets are registered with the logger before anything can log them, and each warning
 * goes to the log as well as to the frontend.
 */
export async function loadProjectConfig(options: ProjectOptions): Promise<ProjectConfig> {
  const cwd = await projectDirectory(options.cwd ?? Deno.cwd());
  const env = processEnv();
  const project = await loadProject({
    cwd,
    env,
    trustDirectory: options.trustDirectory,
    sandbox: options.sandbox,
  });
  registerSecrets(configSecrets(project.config), env);
  for (const message of project.warnings) log.warn("config_warning", { message });
  return project;
}
