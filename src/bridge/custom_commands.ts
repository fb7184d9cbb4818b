/**
 * Custom slash commands (Nanocoder's `.nanocoder/commands/*.md` and the user's
 * `<config dir>/commands/`) as an editor's commands: listed with their description and
 * parameters as the input hint, run as the TUI runs them — the engine expands the
 * template with what was typed, and the expansion is the prompt the model gets.
 *
 * A project's commands count only once the folder is trusted, as in the TUI (which asks
 * before it loads them): before that, a cloned repository's files could put words in
 * the person's mouth under a harmless name. The user's own commands always count.
 */
import type * as acp from "@agentclientprotocol/sdk";
import {
  checkTrust,
  type CustomCommand,
  expandCustomCommand,
  findCustomCommand,
  listCustomCommands,
} from "../engine/mod.ts";

/** The custom commands of one session's directory. */
export class CustomCommands {
  #commands: CustomCommand[] = [];

  private constructor(readonly cwd: string) {}

  /**
   * Loads the commands for `cwd` (`trustFlag`: `--trust-directory`); `log` hears about
   * the project's commands left out before trust, and about a failure to read them.
   */
  static async load(
    cwd: string,
    trustFlag: boolean,
    log: (message: string) => void,
  ): Promise<CustomCommands> {
    const loaded = new CustomCommands(cwd);
    try {
      // Not even read before trust: the files are the project's to choose (a FIFO, a link).
      const { trusted } = await checkTrust(cwd, trustFlag);
      loaded.#commands = await listCustomCommands(cwd, { project: trusted });
      if (!trusted && await exists(`${cwd}/.nanocoder/commands`)) {
        log(
          `The custom commands of ${cwd} are not offered: the folder is not trusted ` +
            "(--trust-directory, or add it to trustedDirectories)",
        );
      }
    } catch (error) {
      log(`Could not load the custom commands: ${(error as Error).message}`);
    }
    return loaded;
  }

  /** The commands as an editor lists them. */
  list(): acp.AvailableCommand[] {
    return this.#commands.map((command) => {
      const hint = inputHint(command);
      return {
        name: command.name,
        description: command.description ??
          `Custom command (${command.source === "project" ? "project" : "yours"})`,
        ...(hint ? { input: { hint } } : {}),
      };
    });
  }

  /** The command a name (or alias) stands for. */
  find(name: string): CustomCommand | undefined {
    return findCustomCommand(this.#commands, name);
  }

  /** The prompt text `command` sends with `args` typed after it. */
  async expand(command: CustomCommand, args: string): Promise<string> {
    return (await expandCustomCommand(command, args, this.cwd)) ?? "";
  }
}

/** The parameters in usage notation (`<file> [focus=all]`), from the command's usage. */
function inputHint(command: CustomCommand): string {
  return command.usage.slice(`/${command.name}`.length).trim();
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
