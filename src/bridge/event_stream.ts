/**
 * One session's engine events as ACP `session/update`s, in order: the answer and the
 * reasoning as message chunks (made final across a restarted stream), tool calls with
 * their status, diffs and output, the mode, context usage and notices. Approval
 * requests go to the editor as `session/request_permission` without holding the stream
 * up; a run's `done` and the answers to other ops are handed back to the session.
 */
import * as acp from "@agentclientprotocol/sdk";
import type { AgentEvent, AgentOp, ErrorCode } from "../protocol.ts";
import { Questions } from "./questions.ts";
import {
  serverTrouble,
  skippedServer,
  type Trouble,
  type TroubleContext,
} from "./server_trouble.ts";
import {
  announceCall,
  callInTerminal,
  callOutput,
  callRunning,
  endCall,
  planUpdate,
  unfinishedCall,
} from "./tool_updates.ts";
import { type TextOut, TurnText } from "./turn_text.ts";

type Started = Extract<AgentEvent, { type: "tool_call_started" }>;
type Done = Extract<AgentEvent, { type: "done" }>;

/** How often a running command's output is sent to the editor, at most. */
const OUTPUT_EVERY_MS = 200;

/** What the event stream needs from its session. */
export interface StreamHost {
  sessionId: string;
  client: acp.AgentContext;
  caps: acp.ClientCapabilities;
  submit(op: AgentOp): void;
  log(message: string): void;
  /** Where the session runs, for what it tells about MCP servers. */
  trouble: TroubleContext;
}

/** What a run's events add up to, handed back at its `done`. */
export interface RunEnd {
  reason: Done["reason"];
  stopReason?: Done["stopReason"];
  /** The run's `error` events (the last one says why a failed run failed). */
  errors: { code: ErrorCode; message: string }[];
}

interface Run {
  runId: string;
  text: TurnText;
  thought: TurnText;
  errors: RunEnd["errors"];
  finish: (end: RunEnd) => void;
}

interface Call {
  started?: Started;
  /** Resolved once the editor has the `tool_call`. */
  announced: Promise<void>;
  markAnnounced: () => void;
  terminalId?: string;
  output: string;
  timer?: ReturnType<typeof setTimeout>;
}

/** Turns one session's events into updates; see the module comment. */
export class EventStream {
  #host: StreamHost;
  #run?: Run;
  #calls = new Map<string, Call>();
  #questions: Questions;
  #answers = new Map<string, (event: AgentEvent) => void>();
  /** The compaction under way, as the editor knows it. */
  #compactionId?: string;
  /** The session's events ended: nothing submitted now will be answered. */
  #closed = false;
  /** Agent messages held while a run's answer streams, so as not to split it. */
  #held: string[] = [];
  /** What the editor was told about each MCP server (each trouble once). */
  #told = new Map<string, string>();

  constructor(host: StreamHost) {
    this.#host = host;
    this.#questions = new Questions(host);
  }

  /** Sends one update; a closed connection is logged, never thrown. */
  async send(update: acp.SessionUpdate): Promise<void> {
    try {
      await this.#host.client.notify(acp.methods.client.session.update, {
        sessionId: this.#host.sessionId,
        update,
      });
    } catch (error) {
      this.#host.log(`Could not send a session update: ${(error as Error).message}`);
    }
  }

  /** Sends an agent message outside a run (a command's answer). */
  async say(text: string): Promise<void> {
    await this.send({
      sessionUpdate: "agent_message_chunk",
      content: { type: "text", text },
      messageId: crypto.randomUUID(),
    });
  }

  /** Follows a prompt's run: resolves at its `done` (at once, cancelled, once ended). */
  follow(runId: string): Promise<RunEnd> {
    if (this.#closed) return Promise.resolve({ reason: "cancelled", errors: [] });
    return new Promise((finish) => {
      this.#run = { runId, text: new TurnText(), thought: new TurnText(), errors: [], finish };
    });
  }

  /**
   * Calls `handler` with the events answering submission `id` until it returns true; once
   * the session's events ended (it was closed), with an error saying so.
   */
  onAnswer(id: string, handler: (event: AgentEvent) => boolean): void {
    if (this.#closed) {
      handler(this.#closedError());
      return;
    }
    this.#answers.set(id, (event) => {
      if (handler(event)) this.#answers.delete(id);
    });
  }

  /** The editor stops waiting for every permission request (the prompt was cancelled). */
  dropPermissionRequests(): void {
    this.#questions.dropPermissions();
  }

  /** Shows an editor terminal inside its call, once the editor knows the call. */
  async showTerminal(callId: string, terminalId: string): Promise<void> {
    const call = this.#call(callId);
    await call.announced;
    call.terminalId = terminalId;
    await this.send(callInTerminal(callId, terminalId));
  }

  /** The session's events ended: a run still waiting ends as cancelled, an op as failed. */
  end(): void {
    this.#closed = true;
    this.dropPermissionRequests();
    const run = this.#run;
    this.#run = undefined;
    run?.finish({ reason: "cancelled", errors: run.errors });
    for (const answer of [...this.#answers.values()]) answer(this.#closedError());
  }

  #closedError(): AgentEvent {
    const message = "The session was closed";
    return { type: "error", code: "invalid_op", message, sessionId: this.#host.sessionId };
  }

  /** Handles one event (awaited in order by the session). */
  async handle(event: AgentEvent): Promise<void> {
    if (event.submissionId && this.#answers.has(event.submissionId)) {
      this.#answers.get(event.submissionId)!(event);
    }
    const run = event.runId !== undefined && event.runId === this.#run?.runId
      ? this.#run
      : undefined;
    switch (event.type) {
      case "turn_start":
        run?.text.startTurn();
        run?.thought.startTurn();
        return;
      case "text_delta":
        return await this.#chunk("agent_message_chunk", run?.text.push(event.text));
      case "reasoning_delta":
        return await this.#chunk("agent_thought_chunk", run?.thought.push(event.text));
      case "turn_restart":
        this.#host.log(`The model's stream restarted: ${event.reason}`);
        run?.text.restart();
        run?.thought.restart();
        return;
      case "assistant_message":
        await this.#chunk("agent_thought_chunk", run?.thought.finish(event.reasoning));
        return await this.#chunk("agent_message_chunk", run?.text.finish(event.text));
      case "tool_call_started":
        return await this.#started(event);
      case "approval_request":
        void this.#questions.askPermission(event, this.#calls.get(event.callId)?.started);
        return;
      case "approval_resolved":
        this.#questions.answered("permission", event.callId);
        if (event.decision === "allow_once" || event.decision === "allow_always") {
          await this.send(callRunning(event.callId));
        }
        return;
      case "tool_output":
        return this.#output(event.callId, event.chunk);
      case "tool_call_ended":
        return await this.#ended(event);
      case "usage":
        if (event.usage.contextMax > 0) {
          await this.send({
            sessionUpdate: "usage_update",
            used: event.usage.contextUsed,
            size: event.usage.contextMax,
          });
        }
        return;
      case "mode_changed":
        return await this.send({ sessionUpdate: "current_mode_update", currentModeId: event.mode });
      case "notice": {
        const skipped = skippedServer(event.message);
        if (skipped !== undefined && this.#told.has(skipped)) {
          return this.#host.log(`${event.level}: ${event.message}`);
        }
        return await this.#notice(event.level, event.message);
      }
      case "mcp_status": {
        const trouble = serverTrouble(event, this.#host.trouble);
        const told = JSON.stringify(trouble);
        if (!trouble || this.#told.get(event.server) === told) return;
        this.#told.set(event.server, told);
        return await this.#tell(trouble);
      }
      case "retry":
        this.#host.log(`Retrying the model request (attempt ${event.attempt}): ${event.reason}`);
        return;
      case "error":
        this.#host.log(`error (${event.code}): ${event.message}`);
        run?.errors.push({ code: event.code, message: event.message });
        return;
      case "done":
        if (run) {
          this.#run = undefined;
          await this.#endOpenCalls(event.reason);
          for (const text of this.#held.splice(0)) await this.say(text);
          run.finish({ reason: event.reason, stopReason: event.stopReason, errors: run.errors });
        }
        return;
      case "tasks_updated":
        return await this.send(planUpdate(event.tasks));
      case "elicitation_request":
        void this.#questions.elicit(event);
        return;
      case "elicitation_resolved":
        this.#questions.answered("form", event.requestId);
        return;
      case "compaction_started":
        this.#compactionId = crypto.randomUUID();
        return await this.#compaction("in_progress");
      case "compacted":
        return await this.#compaction("completed", event.summary);
      case "session_configured":
      case "run_started":
      case "models":
      // Answers to ops the bridge does not send (mcp_login, list_mcp_resources, rewind, clear…).
      case "mcp_resources":
      case "mcp_login_url":
      case "checkpoints":
      case "rewound":
      case "conversation_cleared":
        return;
      default: {
        const unknown: never = event;
        this.#host.log(`Unhandled engine event ${JSON.stringify(unknown)}`);
      }
    }
  }

  async #chunk(
    kind: "agent_message_chunk" | "agent_thought_chunk",
    out: TextOut | undefined,
  ): Promise<void> {
    if (!out) return;
    await this.send({
      sessionUpdate: kind,
      content: { type: "text", text: out.text },
      messageId: out.messageId,
    });
  }

  async #started(event: Started): Promise<void> {
    const call = this.#call(event.callId);
    call.started = event;
    await this.send(announceCall(event));
    call.markAnnounced();
    if (event.approval === "allow") await this.send(callRunning(event.callId));
  }

  #output(callId: string, chunk: string): void {
    const call = this.#call(callId);
    call.output += chunk;
    call.timer ??= setTimeout(() => {
      call.timer = undefined;
      void this.send(callOutput(callId, call.output));
    }, OUTPUT_EVERY_MS);
  }

  async #ended(event: Extract<AgentEvent, { type: "tool_call_ended" }>): Promise<void> {
    const call = this.#call(event.callId);
    clearTimeout(call.timer);
    this.#calls.delete(event.callId);
    await this.send(endCall(event, call.terminalId));
  }

  /**
   * Calls the run left without an end (the engine ends every call it showed, but a
   * failed run may not): the editor must not show them pending after the prompt.
   */
  async #endOpenCalls(reason: Done["reason"]): Promise<void> {
    for (const [callId, call] of this.#calls) {
      if (!call.started) continue;
      clearTimeout(call.timer);
      this.#calls.delete(callId);
      await this.send(unfinishedCall(callId, reason));
    }
  }

  /** A compaction's progress, for editors that show it (`session.compaction`). */
  async #compaction(status: "in_progress" | "completed", summary?: string): Promise<void> {
    const compactionId = this.#compactionId;
    if (!compactionId || !this.#host.caps.session?.compaction) return;
    await this.send({
      sessionUpdate: "compaction_update",
      compactionId,
      status,
      ...(summary ? { summary: [{ type: "text", text: summary }] } : {}),
    });
  }

  /** Shown as a notice where the editor takes them, always logged. */
  async #notice(level: "info" | "warning", message: string): Promise<void> {
    this.#host.log(`${level}: ${message}`);
    if (!this.#host.caps.session?.notices) return;
    await this.send({
      sessionUpdate: "notice",
      severity: level,
      title: message,
    });
  }

  /**
   * What the person must know even if the editor shows no notices: a notice where it
   * does, else an agent message (after the answer, when one is streaming).
   */
  async #tell(trouble: Trouble): Promise<void> {
    this.#host.log(`warning: ${trouble.title}: ${trouble.description}`);
    if (this.#host.caps.session?.notices) {
      return await this.send({ sessionUpdate: "notice", severity: "warning", ...trouble });
    }
    const text = `**${trouble.title}.** ${trouble.description}`;
    if (this.#run) this.#held.push(text);
    else await this.say(text);
  }

  #call(callId: string): Call {
    let call = this.#calls.get(callId);
    if (!call) {
      let markAnnounced!: () => void;
      const announced = new Promise<void>((resolve) => (markAnnounced = resolve));
      call = { announced, markAnnounced, output: "" };
      this.#calls.set(callId, call);
    }
    return call;
  }
}
