/**
 * Everything that depends on the provider and the model, built in one place so that a
 * change of model rebuilds all of it together: the client, the context window, the
 * context manager (tokenizer, compaction through the same model) and how tool calls
 * travel.
 */
import type { ProviderConfig } from "../config/types.ts";
import { createChatClient } from "../ai/client.ts";
import type { ChatClient } from "../ai/types.ts";
import type { ToolCallingMode } from "../protocol.ts";
import { resolveContextWindow } from "../tokenize/context_window.ts";
import { summarizeWith, TokenContextManager } from "../tokenize/context_manager.ts";
import { onFirstResponse, toolCallingFor } from "./provider.ts";

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
}

/** Builds the state for `model` of `provider`; probes a local server for the window. */
export async function buildModelState(
  provider: ProviderConfig,
  model: string,
  options: ModelStateOptions = {},
): Promise<ModelState> {
  let client = createChatClient(provider);
  if (options.onFirstResponse) client = onFirstResponse(client, options.onFirstResponse);
  const toolCalling = toolCallingFor(provider, model, options.toolCalling);
  if (!model) return { provider, model, client, contextMax: 0, toolCalling };
  const window = await resolveContextWindow(provider, model, { cliMax: options.contextMax });
  const context = new TokenContextManager({
    model,
    tokenizer: provider.tokenizer,
    contextWindow: window.tokens,
    summarize: summarizeWith(client, model),
  });
  return { provider, model, client, context, contextMax: window.tokens, toolCalling };
}
