/**
 * The model picker an editor shows (an ACP session config option of category `model`):
 * the provider's models, the current one selected. Choosing one is `/model NAME`.
 */
import type * as acp from "@agentclientprotocol/sdk";

/** The option's id in `session/set_config_option`. */
export const MODEL_OPTION = "model";

/** The picker for `current` among `models` (the current one is listed even if unlisted). */
export function modelOption(current: string, models: readonly string[]): acp.SessionConfigOption {
  const all = models.includes(current) || !current ? models : [current, ...models];
  return {
    id: MODEL_OPTION,
    name: "Model",
    description: "The model answering in this session (applies from the next request)",
    category: "model",
    type: "select",
    currentValue: current,
    options: all.map((model) => ({ value: model, name: model })),
  };
}
