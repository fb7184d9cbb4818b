/**
 * Everything that depends on the provider and the model, built in one place so that a
 * change of model rebuilds all of it together: the client, the context window, the
 * context manager (tokenizer, compaction through the same model) and how tool calls
 * travel.
 */
import type { NanocoderConfig, ProviderConfig } from "../config/types.ts";
import { mergeTune } from "../config/tune.ts";
import { createChatClient } from "../ai/client.ts";
import type { ChatClient } from "../ai/types.ts";
import type { ToolCallingMode } from "../protocol.ts";
import { resolveContextWindow } from "../tokenize/context_window.ts";
import { summarizeWith, TokenContextManager } from "../tokenize/context_manager.ts";
import { mechanicalSummarizer } from "../tokenize/mechanical_summary.ts";
import { onFirstResponse, toolCallingFor, withRequestDefaults } from "./provider.ts";

/** The model-dependent part of a session's live state. */
export interface ModelState {
  provider: ProviderConfig;
  model: string;
  client: ChatClient;
  /** Undefined while no model is chosen. */
  context?: TokenContextManager;
  /** The window in tokens (0 without a model). */
  contextMax: number;
  toolCalling: ToolCallingMode;
}

/** Options of {@link buildModelState}. */
export interface ModelStateOptions {
  /** The window given by the user, for this model. */
  contextMax?: number;
  /** How tool calls travel when the user chose it for the whole session. */
  toolCalling?: ToolCallingMode;
  /** Called when the first chat request has been answered (MCP servers start then). */
  onFirstResponse?: () => void;
  /** The settings of the config that shape requests and context (tune, autoCompact, limits). */
  config?: Pick<NanocoderConfig, "tune" | "autoCompact" | "contextLimit">;
}

/** Builds the state for `model` of `provider`; probes a local server for the window. */
export async function buildModelState(
  provider: ProviderConfig,
  model: string,
  options: ModelStateOptions = {},
): Promise<ModelState> {
  const { config = {} } = options;
  // The provider's own tune under the config's (which is over the saved preferences').
  const tune = mergeTune(provider.tune, config.tune);
  let client = createChatClient(provider);
  if (tune?.modelParameters) client = withRequestDefaults(client, tune.modelParameters);
  if (options.onFirstResponse) client = onFirstResponse(client, options.onFirstResponse);
  const tuned = tune?.toolMode === "native" ? undefined : tune?.toolMode;
  const toolCalling = toolCallingFor(provider, model, options.toolCalling, tuned);
  if (!model) return { provider, model, client, contextMax: 0, toolCalling };
  const window = await resolveContextWindow(provider, model, {
    cliMax: options.contextMax,
    envLimit: config.contextLimit,
  });
  const auto = config.autoCompact;
  const context = new TokenContextManager({
    model,
    tokenizer: provider.tokenizer,
    contextWindow: window.tokens,
    summarize: auto?.strategy === "mechanical"
      ? mechanicalSummarizer(auto.mode)
      : summarizeWith(client, model),
    autoCompact: auto,
  });
  return { provider, model, client, context, contextMax: window.tokens, toolCalling };
}
