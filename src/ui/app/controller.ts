/**
 * The UI's driver: opens the engine once the trust question and setup are answered,
 * turns its events into UI state, and turns what the person does (a prompt, `!cmd`, a
 * slash command, an approval, Esc, Shift+Tab) into ops. Nothing here draws: the Ink
 * components render the store.
 */
import {
  type CustomCommand,
  type Engine,
  type EngineOptions,
  openEngine,
  rememberModel,
  updatePreferences,
} from "../../engine/mod.ts";
import type { AgentEvent, AgentMode, AgentOp, ContentBlock } from "../../protocol.ts";
import { applyEvent } from "../state/apply_event.ts";
import type { BusyKind } from "../state/types.ts";
import type { UiStore } from "../state/store.ts";
import { PromptHistory } from "../input/history.ts";
import { promptBlocks } from "../input/mentions.ts";
import { answerElicitation } from "./elicitation.ts";
import { replayEntries } from "../state/replay.ts";

/** What the controller needs from the terminal around it. */
export interface ControllerHost {
  /** Clears the screen and scrollback, before everything is printed again. */
  clearScreen(): void;
  /** Restores the terminal and ends the program with `code`. */
  exit(code: number): void;
}

/** A prompt waiting for the run before it to end: typed text, or blocks made already. */
type Queued = { display: string; text: string } | { display: string; blocks: ContentBlock[] };

/** Drives one interactive session. */
export class Controller {
  readonly store: UiStore;
  readonly host: ControllerHost;
  options: EngineOptions;
  engine?: Engine;
  history = PromptHistory.memory();
  /** Custom slash commands (loaded once the session is open). */
  commands: CustomCommand[] = [];
  #waiters = new Map<string, (event: AgentEvent) => boolean>();
  /** Runs someone waits to see the end of (/init), by run id. */
  #runWaiters = new Map<string, (done: Extract<AgentEvent, { type: "done" }>) => void>();
  #queue: Queued[] = [];
  #exiting = false;

  readonly #openEngine: (options: EngineOptions) => Promise<Engine>;

  constructor(
    store: UiStore,
    host: ControllerHost,
    options: EngineOptions,
    open: (options: EngineOptions) => Promise<Engine> = openEngine,
  ) {
    this.store = store;
    this.host = host;
    this.options = options;
    this.#openEngine = open;
  }

  get cwd(): string {
    return this.store.state.status.cwd || this.options.cwd || Deno.cwd();
  }

  get busy(): boolean {
    return this.store.state.live.busy !== undefined;
  }

  /**
   * Opens a session and reads its events until it closes. A session already open (the
   * person resumed another one) is closed once the new one opened: if it cannot open,
   * the person keeps the one they had.
   */
  async open(options: EngineOptions): Promise<void> {
    const engine = await this.#openEngine(options);
    const previous = this.engine;
    this.options = options;
    this.engine = engine;
    if (previous) {
      this.#waiters.clear();
      this.#runWaiters.clear();
      this.store.resetSession();
      void closeEngine(previous);
      this.host.clearScreen();
      this.store.clearEntries();
    }
    this.showConversation();
    this.store.state.phase = "chat";
    this.store.changed(true);
    void this.#readEvents(engine);
    this.#sendQueued(); // what was typed while the session opened
  }

  /** Prints the conversation the model remembers (a resumed one, or after a rewind). */
  showConversation(): void {
    for (const entry of replayEntries(this.engine?.transcript() ?? [])) this.store.add(entry);
  }

  async #readEvents(engine: Engine): Promise<void> {
    for await (const event of engine.events()) {
      if (engine !== this.engine) continue; // a session left behind by /resume
      this.#before(event);
      applyEvent(this.store, event);
      this.#after(event);
    }
  }

  #before(event: AgentEvent): void {
    // The conversation was cut back: the screen shows it as the model now has it.
    if (event.type === "rewound" && event.conversation) {
      this.host.clearScreen();
      this.store.clearEntries();
      this.showConversation();
    }
  }

  #after(event: AgentEvent): void {
    const live = this.store.state.live;
    if (event.type === "done" && event.runId !== undefined) {
      this.#runWaiters.get(event.runId)?.(event);
      this.#runWaiters.delete(event.runId);
    }
    if (event.type === "done" && event.runId !== undefined && event.runId === live.runId) {
      this.store.resetLive();
      this.store.changed(true);
      this.#sendQueued();
    }
    if (event.type === "conversation_cleared") {
      this.host.clearScreen();
      this.store.clearEntries();
    }
    if (event.type === "elicitation_request") void answerElicitation(this, event);
    const id = event.submissionId;
    const waiter = id === undefined ? undefined : this.#waiters.get(id);
    if (id !== undefined && waiter?.(event)) this.#waiters.delete(id);
  }

  /** Submits an op and resolves with the event that ends it (`until` says which). */
  request(op: AgentOp, until: (event: AgentEvent) => boolean): Promise<AgentEvent> {
    const engine = this.engine;
    if (!engine) return Promise.reject(new Error("The session is not open yet"));
    const id = crypto.randomUUID();
    return new Promise((resolve) => {
      this.#waiters.set(id, (event) => {
        if (!until(event)) return false;
        resolve(event);
        return true;
      });
      engine.submit({ id, op });
    });
  }

  /**
   * Sends a prompt, or queues it while a run goes. `display` is what the transcript
   * shows. A prompt without file mentions is submitted before this returns: nothing (no
   * disk, no frame) stands between Enter and the engine.
   */
  sendPrompt(display: string, text: string): Promise<void> | void {
    if (this.busy || !this.engine) return this.#enqueue({ display, text });
    const blocks = promptBlocks(text, this.cwd, this.store.state.status.mcp.keys());
    if (Array.isArray(blocks)) return void this.#start("prompt", prompt(blocks), display);
    // Until the files are found, the prompt is on screen and the session counts as busy.
    this.#startShown("prompt", display);
    return blocks.then((content) => void this.#start("prompt", prompt(content)));
  }

  /** Runs the person's `!command`. */
  runShell(command: string): void {
    if (this.busy) {
      this.store.notice(
        "warning",
        "Wait for the current run to end (or press Esc) to run a command",
      );
      return;
    }
    this.#start("shell", { type: "shell", command });
  }

  #start(kind: "prompt" | "shell", op: AgentOp, display?: string): string | undefined {
    const engine = this.engine;
    if (!engine) return undefined;
    // The frame (the prompt printed, the input emptied) is drawn once the engine has
    // sent its request on its way, not before: nothing shown until then.
    this.store.soon();
    if (display !== undefined) this.#startShown(kind, display);
    const live = this.store.state.live;
    live.busy = kind;
    live.runId = engine.submit(op);
    return live.runId;
  }

  /** The prompt printed and the working line started. */
  #startShown(kind: "prompt" | "shell", display: string): void {
    this.store.add({ kind: "user", text: display });
    this.store.state.scroll = 0; // a new prompt shows the bottom of the transcript
    const live = this.store.state.live;
    live.busy = kind;
    live.startedAt = this.store.now();
    live.activity = kind === "shell" ? "Running" : "Thinking";
  }

  #enqueue(queued: Queued): void {
    this.#queue.push(queued);
    this.store.state.queue = this.#queue.map((q) => q.display);
    this.store.changed(true);
  }

  #sendQueued(): void {
    const next = this.#queue.shift();
    this.store.state.queue = this.#queue.map((q) => q.display);
    if (!next) return;
    if ("blocks" in next) this.sendBlocks(next.display, next.blocks);
    else void this.sendPrompt(next.display, next.text);
  }

  /**
   * Runs `work` with the working line showing `activity`: a prompt typed meanwhile waits
   * its turn instead of being refused by a busy engine.
   */
  async busyWith<T>(kind: BusyKind, activity: string, work: () => Promise<T>): Promise<T> {
    const live = this.store.state.live;
    live.busy = kind;
    live.startedAt = this.store.now();
    live.activity = activity;
    this.store.changed(true);
    try {
      return await work();
    } finally {
      this.store.resetLive();
      this.store.changed(true);
      this.#sendQueued();
    }
  }

  /** Whether a prompt can start now; says why not when it cannot. */
  idle(what: string): boolean {
    if (!this.busy && this.engine) return true;
    this.store.notice("warning", `Wait for the run to end (or press Esc) before ${what}`);
    return false;
  }

  /**
   * Sends a prompt now (the session must be idle) and resolves with its `done`; undefined
   * when it could not start.
   */
  runPrompt(
    display: string,
    blocks: ContentBlock[],
  ): Promise<Extract<AgentEvent, { type: "done" }> | undefined> {
    if (this.busy || !this.engine) return Promise.resolve(undefined);
    const runId = this.#start("prompt", { type: "prompt", content: blocks }, display);
    if (runId === undefined) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#runWaiters.set(runId, resolve));
  }

  /** Sends prompt blocks directly (custom commands). */
  sendBlocks(display: string, blocks: ContentBlock[]): void {
    if (this.busy || !this.engine) return this.#enqueue({ display, blocks });
    this.#start("prompt", prompt(blocks), display);
  }

  /** Esc: stops the answer, the command or the approval wait at once. */
  cancel(): void {
    if (!this.busy && !this.store.state.approval) return;
    this.#queue = [];
    this.store.state.queue = [];
    this.engine?.submit({ type: "cancel" });
    this.store.state.live.activity = "Stopping";
    this.store.changed(true);
  }

  /** Answers the approval on screen. */
  answer(answer: { allow: boolean; always?: boolean; reason?: string }): void {
    const approval = this.store.state.approval;
    if (!approval || !this.engine) return;
    const callId = approval.request.callId;
    this.engine.submit(
      answer.allow
        ? { type: "approve", callId, always: answer.always === true }
        : { type: "deny", callId, ...(answer.reason ? { reason: answer.reason } : {}) },
    );
    if (!answer.allow && answer.reason) {
      const view = this.store.state.live.tools.find((t) => t.callId === callId);
      if (view) view.denyReason = answer.reason;
    }
    this.store.state.approval = undefined;
    this.store.state.live.activity = answer.allow ? "Running" : "Thinking";
    this.store.changed(true);
  }

  /** Shift+Tab: normal → auto-accept → plan (→ yolo only when the session started in it). */
  cycleMode(): void {
    const modes: AgentMode[] = this.store.state.status.yoloAllowed
      ? ["normal", "auto-accept", "yolo", "plan"]
      : ["normal", "auto-accept", "plan"];
    const at = modes.indexOf(this.store.state.status.mode);
    this.setMode(modes[(at + 1) % modes.length]);
  }

  setMode(mode: AgentMode): void {
    this.engine?.submit({ type: "set_mode", mode });
  }

  /** Switches the model (and provider); remembers it for the next session. */
  async setModel(model: string, provider?: string): Promise<boolean> {
    const event = await this.request(
      { type: "set_model", model, ...(provider ? { provider } : {}) },
      (e) => e.type === "session_configured" || e.type === "error",
    );
    if (event.type !== "session_configured") return false;
    const trusted = this.store.state.status.trusted;
    await rememberModel(this.cwd, trusted, event.provider, event.model).catch(() => {});
    return true;
  }

  /** Ctrl+O / Ctrl+R: more or less detail, the whole transcript printed again. */
  toggleDetail(which: "tools" | "reasoning"): void {
    const state = this.store.state;
    if (which === "tools") state.expandTools = !state.expandTools;
    else state.showReasoning = !state.showReasoning;
    this.host.clearScreen();
    this.store.reprint();
    const { expandTools, showReasoning } = state;
    void updatePreferences(this.cwd, state.status.trusted, (p) => {
      p.compactToolDisplay = !expandTools;
      p.reasoningExpanded = showReasoning;
    }).catch(() => {});
  }

  /** Closes the session (cancelling what runs) and ends the program. */
  async exit(code = 0): Promise<void> {
    if (this.#exiting) return this.host.exit(code);
    this.#exiting = true;
    this.store.state.exiting = true;
    this.store.changed(true);
    await Promise.all([this.engine && closeEngine(this.engine), this.history.flush()]);
    this.host.exit(code);
  }
}

function prompt(content: ContentBlock[]): AgentOp {
  return { type: "prompt", content };
}

/** Closes a session: running commands are killed; a server that does not answer is not waited for. */
async function closeEngine(engine: Engine): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([engine.close(), new Promise((r) => (timer = setTimeout(r, 3000)))]);
  clearTimeout(timer);
}
