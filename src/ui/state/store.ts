/**
 * The UI's state and who is told when it changes. Not React state: events arrive far
 * faster than a terminal can show them, so changes are gathered and React is told at
 * most once per frame (`changed()`), while a key press is shown at once (`changed(true)`).
 */
import { Editor } from "../input/editor.ts";
import type { CompletionState } from "../input/completion.ts";
import { BlockSplitter } from "./stream_blocks.ts";
import type { ApprovalState, Entry, EntryBody, Live, Picker, Prompt, Status } from "./types.ts";

/** What the whole screen is made of. */
export interface UiState {
  /** Before the chat: starting, the trust question, setup. */
  phase: "starting" | "chat";
  /** Printed once, in order (Ink's Static). */
  entries: Entry[];
  /** Bumped to print every entry again (after /clear, or a change of detail level). */
  epoch: number;
  live: Live;
  approval?: ApprovalState;
  picker?: Picker;
  prompt?: Prompt;
  completion?: CompletionState;
  status: Status;
  /** Tool details and reasoning shown in full (Ctrl+O, Ctrl+R). */
  expandTools: boolean;
  showReasoning: boolean;
  /** A short-lived line under the input ("Press Ctrl+C again to exit"). */
  hint?: string;
  /** Prompts typed while a run goes, sent in order when it ends. */
  queue: string[];
  /** A line shown while starting (loading config, finding servers). */
  starting: string;
  /** Leaving: only the transcript stays on screen. */
  exiting: boolean;
  /** On the alternate screen: the transcript is a scrolling box, not the scrollback. */
  altScreen: boolean;
  /** Lines the alternate screen's transcript is scrolled up by. */
  scroll: number;
}

/** Frame interval for changes that are not key presses (Ink draws at most 60 a second). */
const FRAME_MS = 16;

/** The state, its mutations' notifications, and the splitter of the streaming answer. */
export class UiStore {
  readonly state: UiState;
  readonly editor = new Editor();
  splitter: BlockSplitter;
  #listeners = new Set<() => void>();
  #version = 0;
  #timer?: ReturnType<typeof setTimeout>;
  #notifiedAt = -Infinity;
  #nextId = 1;
  readonly now: () => number;

  constructor(status: Partial<Status> = {}, options: { now?: () => number; rows?: number } = {}) {
    this.now = options.now ?? (() => Date.now());
    this.splitter = new BlockSplitter(splitLines(options.rows));
    this.state = {
      phase: "starting",
      entries: [],
      epoch: 0,
      live: emptyLive(),
      status: {
        cwd: "",
        provider: "",
        model: "",
        mode: "normal",
        contextMax: 0,
        tools: [],
        disabledTools: [],
        mcp: new Map(),
        checkpoints: [],
        totals: { prompt: 0, completion: 0, requests: 0 },
        yoloAllowed: false,
        trusted: false,
        ...status,
      },
      expandTools: false,
      showReasoning: false,
      queue: [],
      starting: "Starting…",
      exiting: false,
      altScreen: false,
      scroll: 0,
    };
  }

  /** For React's useSyncExternalStore. */
  subscribe = (listener: () => void): () => void => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Changes with each notification. */
  version = (): number => this.#version;

  /**
   * Tells the UI about changes: now when nothing was shown for a frame's time (the first
   * token of an answer appears at once) or when `urgent` (a key press), else with the
   * next frame, so a fast stream costs one render per frame, not one per token.
   */
  changed(urgent = false): void {
    if (this.#timer !== undefined) {
      if (!urgent) return;
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const wait = FRAME_MS - (performance.now() - this.#notifiedAt);
    if (urgent || wait <= 0) return this.#notify();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#notify();
    }, wait);
  }

  /**
   * Tells the UI on the next turn of the event loop instead of now, gathering what
   * changes meanwhile: after Enter the engine's work up to the model request runs first,
   * and the frame is drawn while the server answers.
   */
  soon(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#notify();
    }, 0);
  }

  /** Prints an entry for good. */
  add(entry: EntryBody): void {
    this.state.entries.push({ ...entry, id: this.#nextId++ } as Entry);
    this.changed();
  }

  /** A notice line in the transcript. */
  notice(level: "info" | "warning" | "error", text: string): void {
    this.add({ kind: "notice", level, text });
  }

  /** Prints everything again from the top, banner first (the screen was cleared). */
  reprint(): void {
    if (this.state.entries[0]?.kind !== "banner") {
      this.state.entries.unshift({
        id: this.#nextId++,
        kind: "banner",
        cwd: this.state.status.cwd,
      });
    }
    this.state.epoch++;
    this.changed(true);
  }

  /** Forgets the transcript (after /clear). */
  clearEntries(): void {
    this.state.entries = [];
    this.reprint();
  }

  /** Forgets what belonged to the session before another one was opened (/resume). */
  resetSession(): void {
    const status = this.state.status;
    status.mcp = new Map();
    status.checkpoints = [];
    status.usage = undefined;
    status.totals = { prompt: 0, completion: 0, requests: 0 };
    this.state.approval = undefined;
    this.state.queue = [];
    this.resetLive();
  }

  /** Back to idle after a run. */
  resetLive(): void {
    this.state.live = emptyLive();
    this.splitter = new BlockSplitter(this.splitter.maxLines);
  }

  /** The terminal's height changed: long blocks are cut to fit it. */
  setRows(rows: number): void {
    this.splitter.maxLines = splitLines(rows);
  }

  /** Stops pending notifications (on exit). */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #notify(): void {
    this.#notifiedAt = performance.now();
    this.#version++;
    for (const listener of this.#listeners) listener();
  }
}

/** A live block longer than this is cut and printed: half the screen, at least 8 lines. */
function splitLines(rows = 24): number {
  return Math.max(8, Math.floor(rows / 2));
}

function emptyLive(): Live {
  return { tail: "", answerStarted: false, reasoning: "", tools: [], activity: "" };
}
