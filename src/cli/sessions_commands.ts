/**
 * The commands around saved sessions: `sessions` (list, export, prune), `undo` and
 * `init`, registered on the program by mod.ts. Each loads its module on use.
 */
import { type Command, Option } from "commander";
import { type GlobalFlags, parsePositiveInt } from "./flags.ts";

/** Adds the commands to `program`; `setExit` takes each command's exit code. */
export function addSessionCommands(program: Command, setExit: (code: number) => void): void {
  const flags = () => program.opts<GlobalFlags>();
  const sessions = program.command("sessions")
    .description("list this project's saved sessions, newest first (for --resume)")
    .option("--all", "sessions of every project")
    .action(async (options: { all?: boolean }) => {
      const { sessionsListCommand } = await import("./sessions_list.ts");
      setExit(await sessionsListCommand(flags(), options));
    });
  sessions.command("export")
    .description("print a saved session as Markdown or JSON")
    .argument("<session>", "its id (or the start of it), last, or its number in the list")
    .addOption(new Option("--format <format>", "md or json").choices(["md", "json"]).default("md"))
    .option("-o, --output <file>", "write to a file instead of stdout")
    .action(async (ref: string, options: { format: "md" | "json"; output?: string }) => {
      const { sessionsExportCommand } = await import("./sessions_export.ts");
      setExit(await sessionsExportCommand(flags(), ref, options));
    });
  sessions.command("prune")
    .description("delete saved sessions (and their checkpoints) not changed for a while")
    .requiredOption("--older-than <age>", "e.g. 30d, 12h, 2w")
    .option("--all", "in every project, not only this one")
    .option("--dry-run", "only say what would be deleted")
    .action(async (options: { olderThan: string; all?: boolean; dryRun?: boolean }) => {
      const { sessionsPruneCommand } = await import("./sessions_prune.ts");
      setExit(await sessionsPruneCommand(flags(), options));
    });

  program.command("undo")
    .description("restore the files as they were before the last prompt of the latest session")
    .option("--session <session>", "another session: its id, last, or its number in the list")
    .option("--prompts <n>", "undo the last N prompts", parsePositiveInt)
    .option("--to <checkpoint>", "restore to a checkpoint (see --list)")
    .option("--redo", "undo the last undo")
    .option("--force", "overwrite files changed since the agent changed them")
    .option("--conversation", "also cut the saved conversation back to before that prompt")
    .option("--list", "list the session's checkpoints instead")
    .action(async (options) => {
      const { undoCommand } = await import("./undo.ts");
      setExit(await undoCommand(flags(), options));
    });

  program.command("init")
    .description("write an AGENTS.md for this project with the model's help")
    .option("--force", "replace an existing AGENTS.md")
    .action(async (options: { force?: boolean }) => {
      const { initCommand } = await import("./init.ts");
      setExit(await initCommand(flags(), options));
    });
}
