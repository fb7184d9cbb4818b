/**
 * The engine session every frontend drives: it owns the wiring (config, provider,
 * client, tools, MCP, context manager, system prompt) and one live state, takes ops at
 * any time and emits one event stream, every event tagged with the session id and the
 * run or submission it belongs to.
 *
 * Decisions: a prompt while another one runs (or a compaction) is refused with
 * `error {code: "busy"}` and `done` under its own run id, never queued: a frontend that
 * wants a queue keeps it, and nothing runs that the user cannot see coming. `set_model`
 * and `set_mode` apply from the next model request, also during a run.
 */
import type { AgentEventBody, AgentOp, EventTags, Submission } from "../protocol.ts";
import { Agent } from "../agent/agent.ts";
import {
  buildSystemPrompt,
  gatherEnvironment,
  loadProjectInstructions,
} from "../agent/system_prompt.ts";
import type { McpManager } from "../mcp/manager.ts";
import { createBuiltinRegistry, type ToolRegistry } from "../tools/mod.ts";
import { EventChannel, LateSink } from "./channel.ts";
import { errorCodeOf, messageOf } from "./error_codes.ts";
import { startMcp, watchMcp } from "./mcp.ts";
import { configuredEvent } from "./configured.ts";
import { Elicitations, loginToServer, resourcesEvent } from "./mcp_ops.ts";
import { buildModelState, type ModelState } from "./model_state.ts";
import type { Engine, EngineOptions } from "./options.ts";
import { loadProjectConfig, type ProjectConfig } from "./project.ts";
import type { resolvePrompt } from "./prompt_input.ts";
import { promptRun } from "./prompt_run.ts";
import { chooseProvider, withAgentsMd } from "./provider.ts";
import { TranscriptRecorder, transcriptToMessages } from "./transcript.ts";
import { UserShell } from "./user_shell.ts";

/** Opens a session; throws ConfigError or ProviderError with a message the user can act on. */
export async function openSession(options: EngineOptions = {}): Promise<Engine> {
  const project = await loadProjectConfig(options);
  const { cwd, config, env } = project;
  const servers = { ...project.mcpServers, ...options.mcpServers };
  const { provider, model, warning } = await chooseProvider(
    config,
    options,
    env,
    options.modelOptional,
  );
  if (warning) project.warnings.push(warning);
  // Shell commands never see these; the list grows when set_model brings another key.
  const secretValues = [
    ...[...config.providers, provider].map((p) => p.apiKey),
    config.webSearch && "apiKey" in config.webSearch ? config.webSearch.apiKey : undefined,
  ].filter((k): k is string => !!k);
  const registry = await createBuiltinRegistry(config, { cwd, secretValues });
  let firstResponse!: () => void;
  const firstRequest = new Promise<void>((resolve) => (firstResponse = resolve));
  // Notices from MCP servers reach the session's stream once it exists.
  const mcpNotices = new LateSink<string>();
  const mcp = Object.keys(servers).length
    ? await startMcp(servers, cwd, {
      registry,
      startAfter: firstRequest,
      roots: [cwd, ...config.allowedDirs],
      onNotice: (message) => mcpNotices.push(message),
    })
    : undefined;
  const [environment, instructions, state] = await Promise.all([
    gatherEnvironment(cwd),
    withAgentsMd(config, provider) ? loadProjectInstructions(cwd) : undefined,
    buildModelState(provider, model, {
      contextMax: options.contextMax,
      toolCalling: options.toolCalling,
      onFirstResponse: firstResponse,
      config,
    }),
  ]);
  const agent = new Agent({
    client: state.client,
    model: state.model,
    mode: options.mode ?? config.defaultMode ?? "normal",
    toolCalling: state.toolCalling,
    context: state.context,
    // Built for every request from the live state: mode, the tools that exist now
    // (MCP tools once connected), the text format. Byte-identical while none changes.
    systemPrompt: (view) =>
      buildSystemPrompt({
        env: environment,
        mode: view.mode,
        tools: registry.list(),
        disabledTools: registry.disabled(),
        instructions,
        textToolFormat: view.textToolFormat,
        custom: config.systemPrompt,
      }),
    registry,
    cwd,
    allowedDirs: config.allowedDirs,
    allowGitWrites: config.allowGitWrites,
    maxTurns: options.maxTurns ?? config.maxTurns,
    waitForTool: mcp ? (name) => mcp.waitForTool(name) : undefined,
    // Top-level `alwaysAllow` (tool names) and MCP servers' own lists; both come from
    // a project's files only once the directory is trusted (src/config).
    alwaysAllowed: (name) =>
      config.alwaysAllow.includes(name) || mcp?.isAlwaysAllowed(name) === true,
  });
  if (options.history?.length) {
    const native = state.toolCalling === "native" || state.toolCalling === "auto";
    agent.history.push(...transcriptToMessages(options.history, cwd, native));
  }
  return new Session({
    sessionId: options.sessionId ?? crypto.randomUUID(),
    options,
    project,
    registry,
    mcp,
    state,
    agent,
    secretValues,
    firstResponse,
    mcpNotices,
  });
}

interface SessionParts {
  sessionId: string;
  options: EngineOptions;
  project: ProjectConfig;
  registry: ToolRegistry;
  mcp?: McpManager;
  state: ModelState;
  agent: Agent;
  secretValues: string[];
  firstResponse: () => void;
  mcpNotices: LateSink<string>;
}

class Session implements Engine {
  readonly sessionId: string;
  #parts: SessionParts;
  #state: ModelState;
  #channel = new EventChannel<AgentEventBody & EventTags>();
  #recorder: TranscriptRecorder;
  /** The prompt running (its run id) or "compact" while compacting; undefined when idle. */
  #busy?: string;
  #tasks = new Set<Promise<void>>();
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
    this.#emit(this.#configured(parts.project.warnings));
    if (parts.mcp) this.#unwatchMcp = watchMcp(parts.mcp, (event) => this.#emit(event));
    parts.mcp?.setElicitationHandler(this.#elicitations.handler);
    parts.mcpNotices.drainTo((message) =>
      this.#emit({ type: "notice", level: "warning", message })
    );
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
        // Idle, there is nothing to cancel; busy, also a run still being prepared.
        if (this.#busy) agent.send(op);
        this.#shell.cancel();
        break;
      case "compact":
        // During a run: before its next model request. Idle: now.
        if (this.#busy) agent.send(op);
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
      case "shell":
        if (!this.#refusedBusy({ runId: id })) this.#runEvents(id, this.#shell.run(id, op.command));
        break;
      case "clear":
        if (this.#refusedBusy(answer, false)) break;
        agent.clear();
        this.#recorder.items.length = 0;
        this.#shell.clear();
        this.#emit({ type: "conversation_cleared" }, answer);
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
    this.#channel.close();
  }

  #emit(body: AgentEventBody, tags: Omit<EventTags, "sessionId"> = {}): void {
    this.#recorder.record(body);
    this.#channel.push({ ...body, sessionId: this.sessionId, ...tags });
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
      : `run "${this.#busy}" is still going`;
    const message = `${isRun ? "Prompt" : "Request"} refused: ${what}. ` +
      `Wait for its "done" event, or cancel it first`;
    this.#emit({ type: "error", code: "busy", message }, tags);
    if (isRun) this.#emit({ type: "done", reason: "error", finalText: "" }, tags);
    return true;
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
    const { agent, mcp, project } = this.#parts;
    const parts = { agent, mcp, cwd: project.cwd };
    this.#runEvents(runId, promptRun(parts, this.#shell.takePending(), blocks));
  }

  /**
   * Runs work that emits a run's events (a prompt, a `shell` op), busy until its `done`:
   * a frontend that submits the next prompt as soon as it sees `done` is not refused.
   */
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
