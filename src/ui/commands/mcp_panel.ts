/**
 * What /mcp prints: each MCP server with its state (and why it failed, or that it needs
 * a sign-in), then its tools, its prompts as the commands that run them, and how many
 * resources `@server:` can mention.
 */
import { mcpPromptUsage } from "../../engine/mod.ts";
import type { McpServerView, Status } from "../state/types.ts";
import { style } from "../render/theme.ts";
import type { Panel } from "./panels.ts";

/** The command that runs `prompt` of `server`. */
export function mcpPromptCommand(server: string, prompt: string): string {
  return `mcp__${server}__${prompt}`;
}

/** /mcp's panel. */
export function mcpPanel(status: Status): Panel {
  if (status.mcp.size === 0) {
    return {
      title: "MCP servers",
      lines: ["No MCP servers configured (add them to .mcp.json or agents.config.json)."],
    };
  }
  const lines: string[] = [];
  for (const [name, server] of [...status.mcp].sort(([a], [b]) => a.localeCompare(b))) {
    if (lines.length) lines.push("");
    const waiting = server.state === "connecting" && status.totals.requests === 0;
    const note = waiting ? style.dim(" (starts with the first prompt)") : "";
    lines.push(`${style.bold(name)}  ${stateOf(server)}${note}${counts(server)}`);
    if (server.state === "needs_login") lines.push(row("sign in", `/mcp login ${name}`));
    else if (server.error) lines.push(row("error", style.dim(server.error)));
    if (server.tools.length) {
      // The model sees `mcp__name__echo`; here, under the server's name, `echo` says it.
      const tools = server.tools.map((t) => t.replace(`mcp__${name}__`, ""));
      lines.push(row("tools", tools.join(", ")));
    }
    for (const [i, prompt] of (server.prompts ?? []).entries()) {
      const usage = mcpPromptUsage(prompt);
      const command = `/${mcpPromptCommand(name, prompt.name)}${usage ? ` ${usage}` : ""}`;
      lines.push(row(i === 0 ? "prompts" : "", style.accent(command)));
    }
    if (server.resourceCount) {
      lines.push(
        row("resources", `${server.resourceCount}, mentioned as @${name}:… (Tab completes)`),
      );
    }
  }
  return { title: "MCP servers", lines };
}

/** `  label     value`: values in one column (wrapped lines too). */
function row(label: string, value: string): string {
  return `  ${style.dim(label.padEnd(10))} ${value}`;
}

function stateOf(server: McpServerView): string {
  switch (server.state) {
    case "connected":
      return style.ok("● connected");
    case "failed":
      return style.error("✗ failed");
    case "needs_login":
      return style.warning("⚠ needs sign-in");
    case "connecting":
      return style.warning("○ connecting");
    case "disabled":
      return style.dim("○ disabled");
  }
}

function counts(server: McpServerView): string {
  const parts = [
    plural(server.tools.length, "tool"),
    plural(server.prompts?.length ?? 0, "prompt"),
    plural(server.resourceCount ?? 0, "resource"),
  ].filter(Boolean);
  return parts.length ? style.dim(`  ${parts.join(" · ")}`) : "";
}

function plural(n: number, what: string): string {
  return n ? `${n} ${what}${n === 1 ? "" : "s"}` : "";
}
