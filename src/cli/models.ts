/** `nanocoder models`: what the selected provider serves, one id per line. */
import { engineOptions, type GlobalFlags } from "./flags.ts";
import { EXIT } from "./exit_codes.ts";
import { openEngine } from "../engine/mod.ts";
import { ConfigError, ProviderError } from "../errors.ts";

/** Lists the provider's models through the engine's `list_models` op; resolves to the exit code. */
export async function listModelsCommand(flags: GlobalFlags): Promise<number> {
  let engine;
  try {
    engine = await openEngine({ ...engineOptions(flags), modelOptional: true });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ProviderError) {
      console.error(`error: ${error.message}`);
      return EXIT.error;
    }
    throw error;
  }
  try {
    const id = engine.submit({ type: "list_models" });
    for await (const event of engine.events()) {
      if (event.submissionId !== id) continue;
      if (event.type === "models") {
        console.log(
          flags.json || flags.outputFormat === "json"
            ? JSON.stringify({ provider: event.provider, models: event.models })
            : event.models.join("\n"),
        );
        return EXIT.ok;
      }
      if (event.type === "error") {
        console.error(`error: ${event.message}`);
        return EXIT.error;
      }
    }
    return EXIT.error;
  } finally {
    await engine.close();
  }
}
