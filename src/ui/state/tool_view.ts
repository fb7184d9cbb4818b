/**
 * A tool call as the UI keeps it: what `tool_call_started` said, the output streamed
 * while it ran (only its tail is kept), and how it ended. Built from events only —
 * never from tool names — so a new tool or an MCP tool shows without UI changes.
 */
import type { AgentEvent, AgentEventBody } from "../../protocol.ts";

type Started = Extract<AgentEventBody, { type: "tool_call_started" }>;
type Ended = Extract<AgentEventBody, { type: "tool_call_ended" }>;

/** Characters of streamed output kept per call (the display shows a tail of it). */
const OUTPUT_KEEP = 64 * 1024;

/** One tool call on screen. */
export interface ToolView {
  callId: string;
  title: string;
  activity: Started["activity"];
  kind: Started["kind"];
  origin?: "user";
  preview?: Started["preview"];
  /** The tail of the output streamed so far. */
  output: string;
  startedAt: number;
  ended?: Pick<Ended, "outcome" | "result" | "summary" | "diff" | "changes" | "exitCode">;
  endedAt?: number;
  /** The reason the person gave when denying it. */
  denyReason?: string;
  /** Waiting for the person's answer (not running yet). */
  awaitingApproval?: boolean;
}

/** A view for a call that just started. */
export function startTool(event: Started, now: number): ToolView {
  return {
    callId: event.callId,
    title: event.title || event.name,
    activity: event.activity,
    kind: event.kind,
    ...(event.origin ? { origin: event.origin } : {}),
    ...(event.preview ? { preview: event.preview } : {}),
    output: "",
    startedAt: now,
  };
}

/** Adds streamed output, keeping the tail. */
export function addOutput(view: ToolView, chunk: string): void {
  const all = view.output + chunk;
  view.output = all.length > OUTPUT_KEEP ? all.slice(all.length - OUTPUT_KEEP) : all;
}

/** Records how the call ended. */
export function endTool(view: ToolView, event: Ended | AgentEvent & Ended, now: number): void {
  view.ended = {
    outcome: event.outcome,
    result: event.result,
    ...(event.summary ? { summary: event.summary } : {}),
    ...(event.diff ? { diff: event.diff } : {}),
    ...(event.changes ? { changes: event.changes } : {}),
    ...(event.exitCode !== undefined ? { exitCode: event.exitCode } : {}),
  };
  view.endedAt = now;
}
