/** An engine that a test drives by hand: it records ops and emits the events it is told. */
import type { Engine } from "../../src/engine/mod.ts";
import type {
  AgentEvent,
  AgentEventBody,
  AgentOp,
  EventTags,
  Submission,
  TranscriptItem,
} from "../../src/protocol.ts";

/** A scripted engine session. */
export class FakeEngine implements Engine {
  readonly sessionId: string;
  readonly ops: Submission[] = [];
  /** What `transcript()` answers (a resumed session's conversation). */
  items: TranscriptItem[] = [];
  closed = false;
  #queue: AgentEvent[] = [];
  #wake?: () => void;
  #closed = false;
  #count = 0;
  /** Called on each submit (to answer list_models, prompts…). */
  onSubmit?: (submission: Submission) => void;

  constructor(sessionId = "session-1") {
    this.sessionId = sessionId;
  }

  submit(input: AgentOp | Submission): string {
    const submission = "op" in input ? input : { id: `op-${++this.#count}`, op: input };
    this.ops.push(submission);
    this.onSubmit?.(submission);
    for (const waiter of this.#opWaiters) waiter();
    return submission.id;
  }

  #opWaiters = new Set<() => void>();

  /**
   * The first op of `type`, once submitted: for what the UI submits after async work
   * (reading an @file), which a fixed pause after a key would race on a busy machine.
   */
  async opOf<T extends AgentOp["type"]>(type: T): Promise<Extract<AgentOp, { type: T }>> {
    // A bound that only turns a hang into a failure, far above any real wait.
    const deadline = Date.now() + 20_000;
    while (true) {
      const found = this.opsOf(type)[0];
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no "${type}" op was submitted`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#opWaiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, 1_000);
        this.#opWaiters.add(wake);
      });
    }
  }

  /** Emits an event with the session id and the given tags. */
  emit(body: AgentEventBody, tags: Omit<EventTags, "sessionId"> = {}): void {
    this.#queue.push({ ...body, sessionId: this.sessionId, ...tags } as AgentEvent);
    this.#wake?.();
  }

  /** The ops of one type. */
  opsOf<T extends AgentOp["type"]>(type: T): Extract<AgentOp, { type: T }>[] {
    return this.ops.map((s) => s.op).filter((op): op is Extract<AgentOp, { type: T }> =>
      op.type === type
    );
  }

  async *events(): AsyncIterableIterator<AgentEvent> {
    while (true) {
      while (this.#queue.length) yield this.#queue.shift()!;
      if (this.#closed) return;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  transcript(): TranscriptItem[] {
    return structuredClone(this.items);
  }

  close(): Promise<void> {
    this.closed = true;
    this.#closed = true;
    this.#wake?.();
    return Promise.resolve();
  }
}

/** The first event of a session, with sensible defaults. */
export function configured(
  extra: Partial<Extract<AgentEventBody, { type: "session_configured" }>> = {},
) {
  return {
    type: "session_configured" as const,
    sessionId: "session-1",
    cwd: "/work/project",
    provider: "ollama",
    model: "qwen3-coder",
    mode: "normal" as const,
    contextMax: 32_768,
    toolCalling: "native" as const,
    tools: [
      { name: "read_file", kind: "read" as const, source: "builtin" as const },
      { name: "create_file", kind: "write" as const, source: "builtin" as const },
      { name: "execute_bash", kind: "execute" as const, source: "builtin" as const },
    ],
    disabledTools: [{ name: "web_search", reason: "no search API key is configured" }],
    mcpServers: [],
    warnings: [],
    ...extra,
  };
}
