/**
 * `nanocoder init`: the model explores the project with read-only tools and writes its
 * AGENTS.md; an existing one is replaced only with `--force`. Tool activity shows on
 * stderr as in `run`.
 */
import { join } from "node:path";
import { engineOptions, type GlobalFlags } from "./flags.ts";
import { EXIT } from "./exit_codes.ts";
import { TextRenderer } from "./render_text.ts";
import { watchSignals } from "./signals.ts";
import { agentsInitPrompt, type Engine, openEngine, writeAgentsFile } from "../engine/mod.ts";
import { ConfigError, ProviderError } from "../errors.ts";

/** Writes AGENTS.md with the model's help; resolves to the exit code. */
export async function initCommand(
  flags: GlobalFlags,
  options: { force?: boolean },
): Promise<number> {
  const cwd = flags.cwd!;
  const target = join(cwd, "AGENTS.md");
  if (!options.force && (await Deno.stat(target).then(() => true, () => false))) {
    console.error(`error: "${target}" already exists: pass --force to replace it`);
    return EXIT.error;
  }
  let engine: Engine;
  try {
    // Plan mode: reading and searching only; the file is written here, not by the model.
    engine = await openEngine({ ...engineOptions(flags), mode: "plan", persist: false });
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof ProviderError)) throw error;
    console.error(`error: ${error.message}`);
    return EXIT.error;
  }
  const text = new TextRenderer({ out: () => {} });
  const signals = watchSignals(() => engine.submit({ type: "cancel" }));
  let answer = "";
  let ended = "error";
  try {
    console.error(`Exploring ${cwd} to write AGENTS.md…`);
    const runId = engine.submit({ type: "prompt", text: await agentsInitPrompt(cwd) });
    for await (const event of engine.events()) {
      text.render(event);
      if (event.type === "approval_request") {
        engine.submit({
          type: "deny",
          callId: event.callId,
          reason: "init only reads the project",
        });
      }
      if (event.type === "done" && event.runId === runId) {
        answer = event.finalText;
        ended = event.reason;
        break;
      }
    }
  } finally {
    await engine.close();
    signals.dispose();
  }
  if (signals.exitCode !== undefined) return signals.exitCode;
  if (ended !== "completed") return EXIT.error;
  try {
    const written = await writeAgentsFile(cwd, answer, options);
    console.log(`Wrote ${written.path} (${written.lines} lines). Read it through and adjust it.`);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`error: ${error.message}`);
    return EXIT.error;
  }
}
