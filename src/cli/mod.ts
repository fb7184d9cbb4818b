/**
 * Command line: parses argv with commander and dispatches. Heavy modules (engine,
 * client, MCP) load only inside the command that needs them, so `--help` stays fast.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { VERSION } from "../version.ts";
import { ConfigError, PermissionDeniedError, ProviderError, UsageError } from "../errors.ts";
import { EXIT } from "./exit_codes.ts";
import { engineOptions, type GlobalFlags, parsePositiveInt } from "./flags.ts";
import { parseTokenCount } from "../engine/mod.ts";
import { projectDir } from "./cwd.ts";
import { addSessionCommands } from "./sessions_commands.ts";
import { registerMcpCommands } from "./mcp_commands.ts";
import { addSecrets, initLogging, log, LOG_LEVELS, redact } from "../log/mod.ts";
import { printAsRun, unknownCommandError } from "./run_argv.ts";
import { addNanocoderFlags } from "./nanocoder_flags.ts";

const MODES = ["normal", "auto-accept", "yolo", "plan"] as const;
const OUTPUT_FORMATS = ["text", "json", "stream-json"] as const;
const TOOL_CALLING = ["native", "xml", "json", "auto"] as const;

/** Runs the CLI with `argv` (without the program name); resolves to the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  // A rejection nothing awaited would end the program with Deno's stack trace: it ends it
  // the same way, as the error it is (one line, logged whole, the stack with --debug).
  globalThis.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    Deno.exit(reportFailure(event.reason));
  });
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync(bareResume(printAsRun(argv)), { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; real usage errors with 2.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      console.error(`error: ${redact(error.message)}`);
      return EXIT.usage;
    }
    return reportFailure(error);
  }
}

/**
 * The last stop of an error no command handled: one redacted line (the whole stack only
 * with --debug), and the error logged whole. Errors of the program's own kinds carry a
 * message the user can act on; anything else is a bug, and the line says where to look.
 */
export function reportFailure(error: unknown): number {
  log.error("crash", { error });
  const known = error instanceof ConfigError || error instanceof ProviderError ||
    error instanceof PermissionDeniedError;
  const message = error instanceof Error ? error.message : String(error);
  console.error(`error: ${redact(message)}`);
  if (log.tracing && error instanceof Error && error.stack) console.error(redact(error.stack));
  else if (!known) {
    const where = log.filePath ? ` (logged in ${log.filePath})` : "";
    console.error(`This is a bug in nanocoder${where}; run with --debug to see where it happened.`);
  }
  return EXIT.error;
}

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command("nanocoder")
    .description("A local-first AI coding agent for the terminal")
    .version(VERSION, "-v, --version")
    .exitOverride()
    .showHelpAfterError("(run nanocoder --help for usage)")
    // A command's --help lists the global flags too: they apply to it.
    .configureHelp({ showGlobalOptions: true })
    .helpCommand(true)
    .option(
      "--provider <name>",
      "provider from config, or a preset: ollama, lmstudio, llamacpp, vllm, openrouter, openai",
    )
    .option("--model <id>", "model to use (default: the provider's first model)")
    .option("--base-url <url>", "OpenAI-compatible base URL, no config file needed")
    .option("--api-key <key>", "API key for --base-url (or NANOCODER_API_KEY)")
    .addOption(new Option("--mode <mode>", "approval mode").choices(MODES))
    .option(
      "--trust-directory",
      "trust this directory for this run: its own config, .mcp.json and .env count in full",
    )
    .option("--context-max <tokens>", "context window, e.g. 32k, 128000", parseTokensFlag)
    .option(
      "--max-turns <n>",
      "model turns per prompt before stopping (default 100)",
      parsePositiveInt,
    )
    .addOption(new Option("--tool-calling <how>", "how tool calls travel").choices(TOOL_CALLING))
    .option("--sandbox", "run shell commands in an OS sandbox (bubblewrap / sandbox-exec)")
    .option("--json", "same as --output-format json")
    .addOption(new Option("--output-format <format>", "run output").choices(OUTPUT_FORMATS))
    .option("--cwd <dir>", "project directory (default: the current directory)")
    .option("-c, --continue", "continue this project's latest saved session")
    .option(
      "-r, --resume [session]",
      "resume a saved session: its id, last, or its number in `nanocoder sessions`",
    )
    .addOption(
      new Option("--log-level <level>", "log file level (default warn)").choices(LOG_LEVELS),
    )
    .option("--debug", "debug logs with request/response tracing, also on stderr")
    .option("-p, --print", 'same as "run": -p "PROMPT" answers one prompt and exits')
    .option("--acp", "serve the Agent Client Protocol on stdio (for Zed and other editors)")
    // Extra words are named by the hook below (commander would say "too many arguments.
    // Expected 0 arguments but got 1").
    .allowExcessArguments()
    .hook("preAction", async (_, command) => {
      // A word where a command belongs: not "too many arguments" but the closest command.
      if (command === program && program.args.length) {
        const visible = program.createHelp().visibleCommands(program).map((c) => c.name());
        throw unknownCommandError(program.args, visible);
      }
      const { logLevel, debug, apiKey } = program.opts<GlobalFlags>();
      initLogging({ level: logLevel, debug });
      addSecrets([apiKey]); // before anything can log or print it
      // Every command works on one checked, absolute project directory.
      program.setOptionValue("cwd", await projectDir(program.opts<GlobalFlags>().cwd));
    });

  addNanocoderFlags(program);

  program.command("run")
    .description("run one prompt without the UI and exit (for scripts and CI; also -p)")
    .argument(
      "[prompt...]",
      'what to do; "-" reads it from stdin, and input piped to a prompt goes with it',
    )
    .action(async (words: string[]) => {
      const flags = program.opts<GlobalFlags>();
      if (flags.continue && flags.resume !== undefined) {
        throw new UsageError("Cannot pass both --continue and --resume");
      }
      if (flags.resume === true || flags.resume === "") {
        throw new UsageError("run --resume needs a session: its id, last, or its number");
      }
      const { runHeadless } = await import("./run.ts");
      setExit(await runHeadless(words, flags));
    });

  program.command("models")
    .description("list the models the selected provider serves")
    .action(async () => {
      const { listModelsCommand } = await import("./models.ts");
      setExit(await listModelsCommand(program.opts<GlobalFlags>()));
    });

  program.command("doctor")
    .description("check permissions, config, trust, providers, MCP servers, sandbox and log")
    .action(async () => {
      const { doctorCommand } = await import("./doctor.ts");
      setExit(await doctorCommand(program.opts<GlobalFlags>()));
    });

  const mcp = program.command("mcp").description("MCP servers");
  mcp.command("list")
    .description("connect to the configured MCP servers and list their state and tools")
    .action(async () => {
      const { mcpListCommand } = await import("./mcp_list.ts");
      setExit(await mcpListCommand(program.opts<GlobalFlags>()));
    });
  registerMcpCommands(mcp, () => program.opts<GlobalFlags>(), setExit);

  addSessionCommands(program, setExit);

  // Words after no command reach the hook above, which names the closest command.
  program.allowExcessArguments();
  program.action(async () => {
    const flags = program.opts<GlobalFlags & { acp?: boolean }>();
    if (flags.acp) {
      const { runAcp } = await import("../bridge/mod.ts");
      return setExit(await runAcp(engineOptions(flags)));
    }
    // No command: the interactive UI, which needs a terminal on both ends.
    if (flags.json || flags.outputFormat) {
      throw new UsageError("--json and --output-format apply to `nanocoder run` only");
    }
    if (!Deno.stdin.isTerminal() || !Deno.stdout.isTerminal()) {
      console.error(
        "The interactive UI needs a terminal (stdin and stdout are not one here). Without one,\n" +
          'use headless mode:  nanocoder run "what to do"\nSee nanocoder --help.',
      );
      setExit(EXIT.usage);
      return;
    }
    const { runTui } = await import("../ui/mod.ts");
    const cwd = flags.cwd ?? Deno.cwd();
    const pickSession = flags.resume === true || flags.resume === "";
    setExit(
      await runTui({ ...engineOptions(flags), cwd, altScreen: flags.altScreen, pickSession }),
    );
  });
  return program;
}

// Commander prints "option '--x <n>' argument 'v' is invalid." before this message.
function parseTokensFlag(value: string): number {
  try {
    return parseTokenCount(value);
  } catch {
    throw new InvalidArgumentError(
      'Expected a positive number of tokens such as "32000", "128k" or "1m".',
    );
  }
}

/**
 * `--resume` right before `run` takes no value, as in Nanocoder (commander would take
 * "run" as the session): it becomes `--resume=`, the bare form.
 */
function bareResume(argv: string[]): string[] {
  return argv.map((arg, i) =>
    (arg === "-r" || arg === "--resume") && argv[i + 1] === "run" ? "--resume=" : arg
  );
}
