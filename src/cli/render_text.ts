/**
 * Plain-text rendering of a headless run: the model's answer on stdout, tool
 * activity, notices and errors on stderr, so `nanocoder run ... > answer.txt` keeps
 * only the answer.
 */
import type { AgentEventBody } from "../protocol.ts";
import { assertNever } from "../errors.ts";

const encoder = new TextEncoder();

const TASK_MARKS = { pending: "[ ]", in_progress: "[~]", completed: "[x]" } as const;

/** Writes all of `text` (writeSync may take only part of a large buffer). */
function writeAll(file: { writeSync(p: Uint8Array): number }, text: string): void {
  let bytes = encoder.encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(file.writeSync(bytes));
}

/** Options of the text renderer. */
export interface TextRendererOptions {
  out?: (s: string) => void;
  err?: (s: string) => void;
  /** Show the model's reasoning (dimmed, on stderr); default: when stderr is a terminal. */
  showReasoning?: boolean;
  /** Dim the reasoning; default: when stderr is a terminal and NO_COLOR is unset. */
  color?: boolean;
}

/** Writes events as text as they arrive. */
export class TextRenderer {
  #atLineStart = true;
  #inReasoning = false;
  #out: (s: string) => void;
  #err: (s: string) => void;
  #showReasoning: boolean;
  #dim: [string, string];

  constructor(options: TextRendererOptions = {}) {
    this.#out = options.out ?? ((s) => writeAll(Deno.stdout, s));
    this.#err = options.err ?? ((s) => writeAll(Deno.stderr, s));
    const terminal = Deno.stderr.isTerminal();
    this.#showReasoning = options.showReasoning ?? terminal;
    const color = options.color ?? (terminal && !Deno.noColor);
    this.#dim = color ? ["\x1b[2m", "\x1b[0m"] : ["", ""];
  }

  render(event: AgentEventBody): void {
    if (event.type !== "reasoning_delta") this.#endReasoning();
    switch (event.type) {
      case "session_configured":
        for (const warning of event.warnings) this.#err(`warning: ${warning}\n`);
        if (event.resumed) {
          const { title, prompts } = event.resumed;
          this.#err(`Resumed session: ${title} (${prompts} prompt${prompts === 1 ? "" : "s"})\n`);
        }
        break;
      case "tasks_updated":
        this.#endLine();
        for (const task of event.tasks) this.#err(`  ${TASK_MARKS[task.status]} ${task.title}\n`);
        break;
      case "reasoning_delta":
        // A reasoning model may think for minutes: show that something is happening.
        if (!this.#showReasoning) break;
        this.#inReasoning = true;
        this.#err(`${this.#dim[0]}${event.text}${this.#dim[1]}`);
        break;
      case "text_delta":
        this.#out(event.text);
        this.#atLineStart = event.text.endsWith("\n");
        break;
      case "turn_restart":
        this.#endLine();
        this.#err(`[connection dropped: ${event.reason}; asking again]\n`);
        break;
      case "retry":
        this.#err(
          `[retry ${event.attempt} in ${(event.delayMs / 1000).toFixed(1)}s: ${event.reason}]\n`,
        );
        break;
      case "tool_call_started":
        this.#endLine();
        this.#err(`● ${event.name}(${formatArgs(event.arguments)})\n`);
        break;
      case "tool_call_ended":
        this.#err(`  ⎿ ${event.ok ? "" : "failed: "}${event.summary ?? firstLine(event.result)}\n`);
        break;
      case "mcp_status":
        if (event.state === "needs_login") {
          this.#endLine();
          this.#err(`warning: MCP server "${event.server}" skipped: ${event.error}\n`);
        } else if (event.state === "failed") {
          this.#endLine();
          this.#err(
            `warning: MCP server "${event.server}" failed: ${event.error ?? "unknown error"}\n`,
          );
        }
        break;
      case "elicitation_request":
        this.#endLine();
        this.#err(
          `warning: MCP server "${event.server}" asked for input ("${event.message}"): declined, ` +
            `since run mode cannot show a form\n`,
        );
        break;
      case "notice":
        this.#endLine();
        this.#err(`${event.level === "warning" ? "warning" : "note"}: ${event.message}\n`);
        break;
      case "error":
        this.#endLine();
        this.#err(`error: ${event.message}\n`);
        break;
      case "compacted":
        if (event.tokensAfter < event.tokensBefore) {
          this.#err(`[context compacted: ${event.tokensBefore} → ${event.tokensAfter} tokens]\n`);
        }
        break;
      case "done":
        this.#endLine();
        break;
      // Shown through the events above, or not shown in text at all.
      case "run_started":
      case "turn_start":
      case "assistant_message":
      case "approval_request":
      case "approval_resolved":
      case "tool_output":
      case "usage":
      case "compaction_started":
      case "mode_changed":
      case "models":
      case "conversation_cleared":
      case "checkpoints":
      case "rewound":
      case "mcp_resources":
      case "mcp_login_url":
      case "elicitation_resolved":
        break;
      default:
        assertNever(event);
    }
  }

  #endReasoning(): void {
    if (this.#inReasoning) {
      this.#err("\n");
      this.#inReasoning = false;
    }
  }

  #endLine(): void {
    if (!this.#atLineStart) {
      this.#out("\n");
      this.#atLineStart = true;
    }
  }
}

function formatArgs(args: Record<string, unknown>): string {
  const parts = Object.entries(args).map(([key, value]) => {
    const text = typeof value === "string"
      ? JSON.stringify(clip(value, 60))
      : clip(JSON.stringify(value) ?? "", 60);
    return `${key}: ${text}`;
  });
  return clip(parts.join(", "), 160);
}

function firstLine(text: string): string {
  return clip(text.split("\n", 1)[0], 160);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
