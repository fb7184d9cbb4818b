/**
 * Nanocoder's flags that are about how it renders, and its commands that have no
 * counterpart here, accepted so that scripts written for Nanocoder run unchanged
 * (`nanocoder --plain run "..."` is its own CI example):
 *
 * - `--plain` / `--no-plain`: Nanocoder's `run` renders through Ink unless `--plain` (or
 *   CI, or no TTY). Here `run` always prints plain text, so both are accepted there and
 *   `--no-plain` says it changes nothing. Without `run` they are recorded in the parsed
 *   flags (`plain`) for the terminal UI. Both at once is an error, as in Nanocoder.
 * - `--alt-screen` / `--no-alt-screen`: the terminal UI on the alternate screen or
 *   inline; recorded (`altScreen`), `--no-alt-screen` wins over `--alt-screen` and the
 *   `alternateScreen` preference, as in Nanocoder. `run` ignores them (Nanocoder too).
 * - `--vscode`, `--vscode-port`, `daemon`, `copilot login` and `codex login`: not built
 *   here (docs/parity.md, README); they stop with a message saying what to use instead.
 */
import { type Command, Option } from "commander";
import { UsageError } from "../errors.ts";

/** Adds the flags and the `daemon` command to `program`. */
export function addNanocoderFlags(program: Command): void {
  program
    .option("--plain", "`run` prints plain text (it always does here); kept for Nanocoder scripts")
    .option("--no-plain", "Nanocoder's Ink rendering of `run`; here `run` stays plain text")
    .option("--alt-screen", "terminal UI: fullscreen on the alternate screen")
    .option("--no-alt-screen", "terminal UI: inline (the default; wins over --alt-screen)")
    .addOption(new Option("--vscode").hideHelp())
    .addOption(new Option("--vscode-port <port>").hideHelp())
    .hook("preAction", (_program, action) => checkNanocoderFlags(program, action.name()));
  for (const [name, message] of Object.entries(NOT_HERE)) {
    program.command(name, { hidden: true })
      .allowUnknownOption()
      .argument("[args...]")
      .action(() => {
        throw new UsageError(message);
      });
  }
}

/** Nanocoder's commands without a counterpart, and what to do instead. */
const NOT_HERE: Record<string, string> = {
  daemon: "`nanocoder daemon` (Nanocoder's per-project skill daemon) is not part of this " +
    "version; schedule `nanocoder run` with cron or CI instead (see docs/parity.md)",
  copilot: "`nanocoder copilot login` is not part of this version: GitHub Copilot sign-in is " +
    "not built; use a provider with an API key (see README, Coming from Nanocoder)",
  codex: "`nanocoder codex login` is not part of this version: ChatGPT sign-in is not built; " +
    "use a provider with an API key, e.g. --provider openai (see README, Coming from Nanocoder)",
};

/** Nanocoder's rules for these flags; throws UsageError where Nanocoder exits with an error. */
function checkNanocoderFlags(program: Command, command: string): void {
  // The command line as given (commander keeps it; its typings do not declare it).
  const args = (program as unknown as { rawArgs: string[] }).rawArgs;
  if (args.includes("--plain") && args.includes("--no-plain")) {
    throw new UsageError("Cannot pass both --plain and --no-plain.");
  }
  const flags = program.opts();
  if (flags.vscode || flags.vscodePort !== undefined) {
    throw new UsageError(
      "--vscode (Nanocoder's VS Code companion over WebSocket) is not part of this version: " +
        "editors drive nanocoder over the Agent Client Protocol with --acp (see docs/parity.md)",
    );
  }
  if (args.includes("--no-alt-screen")) program.setOptionValue("altScreen", false);
  if (command === "run" && flags.plain === false) {
    console.error("note: --no-plain changes nothing here: `run` always prints plain text");
  }
}
