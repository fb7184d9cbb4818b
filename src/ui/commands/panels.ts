/** What /help, /status, /usage and /tools print: a title and styled lines (/mcp: mcp_panel.ts). */
import type { Status } from "../state/types.ts";
import { style } from "../render/theme.ts";
import { BUILTIN_COMMANDS } from "./builtin.ts";
import type { CustomCommand } from "../../engine/mod.ts";
import type { CommandInfo } from "../input/completion.ts";
import { VERSION } from "../../version.ts";
import { formatTokens } from "../render/format.ts";

/** A panel's content. */
export interface Panel {
  title: string;
  lines: string[];
}

const KEYS: [string, string][] = [
  ["Enter", "send (a line ending in \\ continues on the next)"],
  ["Shift+Enter, Alt+Enter, Ctrl+J", "new line"],
  ["↑ ↓", "earlier prompts of this project"],
  ["@path, @server:uri", "attach a file or an MCP server's resource (Tab completes)"],
  ["!command", "run a shell command; the model sees its output with your next prompt"],
  ["Shift+Tab", "cycle modes: normal → auto-accept → plan"],
  ["Esc", "stop the answer or the command; twice clears the input"],
  ["Ctrl+O / Ctrl+R", "show tool details / reasoning in full"],
  ["Ctrl+C twice", "exit"],
];

/** /help: commands (built-in, custom, MCP servers' prompts) and keys. */
export function helpPanel(
  custom: readonly CustomCommand[],
  mcpPrompts: readonly CommandInfo[] = [],
): Panel {
  const width = Math.max(...BUILTIN_COMMANDS.map((c) => commandLabel(c.name, c.usage).length));
  const lines = [style.bold("Commands")];
  for (const c of BUILTIN_COMMANDS) {
    lines.push(`  ${style.accent(commandLabel(c.name, c.usage).padEnd(width))}  ${c.description}`);
  }
  if (custom.length) {
    lines.push("", style.bold("Custom commands"));
    for (const c of custom) {
      const description = c.description ? `  ${c.description}` : "";
      lines.push(`  ${style.accent(c.usage)}${description}`);
    }
  }
  if (mcpPrompts.length) {
    lines.push("", style.bold("MCP prompts"));
    for (const c of mcpPrompts) lines.push(`  ${style.accent(`/${c.name}`)}  ${c.description}`);
  }
  lines.push("", style.bold("Keys"));
  const keyWidth = Math.max(...KEYS.map(([k]) => k.length));
  for (const [key, what] of KEYS) lines.push(`  ${style.accent(key.padEnd(keyWidth))}  ${what}`);
  return { title: `nanocoder ${VERSION}`, lines };
}

function commandLabel(name: string, usage?: string): string {
  return usage ? `/${name} ${usage}` : `/${name}`;
}

/** /status: where, with what, how full. */
export function statusPanel(status: Status, extra: { agentsMd: boolean }): Panel {
  const connected = [...status.mcp.values()].filter((s) => s.state === "connected").length;
  const rows: [string, string][] = [
    ["Directory", `${status.cwd}${status.trusted ? "" : style.warning(" (not trusted)")}`],
    ["Provider", status.provider],
    ["Model", status.model],
    ["Mode", status.mode],
    ["Tool calls", status.toolCalling ?? "auto"],
    ["Context", contextLine(status)],
    ["Tools", `${status.tools.length} enabled, ${status.disabledTools.length} disabled`],
    ["MCP", status.mcp.size ? `${connected} of ${status.mcp.size} servers connected` : "none"],
    ["AGENTS.md", extra.agentsMd ? "found" : "none (/init writes one)"],
  ];
  return { title: "Status", lines: table(rows) };
}

/** /usage: tokens of the session and of the context. */
export function usagePanel(status: Status): Panel {
  const { totals, usage } = status;
  const rows: [string, string][] = [
    ["Context", contextLine(status)],
    ["Requests", String(totals.requests)],
    ["Prompt tokens", formatTokens(totals.prompt)],
    ["Completion tokens", formatTokens(totals.completion)],
  ];
  if (usage) {
    rows.push(["Figures from", usage.source === "server" ? "the server" : "an estimate"]);
  }
  const lines = table(rows);
  if (usage && usage.contextMax) lines.push("", bar(usage.contextPercent, 40));
  return { title: "Usage", lines };
}

/** /tools: enabled tools by source, then disabled ones with the reason. */
export function toolsPanel(status: Status): Panel {
  const lines: string[] = [];
  const builtins = status.tools.filter((t) => t.source === "builtin");
  const mcp = status.tools.filter((t) => t.source === "mcp");
  lines.push(style.bold(`Built-in (${builtins.length})`));
  for (const t of builtins) lines.push(`  ${t.name} ${style.dim(`(${t.kind})`)}`);
  if (mcp.length) {
    lines.push(style.bold(`MCP (${mcp.length})`));
    for (const t of mcp) lines.push(`  ${t.name} ${style.dim(`(${t.kind})`)}`);
  }
  if (status.disabledTools.length) {
    lines.push(style.bold(`Disabled (${status.disabledTools.length})`));
    // `name  reason` rows: a long reason wraps under itself, not under the name.
    const width = Math.max(...status.disabledTools.map((t) => t.name.length));
    for (const t of status.disabledTools) {
      lines.push(`  ${t.name.padEnd(width)}  ${style.dim(t.reason)}`);
    }
  }
  return { title: "Tools", lines };
}

function contextLine(status: Status): string {
  const usage = status.usage;
  if (!status.contextMax) return "unknown window";
  if (!usage) return `0 of ${formatTokens(status.contextMax)} tokens`;
  return `${formatTokens(usage.contextUsed)} of ${formatTokens(usage.contextMax)} tokens (${
    usage.contextPercent.toFixed(1)
  }%)`;
}

function table(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${style.dim(k.padEnd(width))}  ${v}`);
}

function bar(percent: number, width: number): string {
  const filled = Math.round((Math.min(100, Math.max(0, percent)) / 100) * width);
  const paint = percent >= 95 ? style.error : percent >= 80 ? style.warning : style.ok;
  return `${paint("█".repeat(filled))}${style.dim("░".repeat(width - filled))} ${
    percent.toFixed(1)
  }%`;
}
