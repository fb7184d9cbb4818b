/**
 * The engine: the only module of it a frontend imports (besides src/protocol.ts,
 * src/errors.ts and src/version.ts; `deno task lint:imports` enforces it).
 *
 *   const engine = await openEngine({ cwd, model, mode: "normal" });
 *   const runId = engine.submit({ type: "prompt", text: "fix the failing test" });
 *   for await (const event of engine.events()) { ... }   // session_configured first
 *   await engine.close();
 *
 * Importing this file is cheap: the session and everything it wires load on first use,
 * so a frontend's `--help` does not pay for the engine.
 */
import type {
  EditorFiles,
  EditorTerminal,
  Engine,
  EngineOptions,
  TerminalCommand,
  TerminalOutcome,
} from "./options.ts";
import type { ProjectConfig, ProjectOptions } from "./project.ts";
import type { StartMcpOptions } from "./mcp.ts";
import type { McpManager } from "../mcp/manager.ts";
import type { McpServerConfig } from "../config/types.ts";

export type { Engine, EngineOptions, McpServerConfig };
export type { EditorFiles, EditorTerminal, TerminalCommand, TerminalOutcome };
export type { ProjectConfig, ProjectOptions, StartMcpOptions };
export { errorCodeOf } from "./error_codes.ts";
export { projectDirectory } from "./project_dir.ts";
export { parseTokenCount } from "../tokenize/context_window.ts";

/**
 * Opens a session. Throws ConfigError (invalid config, unknown provider, no model, a
 * project directory that does not exist) or ProviderError (a provider that cannot list
 * its models while choosing one) before any event.
 */
export async function openEngine(options: EngineOptions = {}): Promise<Engine> {
  const { openSession } = await import("./session.ts");
  return await openSession(options);
}

/** The project's directory, merged config and the MCP servers it may start (trust applied). */
export async function loadProjectConfig(options: ProjectOptions): Promise<ProjectConfig> {
  const project = await import("./project.ts");
  return await project.loadProjectConfig(options);
}

/** Connects MCP servers in the background (the `mcp` commands; sessions do it themselves). */
export async function startMcp(
  servers: Record<string, McpServerConfig>,
  cwd: string,
  options?: StartMcpOptions,
): Promise<McpManager> {
  const mcp = await import("./mcp.ts");
  return await mcp.startMcp(servers, cwd, options);
}
