/**
 * The `nanocoder mcp` subcommands besides `list`: add, remove, call, login, logout. Each
 * command's module loads only when it runs, so `--help` stays fast.
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import type { GlobalFlags } from "./flags.ts";

/** Adds the subcommands to `mcp`. */
export function registerMcpCommands(
  mcp: Command,
  flags: () => GlobalFlags,
  setExit: (code: number) => void,
): void {
  const scope = () =>
    new Option("--scope <scope>", "user config (default) or the project's").choices([
      "user",
      "project",
    ]);
  mcp.command("add")
    .description("add a server: --command CMD [-- ARGS...] (local) or --url URL (remote)")
    .argument("<name>", "server name")
    .argument("[args...]", "arguments of --command (after --)")
    .option("--command <cmd>", "the command that starts a local (stdio) server")
    .option("--url <url>", "the URL of a remote server")
    .addOption(
      new Option("--transport <kind>", "remote transport (default http)").choices(["http", "sse"]),
    )
    .option("--env <NAME=VALUE>", "environment of --command (repeatable)", collect, [])
    .option("--header <Name: value>", "HTTP header of --url (repeatable)", collect, [])
    .option("--client-id <id>", "OAuth client registered with the server's sign-in")
    .option("--client-secret <secret>", "secret of --client-id")
    .option("--callback-port <port>", "fixed port of the sign-in redirect", port)
    .addOption(scope())
    .action(async (name: string, args: string[], options) => {
      const { mcpAddCommand } = await import("./mcp_add.ts");
      setExit(await mcpAddCommand(name, args, options, flags()));
    });
  mcp.command("remove")
    .description("remove a server from the user's or the project's config")
    .argument("<name>", "server name")
    .addOption(scope())
    .action(async (name: string, options) => {
      const { mcpRemoveCommand } = await import("./mcp_add.ts");
      setExit(await mcpRemoveCommand(name, options, flags()));
    });
  mcp.command("call")
    .description("call one tool of a server and print its result")
    .argument("<name>", "server name")
    .argument("<tool>", "tool name, as the server calls it")
    .argument("[json]", "arguments as a JSON object (default {})")
    .action(async (name: string, tool: string, json: string | undefined) => {
      const { mcpCallCommand } = await import("./mcp_call.ts");
      setExit(await mcpCallCommand(name, tool, json, flags()));
    });
  mcp.command("login")
    .description("sign in to a remote server (OAuth in the browser)")
    .argument("<name>", "server name")
    .action(async (name: string) => {
      const { mcpLoginCommand } = await import("./mcp_login.ts");
      setExit(await mcpLoginCommand(name, flags()));
    });
  mcp.command("logout")
    .description("forget the stored sign-in of a remote server")
    .argument("<name>", "server name")
    .action(async (name: string) => {
      const { mcpLogoutCommand } = await import("./mcp_login.ts");
      setExit(await mcpLogoutCommand(name, flags()));
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new InvalidArgumentError(`expected a port number, got "${value}"`);
  }
  return n;
}
