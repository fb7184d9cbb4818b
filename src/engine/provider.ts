/**
 * Which provider and model a session talks to, and how tool calls travel for them.
 */
import type { NanocoderConfig, ProviderConfig } from "../config/types.ts";
import {
  type Env,
  formatProbeReport,
  NoProviderError,
  probeLocalServers,
  selectProvider,
} from "../config/mod.ts";
import { createChatClient } from "../ai/client.ts";
import type { ChatClient } from "../ai/types.ts";
import type { ToolCallingMode } from "../protocol.ts";
import { ConfigError } from "../errors.ts";

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
    const models = await createChatClient(error.provider).listModels().catch(() => []);
    if (models.length === 1) {
      const warning = `No model given: using "${models[0]}", the only one ` +
        `${error.provider.baseUrl} serves (pass --model to choose)`;
      return { provider: error.provider, model: models[0], warning };
    }
    const hint = models.length ? `; the server has: ${models.slice(0, 20).join(", ")}` : "";
    throw new ConfigError(`${error.message}${hint}. Pass --model`);
  }
}

/**
 * Text tool calls for providers with `disableTools` and models listed in
 * `disableToolModels`, else the configured mode; an explicit choice wins.
 */
export function toolCallingFor(
  provider: ProviderConfig,
  model: string,
  explicit?: ToolCallingMode,
): ToolCallingMode {
  if (explicit) return explicit;
  if (provider.disableTools || provider.disableToolModels?.includes(model)) return "xml";
  return provider.toolCalling ?? "auto";
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
