/**
 * The conversation in protocol terms: recorded from the session's own events (what a
 * frontend would record too), and turned back into model messages to continue a session
 * from a saved transcript.
 */
import type { ChatMessage, ToolCall } from "../ai/types.ts";
import { formatToolResultForText } from "../ai/toolcalls/mod.ts";
import { EMPTY_ANSWER } from "../agent/text_calls.ts";
import type { AgentEventBody, TaskItem, ToolCallingMode, TranscriptItem } from "../protocol.ts";
import { promptContent } from "./prompt_input.ts";

type ToolCallItem = Extract<TranscriptItem, { type: "tool_call" }>;

/** Builds the transcript from events as they are emitted. */
export class TranscriptRecorder {
  readonly items: TranscriptItem[];
  /** The model's task list as it last wrote it. */
  tasks: TaskItem[] = [];
  #started = new Map<string, Pick<ToolCallItem, "name" | "kind" | "title" | "arguments">>();

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
          title: event.title,
          arguments: event.arguments,
        });
        return;
      case "tool_call_ended": {
        const started = this.#started.get(event.callId);
        this.#started.delete(event.callId);
        if (!started) return;
        this.items.push({
          type: "tool_call",
          callId: event.callId,
          ...started,
          outcome: event.outcome,
          result: event.result,
          ...(event.changes ? { changes: event.changes } : {}),
          ...(event.exitCode !== undefined ? { exitCode: event.exitCode } : {}),
        });
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

  /** The conversation as it was before its `prompt`-th prompt (1-based). */
  #cutBefore(prompt: number): void {
    let seen = 0;
    const at = this.items.findIndex((item) => item.type === "user" && ++seen === prompt);
    if (at !== -1) this.items.length = at;
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
