/**
 * A tool call's life as ACP updates: `tool_call` when the engine describes it (status
 * `pending`, its kind from the tool's declared activity, absolute locations, the raw
 * arguments and, for a write, the diff it would make), then `tool_call_update`s:
 * `in_progress` when it starts, `completed` or `failed` at the end with a diff for every
 * file it changed and the output of a command (or the editor terminal it ran in), and
 * what it found (a search's first matches) as its locations.
 */
import type * as acp from "@agentclientprotocol/sdk";
import type { AgentEvent, FileChange, TaskItem, ToolCallPreview } from "../protocol.ts";

type Started = Extract<AgentEvent, { type: "tool_call_started" }>;
type Ended = Extract<AgentEvent, { type: "tool_call_ended" }>;
type Update = acp.SessionUpdate;

/** Characters of a tool's text result shown in the editor (the model may get more). */
export const MAX_SHOWN_RESULT = 16_000;

/** The `tool_call` that announces a call. */
export function announceCall(event: Started): Update {
  return {
    sessionUpdate: "tool_call",
    toolCallId: event.callId,
    title: event.title,
    kind: event.activity,
    status: "pending",
    locations: event.locations.map(location),
    rawInput: event.arguments,
    content: previewContent(event.preview),
  };
}

/** The call started running. */
export function callRunning(callId: string): Update {
  return { sessionUpdate: "tool_call_update", toolCallId: callId, status: "in_progress" };
}

/** The call runs in an editor terminal: the editor shows it live inside the call. */
export function callInTerminal(callId: string, terminalId: string): Update {
  return {
    sessionUpdate: "tool_call_update",
    toolCallId: callId,
    status: "in_progress",
    content: [{ type: "terminal", terminalId }],
  };
}

/** A running command's output so far (only its tail, to keep updates small). */
export function callOutput(callId: string, output: string): Update {
  return {
    sessionUpdate: "tool_call_update",
    toolCallId: callId,
    content: [textContent(fenced(tail(output, MAX_SHOWN_RESULT)))],
  };
}

/** The end of a call; `terminalId` when it ran in an editor terminal. */
export function endCall(event: Ended, terminalId?: string): Update {
  const diffs = (event.changes ?? []).map(diffContent);
  const shown: acp.ToolCallContent[] = terminalId
    ? [{ type: "terminal", terminalId }]
    : resultContent(event, diffs.length > 0);
  return {
    sessionUpdate: "tool_call_update",
    toolCallId: event.callId,
    status: event.outcome === "ok" ? "completed" : "failed",
    content: [...diffs, ...shown],
    // What it found replaces where it looked: the places an editor follows now.
    ...(event.locations?.length ? { locations: event.locations.map(location) } : {}),
    rawOutput: {
      outcome: event.outcome,
      result: event.result,
      ...(event.exitCode !== undefined ? { exitCode: event.exitCode } : {}),
    },
  };
}

/** A call the prompt ended without finishing (`reason`: how the prompt ended). */
export function unfinishedCall(callId: string, reason: string): Update {
  const text = reason === "cancelled"
    ? "Cancelled before it finished."
    : "Not finished: the prompt ended first.";
  return {
    sessionUpdate: "tool_call_update",
    toolCallId: callId,
    status: "failed",
    content: [textContent(text)],
  };
}

/** The model's task list (its `write_tasks` tool) as the editor's plan. */
export function planUpdate(tasks: readonly TaskItem[]): Update {
  return {
    sessionUpdate: "plan",
    entries: tasks.map((task) => ({
      content: task.description ? `${task.title}: ${task.description}` : task.title,
      // The model's list has no priorities: every entry is as important as its place.
      priority: "medium",
      status: task.status,
    })),
  };
}

/** The call as a permission request shows it: title, locations, the diff or warning. */
export function permissionToolCall(
  event: Extract<AgentEvent, { type: "approval_request" }>,
  started?: Started,
): acp.ToolCallUpdate {
  return {
    toolCallId: event.callId,
    title: event.title,
    ...(started ? { kind: started.activity, locations: started.locations.map(location) } : {}),
    status: "pending",
    content: previewContent({
      changes: event.changes ?? started?.preview?.changes,
      diff: event.diff ?? started?.preview?.diff,
      warning: event.warning ?? started?.preview?.warning,
    }),
    rawInput: event.arguments,
  };
}

/** A write's diffs (as a unified diff when the tool gave no whole texts) and a warning. */
function previewContent(preview: ToolCallPreview | undefined): acp.ToolCallContent[] {
  if (!preview) return [];
  const changes = preview.changes ?? [];
  return [
    ...changes.map(diffContent),
    ...(changes.length === 0 && preview.diff ? [textContent(fenced(preview.diff, "diff"))] : []),
    ...(preview.warning ? [textContent(`⚠ ${preview.warning}`)] : []),
  ];
}

/** What the editor shows of a result: a command's output fenced, others as text. */
function resultContent(event: Ended, hasDiffs: boolean): acp.ToolCallContent[] {
  // A successful write is its diff; the model's "Wrote 3 lines" adds nothing.
  if (hasDiffs && event.outcome === "ok") return [];
  // Only the end is trimmed: a numbered file's first line starts with spaces.
  const text = event.result.trimEnd();
  if (text.trim() === "") return [];
  const clipped = tail(text, MAX_SHOWN_RESULT);
  return [textContent(event.exitCode !== undefined ? fenced(clipped) : clipped)];
}

function diffContent(change: FileChange): acp.ToolCallContent {
  return { type: "diff", path: change.path, oldText: change.oldText, newText: change.newText };
}

function textContent(text: string): acp.ToolCallContent {
  return { type: "content", content: { type: "text", text } };
}

export function location(l: { path: string; line?: number }): acp.ToolCallLocation {
  return l.line !== undefined ? { path: l.path, line: l.line } : { path: l.path };
}

/** Markdown code block that no backtick run inside the text can close. */
export function fenced(text: string, language = ""): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${text.replace(/\n$/, "")}\n${fence}`;
}

/** The last `max` characters, with a note when something was cut. */
function tail(text: string, max: number): string {
  if (text.length <= max) return text;
  return `[… ${text.length - max} earlier characters not shown …]\n${text.slice(-max)}`;
}
