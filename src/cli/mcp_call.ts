/**
 * `nanocoder mcp call NAME TOOL [JSON]`: starts one server, calls one of its tools with the
 * JSON arguments and prints the whole result as text, formatted as the model reads it. How
 * people debug a server. Arguments are checked against the tool's schema first, and what
 * does not fit is explained for a person (mcp_arguments.ts). Exit 0 when the tool
 * succeeded, 1 (one `error:` line) when it failed or the server could not be reached.
 */
import type { GlobalFlags } from "./flags.ts";
import { EXIT } from "./exit_codes.ts";
import {
  loadMcpProject,
  McpCommandError,
  mcpManager,
  runMcpCommand,
  serverConfig,
} from "./mcp_common.ts";
import { argumentProblems } from "./mcp_arguments.ts";
import type { McpServerStatus } from "../mcp/status.ts";

/** Calls `tool` of server `name` with `json` arguments (default `{}`). */
export function mcpCallCommand(
  name: string,
  tool: string,
  json: string | undefined,
  flags: GlobalFlags,
): Promise<number> {
  return runMcpCommand(async () => {
    let args: unknown = {};
    try {
      if (json !== undefined) args = JSON.parse(json);
    } catch (error) {
      throw new McpCommandError(`The arguments are not valid JSON: ${(error as Error).message}`);
    }
    if (typeof args !== "object" || args === null || Array.isArray(args)) {
      throw new McpCommandError(`The arguments must be a JSON object, e.g. '{"path": "a.txt"}'`);
    }
    const project = await loadMcpProject(flags);
    const config = await serverConfig(project, name);
    const mcp = await mcpManager(
      { [name]: { ...config, enabled: true } },
      project,
    );
    const abort = new AbortController();
    const onSignal = () => abort.abort(new Error("Interrupted"));
    Deno.addSignalListener("SIGINT", onSignal);
    try {
      mcp.manager.start();
      const [status] = await mcp.manager.ready();
      if (status.state !== "connected") throw new McpCommandError(notConnected(name, status));
      const checked = mcp.tool(name, tool);
      const problems = checked &&
        argumentProblems(
          checked,
          args as Record<string, unknown>,
          `tool "${tool}" of MCP server "${name}"`,
        );
      if (problems) throw new McpCommandError(problems);
      const result = await mcp.callTool(name, tool, args as Record<string, unknown>, {
        cwd: project.cwd,
        signal: abort.signal,
        onProgress: (chunk) => Deno.stderr.writeSync(new TextEncoder().encode(chunk)),
      });
      if (flags.json || flags.outputFormat === "json") {
        console.log(JSON.stringify({ ok: result.ok, output: result.output }));
      } else if (result.ok) console.log(result.output);
      // The tool's own failure: one `error:` line like every other, its text as it came.
      else console.error(`error: ${result.output.replace(/^Error: /, "")}`);
      return result.ok ? EXIT.ok : EXIT.error;
    } finally {
      Deno.removeSignalListener("SIGINT", onSignal);
      await mcp.manager.close();
    }
  });
}

/** Why server `name` cannot take the call, and what to do about it. */
function notConnected(name: string, status: McpServerStatus): string {
  switch (status.state) {
    case "needs_login":
      return `MCP server "${name}" needs a sign-in: run nanocoder mcp login ${name}`;
    case "connecting":
      return `MCP server "${name}" did not connect in time`;
    case "disabled":
      return `MCP server "${name}" is off: ${status.lastError ?? "disabled in config"}`;
    default:
      return `MCP server "${name}" is not available: ${status.lastError ?? status.state}`;
  }
}
