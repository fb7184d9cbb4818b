/**
 * `nanocoder mcp add NAME --command CMD [-- ARGS...]` or `--url URL`, and `mcp remove NAME`:
 * edit the MCP servers of the user's `agents.config.json` (`--scope user`, the default) or
 * the project's (`--scope project`), like `claude mcp add/remove`, keeping the rest of the
 * file. A project's servers start only once the directory is trusted.
 */
import { join, resolve } from "node:path";
import type { GlobalFlags } from "./flags.ts";
import { EXIT } from "./exit_codes.ts";
import { McpCommandError, runMcpCommand } from "./mcp_common.ts";
import { CONFIG_FILE_NAME, MCP_FILE_NAME, processEnv, userConfigDir } from "../config/mod.ts";
import {
  addServerToFile,
  fileHasServer,
  removeServerFromFile,
  type ServerEntry,
} from "../mcp/config_file.ts";

/** Where a server is written. */
export type McpScope = "user" | "project";

/** Options of `mcp add`. */
export interface McpAddOptions {
  command?: string;
  url?: string;
  transport?: "http" | "sse";
  env?: string[];
  header?: string[];
  scope?: McpScope;
  clientId?: string;
  clientSecret?: string;
  callbackPort?: number;
}

/** Adds server `name`; `args` are the command's arguments (after `--`). */
export function mcpAddCommand(
  name: string,
  args: string[],
  options: McpAddOptions,
  flags: GlobalFlags,
): Promise<number> {
  return runMcpCommand(async () => {
    const server = serverEntry(name, args, options);
    const path = configPath(options.scope ?? "user", flags);
    await addServerToFile(path, name, server);
    console.log(`Added MCP server "${name}" to ${path}`);
    if (options.scope === "project") {
      console.log("Project servers start only in a trusted directory (--trust-directory).");
    }
    if (server.url && !server.headers) {
      console.log(`If it asks for a sign-in: nanocoder mcp login ${name}`);
    }
    return EXIT.ok;
  });
}

/** Removes server `name` from the scope given, or from the one file that has it. */
export function mcpRemoveCommand(
  name: string,
  options: { scope?: McpScope },
  flags: GlobalFlags,
): Promise<number> {
  return runMcpCommand(async () => {
    const scopes: McpScope[] = options.scope ? [options.scope] : ["user", "project"];
    const files = scopes.flatMap((scope) => {
      const config = configPath(scope, flags);
      return [config, join(config, "..", MCP_FILE_NAME)];
    });
    const having: string[] = [];
    for (const file of files) if (await fileHasServer(file, name)) having.push(file);
    if (having.length === 0) {
      throw new McpCommandError(`No MCP server "${name}" in ${files.join(", ")}`);
    }
    if (having.length > 1) {
      throw new McpCommandError(
        `MCP server "${name}" is in ${
          having.join(" and ")
        }: say which with --scope user or --scope project`,
      );
    }
    await removeServerFromFile(having[0], name);
    console.log(`Removed MCP server "${name}" from ${having[0]}`);
    return EXIT.ok;
  });
}

/** The config entry `mcp add` writes. */
export function serverEntry(name: string, args: string[], options: McpAddOptions): ServerEntry {
  if (!/^[\w.-]+$/.test(name)) {
    throw new McpCommandError(
      `Invalid server name "${name}": use letters, digits, "_", "-" and "."`,
    );
  }
  if (!options.command === !options.url) {
    throw new McpCommandError("Give either --command (a local server) or --url (a remote one)");
  }
  if (options.command) {
    if (options.header?.length || options.transport || options.clientId) {
      throw new McpCommandError("--header, --transport and --client-id apply to --url servers");
    }
    return {
      command: options.command,
      ...(args.length ? { args } : {}),
      ...(options.env?.length ? { env: pairs(options.env, "=", "--env") } : {}),
    };
  }
  if (args.length || options.env?.length) {
    throw new McpCommandError("Arguments and --env apply to --command servers");
  }
  if (!URL.canParse(options.url!) || !/^https?:$/.test(new URL(options.url!).protocol)) {
    throw new McpCommandError(`Invalid --url "${options.url}": expected an http(s) URL`);
  }
  const oauth = {
    ...(options.clientId ? { clientId: options.clientId } : {}),
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    ...(options.callbackPort ? { callbackPort: options.callbackPort } : {}),
  };
  return {
    type: options.transport ?? "http",
    url: options.url,
    ...(options.header?.length ? { headers: pairs(options.header, ":", "--header") } : {}),
    ...(Object.keys(oauth).length ? { oauth } : {}),
  };
}

/** `["A=1", "B=2"]` → `{A: "1", B: "2"}`. */
function pairs(items: string[], separator: string, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf(separator);
    if (at <= 0) {
      throw new McpCommandError(`Invalid ${flag} "${item}": expected NAME${separator}VALUE`);
    }
    out[item.slice(0, at).trim()] = item.slice(at + 1).trim();
  }
  return out;
}

function configPath(scope: McpScope, flags: GlobalFlags): string {
  if (scope === "project") {
    const env = processEnv();
    return join(resolve(flags.cwd ?? env.INIT_CWD ?? Deno.cwd()), CONFIG_FILE_NAME);
  }
  const dir = userConfigDir(processEnv());
  if (!dir) throw new McpCommandError("Cannot find the user config directory: set HOME");
  return join(dir, CONFIG_FILE_NAME);
}
