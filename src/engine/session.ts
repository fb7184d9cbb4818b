/**
 * The engine session every frontend drives: it owns the wiring (config, provider,
 * client, tools, MCP, context manager, system prompt; put together by open.ts) and one
 * live state, takes ops at any time and emits one event stream, every event tagged with
 * the session id and the run or submission it belongs to.
 *
 * Decisions: a prompt while another one runs (or a compaction) is refused with
 * `error {code: "busy"}` and `done` under its own run id, never queued: a frontend that
 * wants a queue keeps it, and nothing runs that the user cannot see coming. `set_model`
 * and `set_mode` apply from the next model request, also during a run.
 */
import type { AgentEventBody, AgentOp, EventTags, Submission } from "../protocol.ts";
import type { Agent } from "../agent/agent.ts";
import type { McpManager } from "../mcp/manager.ts";
import type { ToolRegistry } from "../tools/mod.ts";
import { EventChannel, type LateSink } from "./channel.ts";
import { errorCodeOf } from "./error_codes.ts";
import { watchMcp } from "./mcp.ts";
import { configuredEvent } from "./configured.ts";
import { Elicitations, loginToServer, resolveMcpBlocks, resourcesEvent } from "./mcp_ops.ts";
import { buildModelState, type ModelState } from "./model_state.ts";
import type { Engine, EngineOptions } from "./options.ts";
import type { ProjectConfig } from "./project.ts";
import { promptContent, resolvePrompt } from "./prompt_input.ts";
import { chooseProvider } from "./provider.ts";
import { registerSecrets } from "./secrets.ts";
import { redactEvent } from "./redact_event.ts";
import { TranscriptRecorder, transcriptToMessages } from "./transcript.ts";
import type { Persistence } from "./persistence.ts";
import type { Resumed } from "./resume.ts";
import { busyRewind, listCheckpointsOp, rewindOp } from "./rewind.ts";
import { TaskWatcher } from "./tasks.ts";
import { titleOf } from "../sessions/mod.ts";
import { UserShell } from "./user_shell.ts";
import { contextUse } from "./context_use.ts";

/** What a session is made of (open.ts puts it together). */
export interface SessionParts {
  sessionId: string;
  options: EngineOptions;
  /** The saved session it continues. */
  resumed?: Resumed;
  persistence?: Persistence;
  /** Why there is no persistence, when the data directory cannot be used. */
  unavailable?: string;
  project: ProjectConfig;
  registry: ToolRegistry;
  mcp?: McpManager;
  state: ModelState;
  agent: Agent;
  secretValues: string[];
  firstResponse: () => void;
  /** Warnings that come up while the session runs (MCP servers, instruction files). */
  notices: LateSink<string>;
}

/** A live session. */
export class Session implements Engine {
  readonly sessionId: string;
  #parts: SessionParts;
  #state: ModelState;
  #channel = new EventChannel<AgentEventBody & EventTags>();
  #recorder: TranscriptRecorder;
  /** The prompt running (its run id), "compact" or "rewind"; undefined when idle. */
  #busy?: string;
  #tasks = new Set<Promise<void>>();
  #taskList = new TaskWatcher();
  #unwatchMcp?: () => void;
  #elicitations = new Elicitations((event) => this.#emit(event));
  #closing = new AbortController();
  #closed = false;
  /** The user's `!commands` (the `shell` op), and their output for the next prompt. */
  #shell: UserShell;

  constructor(parts: SessionParts) {
    this.sessionId = parts.sessionId;
    this.#parts = parts;
    this.#state = parts.state;
    this.#recorder = new TranscriptRecorder(parts.options.history);
    this.#shell = new UserShell(parts.registry, parts.project);
    const { info, tasks } = parts.resumed ?? {};
    this.#emit({ ...this.#configured(parts.project.warnings), ...(info ? { resumed: info } : {}) });
    if (tasks?.length) this.#emit({ type: "tasks_updated", tasks });
    if (info) this.#emitContextUse();
    if (parts.mcp) this.#unwatchMcp = watchMcp(parts.mcp, (event) => this.#emit(event));
    parts.mcp?.setElicitationHandler(this.#elicitations.handler);
    parts.notices.drainTo((message) => this.#emit({ type: "notice", level: "warning", message }));
  }

  submit(input: AgentOp | Submission): string {
    const { id, op } = "op" in input ? input : { id: crypto.randomUUID(), op: input };
    const answer = { submissionId: id };
    if (this.#closed) return id;
    const agent = this.#parts.agent;
    switch (op.type) {
      case "prompt":
        this.#startRun(id, op.content ?? [{ type: "text", text: op.text }]);
        break;
      case "approve":
      case "deny":
        if (agent.isWaitingFor(op.callId)) agent.send(op);
        else {
          this.#emit({
            type: "error",
            code: "invalid_op",
            message: `No approval request "${op.callId}" is waiting for an answer`,
          }, answer);
        }
        break;
      case "cancel":
        // Idle, there is nothing to cancel; busy, also a run still being prepared. A
        // rewind is not cancelled halfway (it would leave files half restored).
        if (this.#busy && this.#busy !== "rewind") agent.send(op);
        this.#shell.cancel();
        break;
      case "compact":
        // During a run: before its next model request. Idle: now.
        if (this.#busy && this.#busy !== "rewind") agent.send(op);
        else this.#startCompaction(id);
        break;
      case "set_mode":
        agent.send(op);
        this.#emit({ type: "mode_changed", mode: op.mode }, answer);
        break;
      case "set_model":
        this.#track(this.#setModel(id, op.model, op.provider));
        break;
      case "list_models":
        this.#track(this.#listModels(id));
        break;
      case "list_checkpoints":
      case "rewind":
        this.#track(this.#checkpointOp(id, op));
        break;
      case "shell":
        if (!this.#refusedBusy({ runId: id })) this.#runEvents(id, this.#shell.run(id, op.command));
        break;
      case "clear": // the recorder empties the transcript on conversation_cleared
        if (this.#refusedBusy(answer, false)) break;
        agent.clear();
        this.#shell.clear();
        this.#emit({ type: "conversation_cleared" }, answer);
        this.#emitContextUse(answer);
        break;
      case "list_mcp_resources":
        this.#emit(resourcesEvent(this.#parts.mcp), answer);
        break;
      case "mcp_login":
        this.#track(
          loginToServer(
            this.#parts.mcp,
            op.server,
            op.openBrowser === true,
            (event) => this.#emit(event, answer),
            this.#closing.signal,
          ).catch((error) => {
            const message = `Sign-in to MCP server "${op.server}" failed: ${messageOf(error)}`;
            this.#emit({ type: "error", code: "invalid_op", message }, answer);
          }),
        );
        break;
      case "elicitation_response":
        if (this.#elicitations.isWaiting(op.requestId)) this.#elicitations.answer(op);
        else {
          const message = `No elicitation request "${op.requestId}" is waiting for an answer`;
          this.#emit({ type: "error", code: "invalid_op", message }, answer);
        }
        break;
      default: {
        const unknown: never = op;
        this.#emit({
          type: "error",
          code: "invalid_op",
          message: `Unknown op ${JSON.stringify(unknown)}`,
        }, answer);
      }
    }
    return id;
  }

  events(): AsyncIterableIterator<AgentEventBody & EventTags> {
    return this.#channel.reader();
  }

  transcript() {
    return structuredClone(this.#recorder.items);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Stops the stream, pending approvals and running commands (their process groups).
    this.#parts.agent.send({ type: "cancel" });
    this.#shell.cancel();
    this.#closing.abort();
    this.#elicitations.cancelAll();
    while (this.#tasks.size) await Promise.allSettled([...this.#tasks]);
    this.#unwatchMcp?.();
    this.#parts.firstResponse();
    await this.#parts.mcp?.close();
    await this.#parts.persistence?.close();
    this.#channel.close();
  }

  #emit(shown: AgentEventBody, tags: Omit<EventTags, "sessionId"> = {}): void {
    const body = redactEvent(shown);
    this.#recorder.record(body);
    const event = { ...body, sessionId: this.sessionId, ...tags };
    this.#channel.push(event);
    const trouble = this.#parts.persistence?.record(event);
    if (trouble) this.#emit({ type: "notice", level: "warning", message: trouble }, tags);
    const tasks = this.#taskList.after(body);
    if (tasks) this.#emit(tasks, tags);
  }

  #track(task: Promise<void>): void {
    this.#tasks.add(task);
    task.finally(() => this.#tasks.delete(task));
  }

  /** While busy: refuses the op with `error {code: "busy"}` (and `done` for a run). */
  #refusedBusy(tags: Omit<EventTags, "sessionId">, isRun = true): boolean {
    if (!this.#busy) return false;
    const what = this.#busy === "compact"
      ? "the conversation is being compacted"
      : this.#busy === "rewind"
      ? "files are being restored"
      : `run "${this.#busy}" is still going`;
    const message = `${isRun ? "Prompt" : "Request"} refused: ${what}. ` +
      `Wait for its "done" event, or cancel it first`;
    this.#emit({ type: "error", code: "busy", message }, tags);
    if (isRun) this.#emit({ type: "done", reason: "error", finalText: "" }, tags);
    return true;
  }

  /** Runs a `shell` op's events, busy until its `done`. */
  #runEvents(runId: string, events: AsyncIterable<AgentEventBody>): void {
    this.#busy = runId;
    this.#track((async () => {
      try {
        for await (const event of events) {
          if (event.type === "done") this.#busy = undefined;
          this.#emit(event, { runId });
        }
      } finally {
        this.#busy = undefined;
      }
    })());
  }

  #startRun(runId: string, blocks: Parameters<typeof resolvePrompt>[0]): void {
    const tags = { runId };
    if (this.#refusedBusy(tags)) return;
    if (!blocks.some((b) => b.type !== "text" || b.text.trim() !== "")) {
      const message = "An empty prompt: give it text, a file or an image";
      this.#emit({ type: "error", code: "invalid_op", message }, tags);
      this.#emit({ type: "done", reason: "error", finalText: "" }, tags);
      return;
    }
    this.#busy = runId;
    const { cwd } = this.#parts.project;
    const persistence = this.#parts.persistence;
    // Commands the user ran since the last prompt come first: they came first.
    const given = [...this.#shell.takePending(), ...blocks];
    const warn = (message: string) =>
      this.#emit({ type: "notice", level: "warning", message }, tags);
    this.#track((async () => {
      try {
        const prompt = await resolvePrompt(await resolveMcpBlocks(given, this.#parts.mcp), cwd);
        this.#emit({ type: "run_started", prompt }, tags);
        persistence?.startRun(this.#recorder.prompts, titleOf(prompt), warn);
        // `done` is announced once the session is idle again: a frontend may submit the
        // next prompt the moment it reads it, and must not be told "busy".
        let done: AgentEventBody | undefined;
        for await (const event of this.#parts.agent.run(promptContent(prompt, cwd))) {
          if (event.type === "done") done = event;
          else this.#emit(event, tags);
        }
        // The snapshot after the prompt is stored before its end is announced.
        if (done) await persistence?.endRun(warn);
        this.#busy = undefined;
        if (done) this.#emit(done, tags);
      } catch (error) {
        await persistence?.endRun(warn);
        this.#busy = undefined;
        this.#emit({ type: "error", code: errorCodeOf(error), message: messageOf(error) }, tags);
        this.#emit({ type: "done", reason: "error", finalText: "" }, tags);
      } finally {
        this.#busy = undefined;
      }
    })());
  }

  /** list_checkpoints, and rewind (only while idle: no files may change meanwhile). */
  async #checkpointOp(id: string, op: Extract<AgentOp, { type: "list_checkpoints" | "rewind" }>) {
    const emit = (event: AgentEventBody) => this.#emit(event, { submissionId: id });
    const { persistence, unavailable, agent, project } = this.#parts;
    if (op.type === "list_checkpoints") {
      return emit(await listCheckpointsOp(persistence?.checkpoints, unavailable));
    }
    if (this.#busy) return emit(busyRewind);
    this.#busy = "rewind";
    try {
      const prompts = this.#recorder.prompts;
      for (const event of await rewindOp(persistence?.checkpoints, unavailable, op, prompts)) {
        emit(event);
        if (event.type !== "rewound" || !event.conversation) continue;
        // The recorder cut the transcript: the model's history follows it.
        const { toolCalling } = this.#state;
        const messages = transcriptToMessages(this.#recorder.items, project.cwd, toolCalling);
        agent.history.splice(0, agent.history.length, ...messages);
        this.#emitContextUse({ submissionId: id });
      }
    } finally {
      this.#busy = undefined;
    }
  }

  /** The context figure after the conversation changed without a model call. */
  #emitContextUse(tags?: { submissionId: string }): void {
    const event = contextUse(this.#parts.agent);
    if (event) this.#emit(event, tags);
  }

  #startCompaction(id: string): void {
    this.#busy = "compact";
    this.#track((async () => {
      try {
        for await (const event of this.#parts.agent.compactNow()) {
          this.#emit(event, { submissionId: id });
        }
      } catch (error) {
        this.#emit({ type: "error", code: errorCodeOf(error), message: messageOf(error) }, {
          submissionId: id,
        });
      } finally {
        this.#busy = undefined;
      }
    })());
  }

  /** Rebuilds everything that depends on the provider and model, in one place. */
  async #setModel(id: string, model: string, providerName?: string): Promise<void> {
    const { options, project, agent, secretValues, firstResponse } = this.#parts;
    if (!model) {
      const message = "set_model needs a model";
      this.#emit({ type: "error", code: "invalid_op", message }, { submissionId: id });
      return;
    }
    try {
      let provider = this.#state.provider;
      if (providerName !== undefined && providerName !== provider.name) {
        const choice = { provider: providerName, model, apiKey: undefined };
        provider = (await chooseProvider(project.config, choice, project.env)).provider;
      }
      const state = await buildModelState(provider, model, {
        toolCalling: options.toolCalling,
        onFirstResponse: firstResponse,
        config: project.config,
      });
      if (state.provider.apiKey && !secretValues.includes(state.provider.apiKey)) {
        secretValues.push(state.provider.apiKey);
        registerSecrets([state.provider.apiKey]);
      }
      this.#state = state;
      const { client, context, toolCalling } = state;
      agent.configure({ client, model: state.model, context, toolCalling });
      this.#emit(this.#configured([]), { submissionId: id });
    } catch (error) {
      this.#emit({ type: "error", code: errorCodeOf(error), message: messageOf(error) }, {
        submissionId: id,
      });
    }
  }

  async #listModels(id: string): Promise<void> {
    const { provider, client } = this.#state;
    try {
      const models = await client.listModels();
      this.#emit({ type: "models", provider: provider.name, models }, { submissionId: id });
    } catch (error) {
      this.#emit({ type: "error", code: errorCodeOf(error), message: messageOf(error) }, {
        submissionId: id,
      });
    }
  }

  #configured(warnings: string[]): AgentEventBody {
    const { registry, mcp, project, agent } = this.#parts;
    const parts = { sessionId: this.sessionId, cwd: project.cwd, registry, mcp, agent };
    return configuredEvent({ ...parts, state: this.#state }, warnings);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
