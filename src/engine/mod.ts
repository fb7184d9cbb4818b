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
import type { ProjectRewind, StoreOptions } from "./storage.ts";
import type { ExportFormat, PruneResult, SessionInfo } from "../sessions/mod.ts";
import type { AgentEventBody, CheckpointInfo } from "../protocol.ts";
import type { ProjectConfig, ProjectOptions } from "./project.ts";
import type { StartMcpOptions } from "./mcp.ts";
import type { McpManager } from "../mcp/manager.ts";
import type { McpServerConfig } from "../config/types.ts";
import type { LocalServer, ProviderEntry, SaveProviderOptions, SetupNeed } from "./setup.ts";
import type { Preferences } from "./user_state.ts";
import type { ListFilesOptions } from "./project_files.ts";
import type { CustomCommand } from "../commands/mod.ts";

export type { Engine, EngineOptions, McpServerConfig };
export type { ListFilesOptions, LocalServer, Preferences, ProviderEntry, SaveProviderOptions };
export type { CustomCommand, SetupNeed };
import type { DoctorOptions, DoctorReport } from "./doctor_types.ts";
import { redactError } from "./redact_event.ts";

export type * from "./doctor_types.ts";
export { CHECK_GROUPS } from "./doctor_types.ts";
export type { EditorFiles, EditorTerminal, TerminalCommand, TerminalOutcome };
export type { ProjectConfig, ProjectOptions, StartMcpOptions };
export type { ExportFormat, ProjectRewind, PruneResult, SessionInfo, StoreOptions };
export { errorCodeOf } from "./error_codes.ts";
export { projectDirectory } from "./project_dir.ts";
export { parseTokenCount } from "../tokenize/context_window.ts";
export { findCustomCommand } from "../commands/custom.ts";
export { mcpPromptArguments, mcpPromptUsage } from "../commands/mcp_prompt.ts";
export type { McpPromptArguments } from "../commands/mcp_prompt.ts";

/**
 * Opens a session. Throws ConfigError (invalid config, unknown provider, no model, a
 * project directory that does not exist) or ProviderError (a provider that cannot list
 * its models while choosing one) before any event.
 */
export async function openEngine(options: EngineOptions = {}): Promise<Engine> {
  const { openSession } = await import("./open.ts");
  return await openSession(options).catch(redactError);
}

/** The project's directory, merged config and the MCP servers it may start (trust applied). */
export async function loadProjectConfig(options: ProjectOptions): Promise<ProjectConfig> {
  const project = await import("./project.ts");
  return await project.loadProjectConfig(options).catch(redactError);
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

// What interactive frontends need besides a session (the TUI's trust question, first-run
// setup, preferences, `@path` completion). Each loads its module on first use.

/** Whether `cwd` is trusted for this run (`flag`: `--trust-directory`), and why. */
export async function checkTrust(cwd: string, flag = false) {
  return (await import("./user_state.ts")).checkTrust(cwd, flag);
}

/** Remembers that the user trusts `cwd` (their preferences file); returns its path. */
export async function rememberTrust(cwd: string): Promise<string> {
  return (await import("./user_state.ts")).rememberTrust(cwd);
}

/** The preferences in effect for a project (nanocoder-preferences.json). */
export async function readPreferences(cwd: string, trusted: boolean): Promise<Preferences> {
  return (await import("./user_state.ts")).readPreferences(cwd, trusted);
}

/** Changes the preferences in effect for a project, keeping every other field. */
export async function updatePreferences(
  cwd: string,
  trusted: boolean,
  change: (preferences: Preferences) => void,
): Promise<boolean> {
  return (await import("./user_state.ts")).updateProjectPreferences(cwd, trusted, change);
}

/** Remembers the provider and model last used (the next session starts with them). */
export async function rememberModel(
  cwd: string,
  trusted: boolean,
  provider: string,
  model: string,
): Promise<void> {
  return (await import("./user_state.ts")).rememberModel(cwd, trusted, provider, model);
}

/** The user's config directory, or undefined when no home is known. */
export async function userConfigDirectory(): Promise<string | undefined> {
  return (await import("./user_state.ts")).userConfigDirectory();
}

/** The per-user data directory (NANOCODER_DATA_DIR, XDG_DATA_HOME…). */
export async function appDataDirectory(): Promise<string | undefined> {
  return (await import("./user_state.ts")).appDataDirectory();
}

/** What must be set up before a session can open with these options. */
export async function setupNeed(options: EngineOptions): Promise<SetupNeed> {
  return (await import("./setup.ts")).setupNeed(options);
}

/** Model servers running on this machine (Ollama, LM Studio, llama.cpp). */
export async function findLocalServers(): Promise<LocalServer[]> {
  return (await import("./setup.ts")).findLocalServers();
}

/**
 * The models of the server these options point at (for first-run setup). Throws
 * ProviderError (`unreachable`, `timeout`, `unauthorized`) or PermissionDeniedError
 * when the server cannot be used at all; [] when it answered without a list.
 */
export async function listServerModels(options: EngineOptions): Promise<string[]> {
  return (await import("./setup.ts")).listServerModels(options);
}

/** Writes a provider into agents.config.json, keeping the rest; returns the path. */
export async function saveProvider(
  entry: ProviderEntry,
  options: SaveProviderOptions,
): Promise<string> {
  return (await import("./setup.ts")).saveProvider(entry, options);
}

/** The project's files (ignore files respected), relative and sorted. */
export async function listProjectFiles(
  cwd: string,
  options?: ListFilesOptions,
): Promise<string[]> {
  return (await import("./project_files.ts")).listProjectFiles(cwd, options);
}

/** The saved sessions of the project at `cwd` (of every project with `all`), newest first. */
export async function listSessions(
  cwd: string,
  options?: StoreOptions & { all?: boolean },
): Promise<SessionInfo[]> {
  return await (await import("./storage.ts")).listSessions(cwd, options);
}

/**
 * A saved session of the project as Markdown or JSON; `ref` is an id (or its start),
 * `last`, or a number in the listing. ConfigError when no session matches.
 */
export async function exportSession(
  cwd: string,
  ref: string,
  format: ExportFormat,
  options?: StoreOptions,
): Promise<string> {
  return await (await import("./storage.ts")).exportSession(cwd, ref, format, options);
}

/** Deletes saved sessions (and their checkpoints) unchanged for `olderThan` (`30d`, `12h`). */
export async function pruneSessions(
  olderThan: string,
  options?: StoreOptions & { cwd?: string; dryRun?: boolean },
): Promise<PruneResult> {
  return await (await import("./storage.ts")).pruneSessions(olderThan, options);
}

/** The checkpoints of a saved session of the project (default: the latest session). */
export async function listProjectCheckpoints(
  cwd: string,
  options?: StoreOptions & { session?: string },
): Promise<{ session: SessionInfo; checkpoints: CheckpointInfo[] }> {
  return await (await import("./storage.ts")).listProjectCheckpoints(cwd, options);
}

/**
 * Restores the project's files to a checkpoint without a running session (`nanocoder
 * undo`); answers with the events the `rewind` op would: `rewound`, or `error` (code
 * `conflict` when a file changed since), and notices.
 */
export async function rewindProject(
  cwd: string,
  request?: ProjectRewind,
): Promise<{ session: SessionInfo; events: AgentEventBody[] }> {
  return await (await import("./storage.ts")).rewindProject(cwd, request);
}

/**
 * The custom slash commands of the project at `cwd` (`.nanocoder/commands/**\/*.md`) and
 * of the user (`<config dir>/commands/`), the project's winning by name; sorted by name.
 * `project: false` (a folder not trusted yet): the user's only, the project's not read.
 */
export async function listCustomCommands(
  cwd: string,
  options: { project?: boolean } = {},
): Promise<CustomCommand[]> {
  const [commands, user] = await Promise.all([
    import("../commands/mod.ts"),
    import("./user_state.ts"),
  ]);
  const project = options.project === false ? undefined : cwd;
  return await commands.loadCustomCommands(project, user.userConfigDirectory());
}

/**
 * The prompt text a custom command sends when typed with `args` (what follows its name):
 * `[Executing custom command: /name]` and its rendered template. `command` is one from
 * `listCustomCommands`, or a name or alias (`git:pr`, `/git:pr`) looked up in `cwd`'s
 * commands; undefined when no command has that name.
 */
export async function expandCustomCommand(
  command: string | CustomCommand,
  args: string,
  cwd: string,
): Promise<string | undefined> {
  const commands = await import("../commands/mod.ts");
  const found = typeof command === "string"
    ? commands.findCustomCommand(await listCustomCommands(cwd), command)
    : command;
  return found && commands.expandCommand(found, args, cwd);
}

/** The prompt that asks the model for the project's AGENTS.md (`init`). */
export async function agentsInitPrompt(cwd: string): Promise<string> {
  return await (await import("./agents_init.ts")).agentsInitPrompt(cwd);
}

/** Writes AGENTS.md from the model's answer; ConfigError if it exists (without `force`). */
export async function writeAgentsFile(
  cwd: string,
  answer: string,
  options?: { force?: boolean },
): Promise<{ path: string; lines: number }> {
  return await (await import("./agents_init.ts")).writeAgentsFile(cwd, answer, options);
}

/**
 * `nanocoder doctor`: what Deno granted, config source by source, trust, every provider
 * asked for its models, tools, MCP servers, sandbox and log, as checks and a verdict
 * (would a `run` with these options work, and which check decides).
 */
export async function diagnose(options: DoctorOptions = {}): Promise<DoctorReport> {
  const doctor = await import("./doctor.ts");
  return await doctor.diagnose(options);
}
