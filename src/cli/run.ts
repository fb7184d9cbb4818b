/**
 * `nanocoder run "PROMPT"`: one prompt, no UI — a thin frontend of the engine. Text
 * output puts the answer on stdout and tool activity on stderr; `json` prints one object
 * at the end; `stream-json` prints every event as a line (the contract of
 * src/protocol.ts, as it is), then that same object. The prompt may come from stdin
 * (`run -`), and input piped to it goes with it (run_input.ts). Nobody can answer an
 * approval request here: such calls are refused with a message to the model. SIGINT,
 * SIGTERM and SIGHUP cancel the run (and running commands), then exit with 130, 143 or
 * 129. A run that completed on an answer cut off by the output limit exits 1.
 */
import { engineOptions, type GlobalFlags } from "./flags.ts";
import { EXIT } from "./exit_codes.ts";
import { RunSummary } from "./run_summary.ts";
import { TextRenderer } from "./render_text.ts";
import { processStdin, runInput } from "./run_input.ts";
import { watchSignals } from "./signals.ts";
import { type Engine, errorCodeOf, openEngine } from "../engine/mod.ts";
import type { AgentEvent, AgentEventBody, AgentMode } from "../protocol.ts";
import { ConfigError, ProviderError } from "../errors.ts";

/**
 * Runs one prompt headless; resolves to the process exit code. `words` are the prompt's
 * words (or `-`); throws UsageError for an empty prompt.
 */
export async function runHeadless(words: string[], flags: GlobalFlags): Promise<number> {
  const format = flags.json ? "json" : flags.outputFormat ?? "text";
  const writeLine = (value: unknown) => console.log(JSON.stringify(value));
  const mode: AgentMode = flags.mode ?? "auto-accept";
  const input = await runInput(words, processStdin());
  for (const note of input.notes) console.error(`note: ${note}`);
  let engine: Engine;
  try {
    engine = await openEngine({ ...engineOptions(flags), mode });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ProviderError) {
      return reportSetupError(error, flags, format, writeLine);
    }
    throw error;
  }
  const summary = new RunSummary(flags.provider ?? "", flags.model ?? "");
  const text = format === "text" ? new TextRenderer() : undefined;
  const emit = (event: AgentEvent) => {
    summary.add(event);
    text?.render(event);
    if (format === "stream-json") writeLine(event);
  };
  const signals = watchSignals(() => engine.submit({ type: "cancel" }));
  try {
    const runId = engine.submit({ type: "prompt", content: input.content });
    for await (const event of engine.events()) {
      emit(event);
      if (event.type === "approval_request") {
        engine.submit({ type: "deny", callId: event.callId, reason: denyReason(event.name, mode) });
      }
      if (event.type === "elicitation_request") {
        // Nobody can fill in a form here: the server hears "declined".
        engine.submit({
          type: "elicitation_response",
          requestId: event.requestId,
          action: "decline",
        });
      }
      if (event.type === "done" && event.runId === runId) break;
    }
  } finally {
    await engine.close();
    signals.dispose();
  }
  const result = summary.result(0);
  // Anything but a finished answer fails the run: an error, the turn limit, an answer cut
  // off by the output limit ("max_tokens") or refused.
  const exitCode = signals.exitCode ??
    (result.reason === "completed" ? EXIT.ok : EXIT.error);
  result.exitCode = exitCode;
  if (format !== "text") writeLine(result);
  return exitCode;
}

function denyReason(name: string, mode: AgentMode): string {
  return `"${name}" needs approval, which run mode cannot ask for (mode "${mode}"; use --mode yolo to allow it)`;
}

function reportSetupError(
  error: Error,
  flags: GlobalFlags,
  format: string,
  writeLine: (value: unknown) => void,
): number {
  if (format === "text") {
    console.error(`error: ${error.message}`);
    return EXIT.error;
  }
  // The same final object as a run that started, so scripts parse one shape.
  const summary = new RunSummary(flags.provider ?? "", flags.model ?? "");
  const events: AgentEventBody[] = [
    { type: "error", message: error.message, code: errorCodeOf(error) },
    { type: "done", reason: "error", finalText: "" },
  ];
  for (const event of events) {
    summary.add(event);
    if (format === "stream-json") writeLine(event);
  }
  writeLine(summary.result(EXIT.error));
  return EXIT.error;
}
