/**
 * Everything a command needs before the first prompt: config, provider, client,
 * tools, MCP servers (connecting in the background) and the context window.
 */
import { resolve } from "node:path";
import type { GlobalFlags } from "./flags.ts";
import type {
  McpServerConfig,
  NanocoderConfig,
  ProviderConfig,
  ToolCallingMode,
} from "../config/types.ts";
import type { McpManager } from "../mcp/manager.ts";
import { VERSION } from "../version.ts";
import {
  type Env,
  formatProbeReport,
  loadProjectConfig as loadProject,
  NoProviderError,
  probeLocalServers,
  processEnv,
  type ProjectConfig,
  type ProviderSelection,
  selectProvider,
} from "../config/mod.ts";
import { createChatClient } from "../ai/client.ts";
import type { ChatClient } from "../ai/types.ts";
import { createBuiltinRegistry, type ToolRegistry } from "../tools/mod.ts";
import { ConfigError } from "../errors.ts";

/** A configured engine, ready for prompts. */
export interface Session {
  cwd: string;
  config: NanocoderConfig;
  provider: ProviderConfig;
  model: string;
  client: ChatClient;
  registry: ToolRegistry;
  /** MCP servers, when any are configured (and trusted). */
  mcp?: McpManager;
  toolCalling: ToolCallingMode;
  /** Things the config loader wants the user to know (unset variables, skipped files). */
  warnings: string[];
  /** Releases MCP servers and timers. */
  close(): Promise<void>;
}

export type { ProjectConfig };

/** Loads the config of the project the flags point at; throws ConfigError when invalid. */
export function loadProjectConfig(flags: GlobalFlags): Promise<ProjectConfig> {
  const env = processEnv();
  // `deno task start` runs in nanocoder's own folder; INIT_CWD is where the user was.
  const cwd = resolve(flags.cwd ?? env.INIT_CWD ?? Deno.cwd());
  return loadProject({ cwd, env, trustDirectory: flags.trustDirectory, sandbox: flags.sandbox });
}

/** Opens a session; throws ConfigError with a message the user can act on. */
export async function openSession(
  flags: GlobalFlags,
  options: SessionOptions = {},
): Promise<Session> {
  const { cwd, env, config, mcpServers, warnings } = await loadProjectConfig(flags);
  const { provider, model, warning } = await chooseProvider(
    config,
    flags,
    env,
    options.modelOptional,
  );
  if (warning) warnings.push(warning);
  let firstRequestSent!: () => void;
  const firstRequest = new Promise<void>((resolve) => (firstRequestSent = resolve));
  const client = onFirstResponse(createChatClient(provider), firstRequestSent);
  const registry = await createBuiltinRegistry(config, {
    cwd,
    secretValues: [
      ...[...config.providers, provider].map((p) => p.apiKey),
      config.webSearch && "apiKey" in config.webSearch ? config.webSearch.apiKey : undefined,
    ].filter((k): k is string => !!k),
  });
  const mcp = Object.keys(mcpServers).length
    ? await startMcp(mcpServers, registry, cwd, firstRequest)
    : undefined;
  return {
    cwd,
    config,
    provider,
    model,
    client,
    registry,
    mcp,
    toolCalling: toolCallingFor(provider, model, flags.toolCalling),
    warnings,
    close: async () => {
      firstRequestSent();
      await mcp?.close();
    },
  };
}

/** Connects MCP servers in the background; their tools join the registry as they come. */
export async function startMcp(
  servers: Record<string, McpServerConfig>,
  registry: ToolRegistry,
  cwd: string,
  startAfter?: Promise<unknown>,
): Promise<McpManager> {
  // The SDK costs ~150 ms of CPU to load: only sessions with servers pay it, and only
  // once the first model request is on its way (startAfter).
  const { McpManager } = await import("../mcp/manager.ts");
  const manager = new McpManager(servers, {
    registry,
    cwd,
    clientInfo: { name: "nanocoder", version: VERSION },
    startAfter,
  });
  manager.start();
  return manager;
}

/** Calls `hook` once, when the first chat call has sent its request and heard back. */
function onFirstResponse(client: ChatClient, hook: () => void): ChatClient {
  let fired = false;
  const fire = () => {
    if (!fired) {
      fired = true;
      hook();
    }
  };
  return {
    baseUrl: client.baseUrl,
    listModels: (signal) => client.listModels(signal),
    chat: (request, options = {}) => {
      if (fired) return client.chat(request, options);
      const onEvent = options.onEvent;
      return client.chat(request, {
        ...options,
        onEvent: (event) => {
          fire();
          onEvent?.(event);
        },
      }).finally(fire);
    },
  };
}

/** Options of `openSession`. */
export interface SessionOptions {
  /** The command needs no model (`models`): a provider without one is fine. */
  modelOptional?: boolean;
}

async function chooseProvider(
  config: NanocoderConfig,
  flags: GlobalFlags,
  env: Env,
  modelOptional = false,
): Promise<Pick<ProviderSelection, "provider" | "model" | "warning">> {
  try {
    return selectProvider(config, flags, env);
  } catch (error) {
    if (!(error instanceof NoProviderError)) throw error;
    if (error.reason === "nothing_configured") {
      throw new ConfigError(formatProbeReport(await probeLocalServers()));
    }
    if (!error.provider) throw error;
    if (modelOptional) return { provider: error.provider, model: "" };
    // A provider without a model: say which ones its server has.
    const models = await createChatClient(error.provider).listModels().catch(() => []);
    const hint = models.length ? `; the server has: ${models.slice(0, 20).join(", ")}` : "";
    throw new ConfigError(`${error.message}${hint}. Pass --model`);
  }
}

/** Text tool calls for models listed in `disableToolModels`, else the configured mode. */
export function toolCallingFor(
  provider: ProviderConfig,
  model: string,
  flag?: ToolCallingMode,
): ToolCallingMode {
  if (flag) return flag;
  if (provider.disableToolModels?.includes(model)) return "xml";
  return provider.toolCalling ?? "auto";
}
