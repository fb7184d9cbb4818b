/**
 * Which provider and model a session talks to, and how tool calls travel for them.
 */
import type { NanocoderConfig, ProviderConfig } from "../config/types.ts";
import {
  type Env,
  formatProbeReport,
  NoProviderError,
  probeLocalServers,
  type ProjectConfig,
  selectProvider,
} from "../config/mod.ts";
import { createChatClient } from "../ai/client.ts";
import type { ChatClient, ChatRequest } from "../ai/types.ts";
import type { ToolCallingMode } from "../protocol.ts";
import {
  ConfigError,
  PermissionDeniedError,
  ProviderError,
  type ProviderErrorCode,
} from "../errors.ts";
import { log } from "../log/mod.ts";
import { mergeTune } from "../config/tune.ts";

/** The provider flags of a session. */
export interface ProviderChoice {
  provider?: string;
  model?: string;
  baseUrl?: string;
  apiKey?: string;
}

/**
 * The provider and model; throws ConfigError with a message the user can act on (what
 * local servers were found, which models a server has).
 */
export async function chooseProvider(
  config: NanocoderConfig,
  choice: ProviderChoice,
  env: Env,
  modelOptional = false,
): Promise<{ provider: ProviderConfig; model: string; warning?: string }> {
  try {
    return selectProvider(config, choice, env);
  } catch (error) {
    if (!(error instanceof NoProviderError)) throw error;
    if (error.reason === "nothing_configured") {
      throw new ConfigError(formatProbeReport(await probeLocalServers()));
    }
    if (!error.provider) throw error;
    if (modelOptional) return { provider: error.provider, model: "" };
    // A provider without a model: a server serving one model (a llama.cpp server, a
    // vLLM instance) has the answer; else say which ones it has.
    const models = await modelsToChooseFrom(error.provider);
    if (models.length === 1) {
      const warning = `No model given: using "${models[0]}", the only one ` +
        `${error.provider.baseUrl} serves (pass --model to choose)`;
      return { provider: error.provider, model: models[0], warning };
    }
    const hint = models.length ? `; the server has: ${models.slice(0, 20).join(", ")}` : "";
    throw new ConfigError(`${error.message}${hint}`);
  }
}

/**
 * The models a provider's server lists, to choose one from. A server that answered but
 * cannot say (no model list, an error page) gives []: naming a model may still work. A
 * server that cannot be reached (`unreachable`, `timeout`), refuses the key
 * (`unauthorized`) or may not be reached (PermissionDeniedError) throws that error:
 * no model name would help, and asking for one would send the user the wrong way.
 */
export async function modelsToChooseFrom(provider: ProviderConfig): Promise<string[]> {
  try {
    return await createChatClient(provider).listModels();
  } catch (error) {
    if (error instanceof PermissionDeniedError) throw error;
    if (error instanceof ProviderError && FATAL_FOR_CHOICE.has(error.code)) throw error;
    return [];
  }
}

const FATAL_FOR_CHOICE = new Set<ProviderErrorCode>(["unreachable", "timeout", "unauthorized"]);

/**
 * chooseProvider for a project. Under a narrowed `--allow-read` the user's config dir is
 * skipped without a word (src/config/project.ts), so when no provider can be chosen the
 * error says that the user's own config was not read, and how to allow it.
 */
export async function chooseProjectProvider(
  project: Pick<ProjectConfig, "config" | "env" | "cwd" | "unreadableUserConfigDir">,
  choice: ProviderChoice,
  modelOptional = false,
): ReturnType<typeof chooseProvider> {
  try {
    return await chooseProvider(project.config, choice, project.env, modelOptional);
  } catch (error) {
    const dir = project.unreadableUserConfigDir;
    if (!(error instanceof ConfigError) || !dir) throw error;
    throw new ConfigError(
      `${error.message}\nYour config dir "${dir}" was not read: --allow-read does not ` +
        `include it (add it: --allow-read=${project.cwd},${dir})`,
    );
  }
}

/** The `session_configured` log line: what a session talks to, and from where. */
export function logConfigured(
  project: Pick<ProjectConfig, "cwd" | "trusted">,
  state: { provider: ProviderConfig; model: string; toolCalling: ToolCallingMode },
): void {
  const { provider, model, toolCalling } = state;
  log.info("session_configured", {
    provider: provider.name,
    baseUrl: provider.baseUrl,
    model,
    toolCalling,
    cwd: project.cwd,
    trusted: project.trusted,
  });
}

/**
 * Text tool calls for providers with `disableTools` and models listed in
 * `disableToolModels`, else the provider's mode, else `fallback` (tune's `toolMode`);
 * an explicit choice wins.
 */
export function toolCallingFor(
  provider: ProviderConfig,
  model: string,
  explicit?: ToolCallingMode,
  fallback?: ToolCallingMode,
): ToolCallingMode {
  if (explicit) return explicit;
  if (provider.disableTools || provider.disableToolModels?.includes(model)) return "xml";
  return provider.toolCalling ?? fallback ?? "auto";
}

/**
 * Every request through `client` carries `defaults` (tune's `modelParameters`:
 * temperature, top_p, reasoning effort…) unless it sets the field itself.
 */
export function withRequestDefaults(
  client: ChatClient,
  defaults: Partial<ChatRequest>,
): ChatClient {
  return {
    baseUrl: client.baseUrl,
    listModels: (signal) => client.listModels(signal),
    chat: (request, options) => {
      const filled: Record<string, unknown> = { ...request };
      for (const [key, value] of Object.entries(defaults)) filled[key] ??= value;
      return client.chat(filled as unknown as ChatRequest, options);
    },
  };
}

/** Calls `hook` once, when the first chat call has sent its request and heard back. */
export function onFirstResponse(client: ChatClient, hook: () => void): ChatClient {
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

/**
 * Whether AGENTS.md goes into the prompt: not under a custom prompt that replaces the
 * built-in one, nor when tune's `includeAgentsMd` is false (the config's over the provider's).
 */
export function withAgentsMd(config: NanocoderConfig, provider: ProviderConfig): boolean {
  if (config.systemPrompt?.mode === "replace") return false;
  return mergeTune(provider.tune, config.tune)?.includeAgentsMd !== false;
}
