/**
 * Opens an engine session in a temp project against the mock LLM, isolated from the
 * user's own config, and records its events so a test can wait for the ones it needs.
 */
import { type Engine, type EngineOptions, openEngine } from "../../src/engine/mod.ts";
import type { AgentEvent } from "../../src/protocol.ts";
import { type MockLlm, type MockLlmOptions, startMockLlm } from "../_helpers/mock_llm.ts";

/** Longest wait for an event: a safety net so a broken test fails instead of hanging. */
const SAFETY_MS = 60_000;

/** Every event of a session, and a way to wait for the next one that matches. */
export class EventLog {
  readonly events: AgentEvent[] = [];
  #waiters: { match: (e: AgentEvent) => boolean; resolve: (e: AgentEvent) => void }[] = [];
  #seen = 0;

  constructor(engine: Engine) {
    (async () => {
      for await (const event of engine.events()) {
        this.events.push(event);
        for (const waiter of [...this.#waiters]) {
          if (waiter.match(event)) {
            this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
            waiter.resolve(event);
          }
        }
      }
    })();
  }

  /** Resolves with the first event matching `match` (also one already received). */
  waitFor<T extends AgentEvent>(match: (e: AgentEvent) => e is T): Promise<T>;
  waitFor(match: (e: AgentEvent) => boolean): Promise<AgentEvent>;
  waitFor(match: (e: AgentEvent) => boolean): Promise<AgentEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`No matching event; got: ${this.types().join(", ")}`)),
        SAFETY_MS,
      );
      this.#waiters.push({
        match,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  /** The `done` of a run. */
  done(runId: string) {
    return this.waitFor((e): e is Extract<AgentEvent, { type: "done" }> =>
      e.type === "done" && e.runId === runId
    );
  }

  /** Events of one run, or all. */
  ofRun(runId: string): AgentEvent[] {
    return this.events.filter((e) => e.runId === runId);
  }

  types(events: AgentEvent[] = this.events): string[] {
    return events.map((e) => e.type);
  }

  /** Events after the last call of `since()` (for "what happened next"). */
  since(): AgentEvent[] {
    const out = this.events.slice(this.#seen);
    this.#seen = this.events.length;
    return out;
  }
}

/** What a test gets. */
export interface EngineFixture {
  engine: Engine;
  mock: MockLlm;
  log: EventLog;
  dir: string;
}

/** Runs `fn` with a session in a fresh temp project; closes everything after. */
export async function withEngine(
  mockOptions: MockLlmOptions,
  options: EngineOptions,
  fn: (fixture: EngineFixture) => Promise<void>,
  prepare?: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-engine-" }));
  const mock = await startMockLlm(mockOptions);
  let engine: Engine | undefined;
  try {
    await prepare?.(dir);
    engine = await openIsolated({
      cwd: dir,
      baseUrl: mock.url,
      model: "test-model",
      contextMax: 100_000,
      ...options,
    }, dir);
    await fn({ engine, mock, log: new EventLog(engine), dir });
  } finally {
    await engine?.close();
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Opens a session that reads no user config and saves nothing in the user's data dir
 * (both point into `dir`, unless the options name another data dir).
 */
export async function openIsolated(options: EngineOptions, dir: string): Promise<Engine> {
  const saved = ["NANOCODER_CONFIG_DIR", "NANOCODER_DATA_DIR"].map((name) => Deno.env.get(name));
  Deno.env.set("NANOCODER_CONFIG_DIR", `${dir}/.user-config`);
  Deno.env.set("NANOCODER_DATA_DIR", `${dir}/.user-data`);
  try {
    return await openEngine(options);
  } finally {
    ["NANOCODER_CONFIG_DIR", "NANOCODER_DATA_DIR"].forEach((name, i) => {
      if (saved[i] === undefined) Deno.env.delete(name);
      else Deno.env.set(name, saved[i]!);
    });
  }
}
