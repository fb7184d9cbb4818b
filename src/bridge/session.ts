/**
 * One ACP session: an engine session rooted at the editor's directory (with the
 * editor's MCP servers, files and terminals), its events streamed as session updates,
 * prompts and the slash commands (the project's and the user's custom commands, which
 * win by name as in the TUI, the bridge's own, and MCP servers' prompts), cancel, modes
 * and close.
 */
import type * as acp from "@agentclientprotocol/sdk";
import { type Engine, type EngineOptions, openEngine } from "../engine/mod.ts";
import type { AgentEvent, AgentMode, AgentOp, ContentBlock } from "../protocol.ts";
import {
  type CommandCall,
  type CommandLine,
  commandOf,
  COMMANDS,
  compactAnswer,
  listedModels,
  modelsAnswer,
  slashOf,
  switchAnswer,
} from "./commands.ts";
import { CustomCommands } from "./custom_commands.ts";
import { editorFiles, editorTerminal } from "./editor.ts";
import { badParams, engineError } from "./errors.ts";
import { EventStream, type RunEnd } from "./event_stream.ts";
import { modeOf, modeState } from "./modes.ts";
import { MODEL_OPTION, modelOption } from "./model_option.ts";
import {
  type McpPromptCommand,
  McpPromptCommands,
  promptArguments,
  usageMessage,
} from "./mcp_prompts.ts";
import { promptBlocks, PromptError } from "./prompt.ts";
import { replayUpdates } from "./replay.ts";

type Configured = Extract<AgentEvent, { type: "session_configured" }>;

/** What a session needs from the connection. */
export interface SessionHost {
  client: acp.AgentContext;
  /** What the client said it offers at `initialize`. */
  caps: acp.ClientCapabilities;
  /** A diagnostic line on stderr (stdout carries only the protocol). */
  log(message: string): void;
}

/** An open session. */
export class AcpSession {
  readonly id: string;
  readonly cwd: string;
  #engine: Engine;
  #stream: EventStream;
  #pump: Promise<void>;
  /** The engine's mode, from its `session_configured` and `mode_changed` events. */
  #mode: AgentMode = "normal";
  /** A prompt (or command) is being answered. */
  #busy = false;
  /** The prompt being answered was cancelled (a command ends as cancelled too). */
  #cancelled = false;
  #model = { provider: "", model: "" };
  /** The provider's models, once listed (for the model picker). */
  #models: string[] = [];
  /** Resolved with the first `session_configured` (the model and mode are known). */
  #ready: Promise<Configured>;
  #markReady!: (event: Configured) => void;
  /** The custom commands (`.nanocoder/commands`), loaded with the session. */
  #custom!: CustomCommands;
  /** The connected MCP servers' prompts, offered as commands. */
  #mcpPrompts = new McpPromptCommands();
  /** The editor has the session (and its command list). */
  #announced = false;
  /** Lets the MCP servers start (once the editor has the session). */
  #startMcp: () => void = () => {};

  /** Opens the engine session; throws ConfigError / ProviderError as the engine does. */
  static async open(
    host: SessionHost,
    request: { cwd: string; mcpServers: EngineOptions["mcpServers"]; resume?: string },
    defaults: EngineOptions,
  ): Promise<AcpSession> {
    // A resumed session keeps its saved id: the editor's fs and terminals answer to it.
    const sessionId = request.resume ?? crypto.randomUUID();
    // The stream submits answers to the engine it is created before.
    const opened: { engine?: Engine } = {};
    const stream = new EventStream({
      sessionId,
      client: host.client,
      caps: host.caps,
      log: host.log,
      submit: (op) => opened.engine?.submit(op),
      trouble: { cwd: request.cwd, editorServers: request.mcpServers ?? {} },
    });
    // The servers start once the editor has the session, so that their prompts are
    // commands before the first prompt, without delaying `session/new`.
    const mcpStart = Promise.withResolvers<void>();
    const custom = CustomCommands.load(request.cwd, defaults.trustDirectory === true, host.log);
    const engine = opened.engine = await openEngine({
      ...defaults,
      startMcpWhen: mcpStart.promise,
      cwd: request.cwd,
      sessionId,
      ...(request.resume ? { resume: request.resume } : {}),
      mcpServers: request.mcpServers,
      editor: {
        files: editorFiles(host.client, sessionId, host.caps),
        terminal: editorTerminal(
          host.client,
          sessionId,
          host.caps,
          (callId, terminalId) => stream.showTerminal(callId, terminalId),
        ),
      },
    });
    const session = new AcpSession(host, engine, stream, request.cwd);
    session.#startMcp = mcpStart.resolve;
    session.#custom = await custom;
    const configured = await session.#ready;
    // A loaded session goes on in the mode it was last switched to (the picker and the
    // engine alike); one never switched starts in the engine's mode (flag, config default).
    const saved = configured.resumed?.mode;
    if (request.resume && saved && saved !== session.#mode) session.setMode(saved);
    return session;
  }

  private constructor(
    private host: SessionHost,
    engine: Engine,
    stream: EventStream,
    cwd: string,
  ) {
    this.id = engine.sessionId;
    this.cwd = cwd;
    this.#engine = engine;
    this.#stream = stream;
    this.#ready = new Promise((resolve) => (this.#markReady = resolve));
    this.#pump = this.#follow();
  }

  /** The mode picker's state. */
  modes(): acp.SessionModeState {
    return modeState(this.#mode);
  }

  /** Shows the conversation so far again (`session/load`), before the load is answered. */
  async replay(): Promise<void> {
    for (const update of replayUpdates(this.#engine.transcript())) await this.#stream.send(update);
  }

  /** The model picker's state. */
  configOptions(): acp.SessionConfigOption[] {
    return [modelOption(this.#model.model, this.#models)];
  }

  /** `session/set_config_option`: only the model; a model the server lacks is refused. */
  async setConfigOption(configId: string, value: unknown): Promise<acp.SessionConfigOption[]> {
    if (configId !== MODEL_OPTION) throw badParams(`unknown config option "${configId}"`);
    if (typeof value !== "string" || !value) throw badParams("the model must be a name");
    const switched = await this.#switchModel(value);
    if (!switched.ok) throw badParams(switched.message);
    return this.configOptions();
  }

  /**
   * Tells the editor the slash commands and the provider's models (after it has the
   * session's id): listing the models asks the server, so it never delays `session/new`.
   */
  async announce(): Promise<void> {
    void this.#ask<string[]>({ type: "list_models" }, listedModels).then(async (models) => {
      if (!models.length) return;
      this.#models = models;
      await this.#stream.send({
        sessionUpdate: "config_option_update",
        configOptions: this.configOptions(),
      });
    });
    this.#announced = true;
    await this.#sendCommands();
    this.#startMcp();
  }

  /**
   * The commands as they are now: built-in, custom, MCP prompts; a name is the first
   * one's (a project's `compact.md` cannot take over `/compact`).
   */
  async #sendCommands(): Promise<void> {
    const builtIn = COMMANDS.map(({ name, description, input }) => ({
      name,
      description,
      ...(input ? { input } : {}),
    }));
    const all = [...builtIn, ...this.#custom.list(), ...this.#mcpPrompts.list()];
    await this.#stream.send({
      sessionUpdate: "available_commands_update",
      availableCommands: all.filter((c, i) => all.findIndex((d) => d.name === c.name) === i),
    });
  }

  /** Answers a prompt: its stop reason, or a JSON-RPC error saying why it failed. */
  async prompt(blocks: acp.ContentBlock[], signal: AbortSignal): Promise<acp.PromptResponse> {
    if (this.#busy) {
      throw engineError(
        "busy",
        "This session is still answering the previous prompt: wait for its answer, or cancel it first",
      );
    }
    this.#busy = true;
    this.#cancelled = false;
    const onAbort = () => this.cancel();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      const content = await promptBlocks(blocks, this.#readThroughEditor()).catch((error) => {
        throw error instanceof PromptError ? badParams(error.message) : error;
      });
      const line = slashOf(content);
      const builtIn = COMMANDS.some((c) => c.name === line?.name);
      const custom = line && !builtIn && this.#custom.find(line.name);
      if (custom) {
        // As the TUI does: the expanded template is the prompt (other blocks follow it).
        const text = await this.#custom.expand(custom, line.argument);
        return await this.#run([{ type: "text", text }, ...content.slice(1)]);
      }
      const command = commandOf(content);
      if (command) return await this.#command(command);
      const mcpPrompt = line && this.#mcpPrompts.find(line.name);
      if (mcpPrompt) return await this.#runMcpPrompt(mcpPrompt, line, content.slice(1));
      return await this.#run(content);
    } finally {
      signal.removeEventListener("abort", onAbort);
      this.#busy = false;
    }
  }

  /** Runs a prompt for the model: its stop reason, or the error it failed with. */
  async #run(content: ContentBlock[]): Promise<acp.PromptResponse> {
    const runId = crypto.randomUUID();
    const ended = this.#stream.follow(runId);
    this.#engine.submit({ id: runId, op: { type: "prompt", content } });
    return stopOf(await ended);
  }

  /**
   * `/mcp__server__prompt args`: the server's prompt with the arguments typed (what no
   * argument takes, and the prompt's other blocks, follow it), or how to type them.
   */
  async #runMcpPrompt(
    command: McpPromptCommand,
    line: CommandLine,
    others: ContentBlock[],
  ): Promise<acp.PromptResponse> {
    const typed = promptArguments(command.prompt, line.argument);
    if (!typed.ok) {
      await this.#stream.say(usageMessage(command, typed.missing));
      return { stopReason: "end_turn" };
    }
    return await this.#run([
      {
        type: "mcp_prompt",
        server: command.server,
        name: command.prompt.name,
        arguments: typed.arguments,
      },
      ...(typed.rest ? [{ type: "text" as const, text: typed.rest }] : []),
      ...others,
    ]);
  }

  /** Stops the prompt being answered: the stream, pending permissions, commands. */
  cancel(): void {
    this.#cancelled = true;
    this.#stream.dropPermissionRequests();
    this.#engine.submit({ type: "cancel" });
  }

  setMode(modeId: string): void {
    const mode = modeOf(modeId);
    if (!mode) {
      throw badParams(
        `unknown mode "${modeId}": one of ${
          modeState(this.#mode).availableModes.map((m) => m.id).join(", ")
        }`,
      );
    }
    this.#mode = mode;
    this.#engine.submit({ type: "set_mode", mode });
  }

  /** Cancels what runs, stops its MCP servers and commands, ends its updates. */
  async close(): Promise<void> {
    this.#stream.dropPermissionRequests();
    await this.#engine.close();
    await this.#pump;
  }

  async #follow(): Promise<void> {
    try {
      for await (const event of this.#engine.events()) {
        if (event.type === "session_configured") this.#configured(event);
        if (event.type === "mode_changed") this.#mode = event.mode;
        await this.#stream.handle(event);
        // A server's prompts come and go with it; the list before `announce` is its own.
        if (event.type === "mcp_status" && this.#mcpPrompts.update(event) && this.#announced) {
          await this.#sendCommands();
        }
      }
    } catch (error) {
      this.host.log(`The session's event stream failed: ${(error as Error).stack ?? error}`);
    } finally {
      this.#stream.end();
    }
  }

  #configured(event: Configured): void {
    this.#model = { provider: event.provider, model: event.model };
    this.#mode = event.mode;
    this.#markReady(event);
    for (const warning of event.warnings) this.host.log(`warning: ${warning}`);
  }

  /** Reads an `@`-mentioned file as the editor has it, when it offers that. */
  #readThroughEditor() {
    const read = editorFiles(this.host.client, this.id, this.host.caps)?.readText;
    if (!read) return undefined;
    return (path: string) => read(path).catch(() => undefined);
  }

  /** Runs a slash command; its answer is an agent message. */
  async #command(command: CommandCall): Promise<acp.PromptResponse> {
    const text = command.name === "compact"
      ? await this.#ask({ type: "compact" }, compactAnswer())
      : command.argument
      ? (await this.#switchModel(command.argument)).message
      : await this.#ask({ type: "list_models" }, modelsAnswer(() => this.#model.model));
    await this.#stream.say(text);
    return { stopReason: this.#cancelled ? "cancelled" : "end_turn" };
  }

  /** Switches to a model the server lists (or any, when it lists none); tells the picker. */
  async #switchModel(model: string): Promise<{ ok: boolean; message: string }> {
    // What the server serves; an empty list when it cannot say (then any name is tried).
    const models = await this.#ask<string[]>({ type: "list_models" }, listedModels);
    if (models.length && !models.includes(model)) {
      const served = models.map((m) => `\`${m}\``).join(", ");
      return {
        ok: false,
        message: `The provider does not serve \`${model}\`; it serves: ${served}.`,
      };
    }
    if (models.length) this.#models = models;
    const message = await this.#ask({ type: "set_model", model }, switchAnswer());
    const ok = this.#model.model === model;
    if (ok) {
      await this.#stream.send({
        sessionUpdate: "config_option_update",
        configOptions: this.configOptions(),
      });
    }
    return { ok, message };
  }

  /** Submits an op; resolves with what `read` makes of the op's last answer. */
  #ask<T = string>(op: AgentOp, read: (event: AgentEvent) => T | undefined): Promise<T> {
    const id = crypto.randomUUID();
    const answered = new Promise<T>((resolve) => {
      this.#stream.onAnswer(id, (event) => {
        const value = read(event);
        if (value !== undefined) resolve(value);
        return value !== undefined;
      });
    });
    this.#engine.submit({ id, op });
    return answered;
  }
}

/** A run's end as ACP's stop reason, or the error the prompt fails with. */
function stopOf(end: RunEnd): acp.PromptResponse {
  switch (end.reason) {
    case "completed":
      return {
        stopReason: end.stopReason === "max_tokens" || end.stopReason === "refusal"
          ? end.stopReason
          : "end_turn",
      };
    case "max_turns":
      return { stopReason: "max_turn_requests" };
    case "cancelled":
      return { stopReason: "cancelled" };
    case "error": {
      const last = end.errors.at(-1);
      throw engineError(last?.code ?? "engine_error", last?.message ?? "The run failed");
    }
  }
}
