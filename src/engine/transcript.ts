/**
 * The conversation in protocol terms: recorded from the session's own events (what a
 * frontend would record too), and turned back into model messages to continue a session
 * from a saved transcript.
 */
import type { ChatMessage, ToolCall } from "../ai/types.ts";
import { formatToolResultForText } from "../ai/toolcalls/mod.ts";
import { EMPTY_ANSWER } from "../agent/text_calls.ts";
import { defaultActivity } from "../agent/call_info.ts";
import type { AgentEventBody, TaskItem, ToolCallingMode, TranscriptItem } from "../protocol.ts";
import { promptContent } from "./prompt_input.ts";

type ToolCallItem = Extract<TranscriptItem, { type: "tool_call" }>;

/**
 * Tool output a transcript keeps whole, newest first: more than any model's window holds
 * (about 500k tokens), so a resumed session loses nothing its model could still see.
 * Older calls keep the head and tail of their result and long arguments (a written
 * file's content) and drop their file changes: without this a long session's memory
 * grows by every command's output (the soak, bench/soak_report.ts, measures it).
 */
export const TRANSCRIPT_OUTPUT_BUDGET = 2 * 1024 * 1024;

/** Characters of head and of tail an older call's long texts keep. */
const SHRUNK_KEEP = 200;

/** Builds the transcript from events as they are emitted. */
export class TranscriptRecorder {
  readonly items: TranscriptItem[];
  /** The model's task list as it last wrote it. */
  tasks: TaskItem[] = [];
  #started = new Map<
    string,
    Pick<ToolCallItem, "name" | "kind" | "activity" | "title" | "locations" | "arguments">
  >();
  /** Tool calls whose output is kept whole, oldest first, and its size in characters. */
  #whole: ToolCallItem[] = [];
  #wholeChars = 0;

  constructor(seed: readonly TranscriptItem[] = []) {
    this.items = [...seed];
  }

  /** Prompts in the conversation. */
  get prompts(): number {
    return this.items.filter((item) => item.type === "user").length;
  }

  record(event: AgentEventBody): void {
    switch (event.type) {
      case "run_started":
        this.items.push({ type: "user", content: event.prompt });
        return;
      case "assistant_message":
        this.items.push({
          type: "assistant",
          text: event.text,
          ...(event.reasoning ? { reasoning: event.reasoning } : {}),
        });
        return;
      case "tool_call_started":
        // A command the user ran is not a call the model made: its output reaches the
        // model inside the next prompt, which is recorded as the user's.
        if (event.origin === "user") return;
        this.#started.set(event.callId, {
          name: event.name,
          kind: event.kind,
          // A session saved before events carried it: the kind's default.
          activity: event.activity ?? defaultActivity(event.kind),
          title: event.title,
          ...(event.locations.length ? { locations: event.locations } : {}),
          arguments: event.arguments,
        });
        return;
      case "tool_call_ended": {
        const started = this.#started.get(event.callId);
        this.#started.delete(event.callId);
        if (!started) return;
        const item: ToolCallItem = {
          type: "tool_call",
          callId: event.callId,
          ...started,
          ...(event.locations?.length ? { locations: event.locations } : {}),
          outcome: event.outcome,
          result: event.result,
          ...(event.changes ? { changes: event.changes } : {}),
          ...(event.exitCode !== undefined ? { exitCode: event.exitCode } : {}),
        };
        this.items.push(item);
        this.#keepWhole(item);
        return;
      }
      case "tasks_updated":
        this.tasks = event.tasks;
        return;
      case "rewound":
        if (event.conversation) this.#cutBefore(event.conversation.toPrompt);
        return;
      case "conversation_cleared":
        this.items.length = 0;
        this.tasks = [];
        this.#started.clear();
        return;
      case "compacted":
        if (event.tokensAfter < event.tokensBefore) {
          const { tokensBefore, tokensAfter, summary } = event;
          this.items.push({
            type: "compaction",
            tokensBefore,
            tokensAfter,
            ...(summary ? { summary } : {}),
          });
        }
        return;
      default:
        return;
    }
  }

  /** Keeps `item` whole; shrinks the oldest whole ones beyond the budget. */
  #keepWhole(item: ToolCallItem): void {
    this.#whole.push(item);
    this.#wholeChars += outputChars(item);
    while (this.#wholeChars > TRANSCRIPT_OUTPUT_BUDGET && this.#whole.length > 1) {
      const old = this.#whole.shift()!;
      this.#wholeChars -= outputChars(old);
      old.result = shrunk(old.result);
      old.arguments = Object.fromEntries(
        Object.entries(old.arguments).map(([key, value]) => [key, shrunk(value)]),
      );
      delete old.changes;
    }
  }

  /** The conversation as it was before its `prompt`-th prompt (1-based). */
  #cutBefore(prompt: number): void {
    let seen = 0;
    const at = this.items.findIndex((item) => item.type === "user" && ++seen === prompt);
    if (at !== -1) this.items.length = at;
    // Calls cut off no longer count against the budget.
    const kept = new Set(this.items);
    this.#whole = this.#whole.filter((item) => kept.has(item));
    this.#wholeChars = this.#whole.reduce((sum, item) => sum + outputChars(item), 0);
  }
}

/** The transcript (and task list) that a saved session's events make. */
export function replayTranscript(
  events: Iterable<AgentEventBody>,
): { items: TranscriptItem[]; tasks: TaskItem[] } {
  const recorder = new TranscriptRecorder();
  for (const event of events) recorder.record(event);
  return { items: recorder.items, tasks: recorder.tasks };
}

function outputChars(item: ToolCallItem): number {
  let chars = item.result.length;
  for (const value of Object.values(item.arguments)) {
    if (typeof value === "string") chars += value.length;
  }
  for (const change of item.changes ?? []) {
    chars += (change.oldText?.length ?? 0) + change.newText.length;
  }
  return chars;
}

/** A long text's head and tail around a marker; anything else as it is. */
function shrunk<T>(value: T): T | string {
  if (typeof value !== "string" || value.length <= 2 * SHRUNK_KEEP + 100) return value;
  const dropped = value.length - 2 * SHRUNK_KEEP;
  // A fresh copy: V8 keeps the whole original alive behind a slice.
  return JSON.parse(JSON.stringify(
    `${value.slice(0, SHRUNK_KEEP)}\n[... ${dropped} characters of this older call are ` +
      `no longer kept ...]\n${value.slice(-SHRUNK_KEEP)}`,
  ));
}

/**
 * Model messages for a transcript. Native form (`tool_calls` and `tool` messages) when
 * the session offers native tools (`native`, `auto`); else each call written in Nanocoder's XML and its
 * result sent back as a user message, as text mode does. Compaction entries are only
 * markers: the whole conversation is restored and the context manager compacts it again
 * if it does not fit.
 */
export function transcriptToMessages(
  items: readonly TranscriptItem[],
  cwd: string,
  toolCalling: ToolCallingMode,
): ChatMessage[] {
  const nativeTools = toolCalling === "native" || toolCalling === "auto";
  const messages: ChatMessage[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.type === "user") {
      messages.push({ role: "user", content: promptContent(item.content, cwd) });
      continue;
    }
    if (item.type !== "assistant") continue;
    const calls: ToolCallItem[] = [];
    while (items[i + 1]?.type === "tool_call") calls.push(items[++i] as ToolCallItem);
    if (calls.length === 0) {
      messages.push({ role: "assistant", content: item.text || EMPTY_ANSWER });
    } else if (nativeTools) {
      messages.push({ role: "assistant", content: item.text || null, tool_calls: calls.map(wire) });
      for (const c of calls) {
        messages.push({ role: "tool", tool_call_id: c.callId, content: c.result });
      }
    } else {
      const written = calls.map(asXml).join("\n");
      messages.push({
        role: "assistant",
        content: [item.text, written].filter(Boolean).join("\n\n"),
      });
      messages.push({
        role: "user",
        content: calls.map((c) => formatToolResultForText(c.name, c.result, c.outcome === "ok"))
          .join("\n\n"),
      });
    }
  }
  return messages;
}

function wire(call: ToolCallItem): ToolCall {
  return {
    id: call.callId,
    type: "function",
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  };
}

function asXml(call: ToolCallItem): string {
  const params = Object.entries(call.arguments).map(([key, value]) =>
    `<${key}>${typeof value === "string" ? value : JSON.stringify(value)}</${key}>`
  );
  return [`<${call.name}>`, ...params, `</${call.name}>`].join("\n");
}
