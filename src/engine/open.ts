/**
 * Opening a session: the wiring every frontend's session gets — project config and trust,
 * provider and model, the built-in tools, MCP servers, the system prompt, a saved session
 * to continue and where this one is saved — handed to the live `Session` (session.ts).
 */
import { Agent } from "../agent/agent.ts";
import {
  buildSystemPrompt,
  gatherEnvironment,
  loadProjectInstructions,
  NestedInstructions,
} from "../agent/system_prompt.ts";
import { createBuiltinRegistry } from "../tools/mod.ts";
import { LateSink } from "./channel.ts";
import { startMcp } from "./mcp.ts";
import { buildModelState } from "./model_state.ts";
import type { Engine, EngineOptions } from "./options.ts";
import { openPersistence } from "./persistence.ts";
import { loadProjectConfig } from "./project.ts";
import { chooseProjectProvider, logConfigured, withAgentsMd } from "./provider.ts";
import { configSecrets, registerSecrets } from "./secrets.ts";
import { resolveResume } from "./resume.ts";
import { Session } from "./session.ts";
import { transcriptToMessages } from "./transcript.ts";

/** Opens a session; throws ConfigError or ProviderError with a message the user can act on. */
export async function openSession(options: EngineOptions = {}): Promise<Engine> {
  const project = await loadProjectConfig(options);
  const { cwd, config } = project;
  // Before anything starts: a session reference that names nothing fails here.
  const resumed = await resolveResume({ ...options, cwd }, project.warnings);
  const history = resumed?.history ?? options.history ?? [];
  const sessionId = resumed?.sessionId ?? options.sessionId ?? crypto.randomUUID();
  const servers = { ...project.mcpServers, ...options.mcpServers };
  const { provider, model, warning } = await chooseProjectProvider(
    project,
    options,
    options.modelOptional,
  );
  if (warning) project.warnings.push(warning);
  // Shell commands never see these, nor logs; the list grows when set_model brings a key.
  const secretValues = configSecrets(config, [provider], servers);
  registerSecrets(secretValues);
  const registry = await createBuiltinRegistry(config, { cwd, secretValues });
  const saved = openPersistence(options, project, sessionId, secretValues);
  // Nanocoder's `includeAgentsMd: false` (or a lean profile) leaves out every AGENTS.md.
  const agentsMd = withAgentsMd(config, provider);
  let firstResponse!: () => void;
  const firstRequest = new Promise<void>((resolve) => (firstResponse = resolve));
  // Warnings from MCP servers and later instruction files reach the session's stream once
  // it exists.
  const notices = new LateSink<string>();
  const nested = new NestedInstructions(cwd, history, (message) => notices.push(message));
  const mcp = Object.keys(servers).length
    ? await startMcp(servers, cwd, {
      registry,
      startAfter: options.startMcpWhen
        ? Promise.race([firstRequest, options.startMcpWhen])
        : firstRequest,
      roots: [cwd, ...config.allowedDirs],
      onNotice: (message) => notices.push(message),
    })
    : undefined;
  const [environment, instructions, state] = await Promise.all([
    gatherEnvironment(cwd),
    agentsMd
      ? loadProjectInstructions(cwd, (message) => project.warnings.push(message))
      : undefined,
    buildModelState(provider, model, {
      contextMax: options.contextMax,
      toolCalling: options.toolCalling,
      onFirstResponse: firstResponse,
      config,
    }),
  ]);
  logConfigured(project, state);
  const agent = new Agent({
    client: state.client,
    model: state.model,
    mode: options.mode ?? config.defaultMode ?? "normal",
    toolCalling: state.toolCalling,
    context: state.context,
    // Built for every request from the live state: mode, the tools that exist now
    // (MCP tools once connected), the text format. Byte-identical while none changes.
    systemPrompt: (view) =>
      buildSystemPrompt({
        env: environment,
        mode: view.mode,
        tools: registry.list(),
        disabledTools: registry.disabled(),
        instructions,
        textToolFormat: view.textToolFormat,
        custom: config.systemPrompt,
      }),
    registry,
    cwd,
    allowedDirs: config.allowedDirs,
    allowGitWrites: config.allowGitWrites,
    maxTurns: options.maxTurns ?? config.maxTurns,
    waitForTool: mcp ? (name) => mcp.waitForTool(name) : undefined,
    // Top-level `alwaysAllow` (tool names) and MCP servers' own lists; both come from
    // a project's files only once the directory is trusted (src/config).
    alwaysAllowed: (name) =>
      config.alwaysAllow.includes(name) || mcp?.isAlwaysAllowed(name) === true,
    beforeToolRuns: saved.persistence && (() => saved.persistence!.gate()),
    instructionsFor: agentsMd ? (paths) => nested.forPaths(paths) : undefined,
    files: options.editor?.files,
    terminal: options.editor?.terminal,
  });
  agent.history.push(...transcriptToMessages(history, cwd, state.toolCalling));
  return new Session({
    sessionId,
    options: { ...options, history },
    resumed,
    persistence: saved.persistence,
    unavailable: saved.unavailable,
    project,
    registry,
    mcp,
    state,
    agent,
    secretValues,
    firstResponse,
    notices,
  });
}
