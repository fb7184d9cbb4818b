/**
 * Plain-text rendering of a headless run: the model's answer on stdout, tool
 * activity, notices and errors on stderr, so `nanocoder run ... > answer.txt` keeps
 * only the answer.
 *
 * stdout holds only final text. On a terminal the answer streams as it comes; a stream
 * that drops and is asked again then leaves its fragment on screen, and a line on stderr
 * says it is void. Anywhere else (a file, a pipe) each message's text is written once it
 * is complete, so a re-requested stream never leaves a fragment in front of the answer.
 *
 * When stderr is a terminal: a progress line (what runs, for how long), colours unless
 * NO_COLOR is set, the model's reasoning dimmed, and which tools are disabled and why.
 */
import type { AgentEventBody } from "../protocol.ts";
import { assertNever } from "../errors.ts";
import { type ProgressClock, ProgressLine } from "./progress.ts";

const encoder = new TextEncoder();

const TASK_MARKS = { pending: "[ ]", in_progress: "[~]", completed: "[x]" } as const;

/** Writes all of `text` (writeSync may take only part of a large buffer). */
function writeAll(file: { writeSync(p: Uint8Array): number }, text: string): void {
  let bytes = encoder.encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(file.writeSync(bytes));
}

/** Options of the text renderer; the defaults come from the real stdout and stderr. */
export interface TextRendererOptions {
  out?: (s: string) => void;
  err?: (s: string) => void;
  /** stderr is a terminal (progress line, colours, disabled tools); default: it is one. */
  terminal?: boolean;
  /** Stream the answer as it comes; default: when stdout is a terminal. */
  liveOutput?: boolean;
  /** Show the model's reasoning (dimmed, on stderr); default: when stderr is a terminal. */
  showReasoning?: boolean;
  /** Colours on stderr; default: when stderr is a terminal and NO_COLOR is unset. */
  color?: boolean;
  /** The progress line's clock and width (tests), or false for none. */
  progress?: false | { clock?: ProgressClock; columns?: () => number };
}

/** Writes events as text as they arrive. */
export class TextRenderer {
  /** stdout's cursor is at the start of a line. */
  #atLineStart = true;
  #inReasoning = false;
  /** Text of the message being streamed, written once final (when not live). */
  #pending = "";
  #toldDisabled = false;
  /** Why the turn's stream was asked again, until the retry line says it. */
  #restart?: string;
  #out: (s: string) => void;
  #err: (s: string) => void;
  #live: boolean;
  #showReasoning: boolean;
  #paint: (style: keyof typeof STYLES, text: string) => string;
  #progress?: ProgressLine;

  constructor(options: TextRendererOptions = {}) {
    const out = options.out ?? ((s) => writeAll(Deno.stdout, s));
    const err = options.err ?? ((s) => writeAll(Deno.stderr, s));
    const terminal = options.terminal ?? Deno.stderr.isTerminal();
    this.#live = options.liveOutput ?? Deno.stdout.isTerminal();
    this.#showReasoning = options.showReasoning ?? terminal;
    const color = options.color ?? (terminal && !Deno.noColor);
    this.#paint = color ? (style, text) => `${STYLES[style]}${text}\x1b[0m` : (_, text) => text;
    if (terminal && options.progress !== false) {
      this.#progress = new ProgressLine({ write: err, color, ...options.progress });
    }
    // The progress line is erased before anything else is written to the terminal.
    this.#out = (s) => {
      this.#progress?.clear();
      out(s);
    };
    this.#err = (s) => {
      this.#progress?.clear();
      err(s);
    };
  }

  render(event: AgentEventBody): void {
    if (event.type !== "reasoning_delta") this.#endReasoning();
    if (
      this.#restart !== undefined && !(event.type === "retry" && event.reason === this.#restart)
    ) {
      // A restart no retry line followed: said on its own.
      this.#err(this.#paint("yellow", `[asking again: ${this.#restart}]${this.#voidNote()}\n`));
      this.#restart = undefined;
    }
    switch (event.type) {
      case "session_configured":
        for (const warning of event.warnings) this.#warn(warning);
        // Once: the model is told too, but a person wonders why a tool is never used.
        if (this.#progress && !this.#toldDisabled && event.disabledTools.length) {
          this.#toldDisabled = true;
          for (const { name, reason } of event.disabledTools) {
            this.#note(`${name} is not available: ${reason}`);
          }
        }
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
        this.#err(this.#paint("dim", event.text));
        break;
      case "text_delta":
        if (!this.#live) {
          this.#pending += event.text;
          break;
        }
        this.#out(event.text);
        this.#atLineStart = event.text.endsWith("\n");
        break;
      case "assistant_message":
        // The complete text of the message: what a non-live stdout gets.
        if (!this.#live && event.text) {
          this.#out(event.text);
          this.#atLineStart = event.text.endsWith("\n");
        }
        this.#pending = "";
        break;
      case "turn_restart":
        this.#endLine();
        this.#pending = "";
        // Said with the retry that follows (same reason), in one line.
        this.#restart = event.reason;
        break;
      case "retry": {
        const void_ = this.#restart !== undefined ? this.#voidNote() : "";
        this.#restart = undefined;
        this.#err(this.#paint(
          "yellow",
          `[retry ${event.attempt} in ${(event.delayMs / 1000).toFixed(1)}s: ${event.reason}]` +
            `${void_}\n`,
        ));
        break;
      }
      case "tool_call_started":
        this.#endLine();
        this.#err(
          `${this.#paint("cyan", "●")} ${this.#paint("bold", event.name)}(${
            formatArgs(event.arguments)
          })\n`,
        );
        break;
      case "tool_call_ended": {
        const line = event.summary ?? firstLine(event.result);
        this.#err(
          event.ok
            ? `  ${this.#paint("dim", `⎿ ${line}`)}\n`
            : `  ⎿ ${this.#paint("red", `failed: ${line}`)}\n`,
        );
        break;
      }
      case "mcp_status":
        if (event.state === "needs_login") {
          this.#endLine();
          this.#warn(`MCP server "${event.server}" skipped: ${event.error}`);
        } else if (event.state === "failed") {
          this.#endLine();
          this.#warn(`MCP server "${event.server}" failed: ${event.error ?? "unknown error"}`);
        }
        break;
      case "elicitation_request":
        this.#endLine();
        this.#warn(
          `MCP server "${event.server}" asked for input ("${event.message}"): declined, ` +
            `since run mode cannot show a form`,
        );
        break;
      case "notice":
        this.#endLine();
        if (event.level === "warning") this.#warn(event.message);
        else this.#note(event.message);
        break;
      case "error":
        this.#endLine();
        this.#err(`${this.#paint("red", "error:")} ${event.message}\n`);
        break;
      case "compacted":
        if (event.tokensAfter < event.tokensBefore) {
          this.#err(`[context compacted: ${event.tokensBefore} → ${event.tokensAfter} tokens]\n`);
        }
        break;
      case "done":
        this.#pending = ""; // a message that never completed (cancelled) is not an answer
        this.#endLine();
        if (event.stopReason === "max_tokens") {
          this.#warn(
            'the answer was cut off by the output limit (finish_reason "length"): raise ' +
              '"maxTokens" for this provider or model, or ask for less at once',
          );
        } else if (event.stopReason === "refusal") {
          this.#warn('the model refused to answer (finish_reason "content_filter")');
        }
        break;
      // Shown through the events above, or not shown in text at all.
      case "run_started":
      case "turn_start":
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
    const label = activityOf(event, this.#pending !== "");
    // Stdout counts only when it shares the terminal (streamed live).
    const atLineStart = !this.#inReasoning && (!this.#live || this.#atLineStart);
    this.#progress?.update(label, atLineStart);
  }

  #warn(message: string): void {
    this.#err(`${this.#paint("yellow", "warning:")} ${message}\n`);
  }

  #note(message: string): void {
    this.#err(`${this.#paint("dim", "note:")} ${message}\n`);
  }

  #endReasoning(): void {
    if (this.#inReasoning) {
      this.#err("\n");
      this.#inReasoning = false;
    }
  }

  /** On a terminal the fragment of a restarted stream stays on screen: say it is void. */
  #voidNote(): string {
    return this.#live ? " (the text above is void)" : "";
  }

  #endLine(): void {
    if (!this.#atLineStart) {
      this.#out("\n");
      this.#atLineStart = true;
    }
  }
}

const STYLES = {
  dim: "\x1b[2m",
  bold: "\x1b[1m",
  red: "\x1b[31m",
  yellow: "\x1b[33m",
  cyan: "\x1b[36m",
};

/**
 * What the progress line says after `event`: a string, undefined to hide it, or null to
 * keep what it said (the event changes nothing that runs).
 */
function activityOf(event: AgentEventBody, writing: boolean): string | undefined | null {
  switch (event.type) {
    case "run_started":
    case "turn_start":
    case "turn_restart":
    case "tool_call_ended":
    case "compacted":
      return "waiting for the model";
    case "reasoning_delta":
      return "thinking";
    case "text_delta":
      return writing ? "writing the answer" : null;
    case "retry":
      return `waiting to retry (attempt ${event.attempt})`;
    case "tool_call_started":
      return event.title || event.name;
    case "compaction_started":
      return "compacting the conversation";
    case "done":
      return undefined;
    default:
      return null;
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
