/**
 * Engine events into UI state: what is printed for good (answer blocks as they finish,
 * tool calls when they end, notices), what stays live (the growing block, running
 * calls, reasoning), and the status line's facts. Every event type is handled here.
 */
import type { AgentEvent } from "../../protocol.ts";
import { assertNever } from "../../errors.ts";
import type { UiStore } from "./store.ts";
import { addOutput, endTool, startTool } from "./tool_view.ts";
import type { Block } from "./stream_blocks.ts";
import { rewoundPanel } from "../render/rewind_lines.ts";

/** Applies one event to the store. */
export function applyEvent(store: UiStore, event: AgentEvent): void {
  const { state } = store;
  const live = state.live;
  const status = state.status;
  switch (event.type) {
    case "session_configured": {
      const changed = status.model !== "" &&
        (status.model !== event.model || status.provider !== event.provider);
      Object.assign(status, {
        cwd: event.cwd,
        provider: event.provider,
        model: event.model,
        mode: event.mode,
        contextMax: event.contextMax,
        toolCalling: event.toolCalling,
        tools: event.tools,
        disabledTools: event.disabledTools,
      });
      for (const server of event.mcpServers) {
        const known = status.mcp.get(server.name);
        status.mcp.set(server.name, { tools: [], ...known, state: server.state });
      }
      for (const warning of event.warnings) store.notice("warning", warning);
      if (event.resumed) {
        const { title, prompts } = event.resumed;
        store.notice(
          "info",
          `Resumed session: ${title} (${prompts} prompt${prompts === 1 ? "" : "s"})`,
        );
      }
      if (changed) store.notice("info", `Model: ${event.model} (${event.provider})`);
      break;
    }
    case "run_started":
      break;
    case "turn_start":
      live.activity = "Thinking";
      live.sawReasoning = false;
      break;
    case "reasoning_delta":
      live.sawReasoning = true;
      live.reasoningStartedAt ??= store.now();
      live.reasoning += event.text;
      live.activity = "Thinking";
      break;
    case "text_delta":
      foldReasoning(store);
      printBlocks(store, store.splitter.push(event.text));
      live.tail = store.splitter.tail;
      live.activity = "Writing";
      break;
    case "turn_restart":
      store.splitter.end();
      live.tail = "";
      live.reasoning = "";
      live.reasoningStartedAt = undefined;
      store.notice("warning", `The connection dropped (${event.reason}); asking again`);
      break;
    case "retry":
      live.activity = `Retrying in ${(event.delayMs / 1000).toFixed(1)}s (${event.reason})`;
      break;
    case "assistant_message":
      if (event.reasoning && !live.sawReasoning) {
        // A server that sends reasoning only whole (no deltas).
        live.reasoning = event.reasoning;
        live.reasoningStartedAt = store.now();
      }
      foldReasoning(store);
      finishAnswer(store);
      if (event.stopReason === "max_tokens") {
        store.notice("warning", "The answer was cut off: the model hit its output limit");
      } else if (event.stopReason === "refusal") {
        store.notice("warning", "The model refused to answer");
      }
      // The message is whole: shown now, not with the next frame (once per message).
      store.changed(true);
      break;
    case "tool_call_started": {
      finishAnswer(store);
      live.tools.push(startTool(event, store.now()));
      live.activity = event.origin === "user" ? `Running ${event.title}` : event.title;
      break;
    }
    case "approval_request": {
      state.approval = { request: event, selected: 0, scroll: 0 };
      const view = live.tools.find((t) => t.callId === event.callId);
      if (view) view.awaitingApproval = true;
      live.activity = "Waiting for your answer";
      store.changed(true);
      break;
    }
    case "approval_resolved": {
      const view = live.tools.find((t) => t.callId === event.callId);
      if (view) view.awaitingApproval = false;
      if (state.approval?.request.callId === event.callId) state.approval = undefined;
      if (event.decision === "allow_always" && event.scope) {
        store.notice("info", `Allowed for this session: ${event.scope.label}`);
      } else if (event.decision === "reject_always" && event.scope) {
        store.notice("info", `Refused for this session: ${event.scope.label}`);
      }
      live.activity = "Running";
      break;
    }
    case "tool_output": {
      const view = live.tools.find((t) => t.callId === event.callId);
      if (view) addOutput(view, event.chunk);
      break;
    }
    case "tool_call_ended": {
      const at = live.tools.findIndex((t) => t.callId === event.callId);
      if (at < 0) break;
      const [view] = live.tools.splice(at, 1);
      endTool(view, event, store.now());
      store.add({ kind: "tool", view });
      live.activity = "Thinking";
      break;
    }
    case "usage":
      status.usage = event.usage;
      status.contextMax = event.usage.contextMax || status.contextMax;
      if (event.usage.completionTokens > 0 || event.usage.promptTokens > 0) {
        status.totals.prompt += event.usage.promptTokens;
        status.totals.completion += event.usage.completionTokens;
        status.totals.requests++;
      }
      break;
    case "compaction_started":
      live.activity = "Compacting the conversation";
      break;
    case "compacted":
      if (event.usage) { // the summary request: a call of its own
        status.totals.prompt += event.usage.promptTokens;
        status.totals.completion += event.usage.completionTokens;
        status.totals.requests++;
      }
      store.notice(
        "info",
        event.tokensAfter < event.tokensBefore
          ? `Context compacted: ${fmt(event.tokensBefore)} → ${fmt(event.tokensAfter)} tokens`
          : "Nothing to compact yet",
      );
      break;
    case "mode_changed":
      status.mode = event.mode;
      store.changed(true);
      break;
    case "mcp_status": {
      const before = status.mcp.get(event.server);
      const { state: serverState, tools, error, prompts, resourceCount } = event;
      status.mcp.set(event.server, { state: serverState, tools, error, prompts, resourceCount });
      if (serverState === "failed" && before?.state !== "failed") {
        store.notice("warning", `MCP server "${event.server}" failed: ${error ?? "unknown"}`);
      } else if (serverState === "needs_login" && before?.state !== "needs_login") {
        store.notice("warning", `MCP server "${event.server}" needs a sign-in: /mcp to sign in`);
      } else if (serverState === "connected" && before?.state === "needs_login") {
        store.notice("info", `Signed in to MCP server "${event.server}" (${tools.length} tools)`);
      }
      break;
    }
    case "models":
    case "mcp_resources":
    case "elicitation_request": // asked by the controller (app/elicitation.ts)
    case "elicitation_resolved":
      break;
    case "tasks_updated":
      store.add({ kind: "tasks", tasks: event.tasks });
      break;
    case "checkpoints": // also a picker's data (/rewind)
      status.checkpoints = event.checkpoints;
      break;
    case "rewound":
      store.add(rewoundPanel(event, status.checkpoints));
      break;
    case "mcp_login_url":
      store.add({
        kind: "link",
        text:
          `Sign in to MCP server "${event.server}" in your browser (it opens by itself where it can):`,
        url: event.url,
      });
      break;
    case "notice":
      store.notice(event.level, event.message);
      break;
    case "error":
      store.notice("error", event.message);
      break;
    case "done":
      foldReasoning(store);
      finishAnswer(store);
      for (const view of live.tools.splice(0)) store.add({ kind: "tool", view });
      if (event.reason === "cancelled") store.notice("info", "Cancelled");
      state.approval = undefined;
      break;
    case "conversation_cleared":
      // The controller clears the screen, then the transcript (in that order).
      status.usage = undefined;
      break;
    default:
      assertNever(event);
  }
  store.changed();
}

/** Reasoning of the current message, folded into one entry once the answer starts. */
function foldReasoning(store: UiStore): void {
  const live = store.state.live;
  if (!live.reasoning.trim()) return;
  const seconds = (store.now() - (live.reasoningStartedAt ?? store.now())) / 1000;
  store.add({ kind: "reasoning", text: live.reasoning.trim(), seconds });
  live.reasoning = "";
  live.reasoningStartedAt = undefined;
}

/** Prints what is left of the current message; the next text starts a new message. */
function finishAnswer(store: UiStore): void {
  printBlocks(store, store.splitter.end());
  store.state.live.tail = "";
  store.state.live.answerStarted = false;
}

function printBlocks(store: UiStore, blocks: Block[]): void {
  const live = store.state.live;
  for (const block of blocks) {
    store.add({
      kind: "answer",
      source: block.source,
      continued: block.continued,
      first: !live.answerStarted,
    });
    live.answerStarted = true;
  }
}

function fmt(n: number): string {
  return n.toLocaleString("en-US");
}
