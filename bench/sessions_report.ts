/**
 * Saved sessions at size: a 500-prompt session (each prompt a tool call with a 2 KB
 * result and an edit's before/after texts, and an answer), written through the engine's
 * session log, then: loading it for a resume (read, parse, replay into the transcript,
 * turn it into model messages), listing the project's sessions with and without the
 * index, and the cost of saving one event. Baselines in the same run: reading the file,
 * and JSON.parse of its lines with nothing else.
 *
 * Run: `deno run -A bench/sessions_report.ts`.
 */
import { join } from "node:path";
import type { AgentEvent } from "../src/protocol.ts";
import { listSessions, loadSession, SessionLog } from "../src/sessions/mod.ts";
import { transcriptToMessages } from "../src/engine/transcript.ts";

const PROMPTS = 500;
const RUNS = 7;

function* promptEvents(n: number, sessionId: string): Generator<AgentEvent> {
  const runId = `run-${n}`;
  const tags = { sessionId, runId };
  const path = `/project/src/file${n % 40}.ts`;
  const before = `export const value${n} = ${n};\n`.repeat(40);
  const after = before.replace(`= ${n};`, `= ${n + 1};`);
  yield { type: "run_started", prompt: [{ type: "text", text: `change value ${n}` }], ...tags };
  yield { type: "assistant_message", text: "", reasoning: "Let me look.", ...tags };
  yield {
    type: "tool_call_started",
    callId: `c${n}`,
    name: "string_replace",
    kind: "write",
    activity: "edit",
    title: `string_replace src/file${n % 40}.ts`,
    locations: [{ path }],
    arguments: { path: `src/file${n % 40}.ts`, old_str: `= ${n};`, new_str: `= ${n + 1};` },
    ...tags,
  };
  yield {
    type: "tool_call_ended",
    callId: `c${n}`,
    name: "string_replace",
    outcome: "ok",
    ok: true,
    result: `Edited src/file${n % 40}.ts\n${"context line\n".repeat(160)}`,
    changes: [{ path, oldText: before, newText: after }],
    ...tags,
  };
  yield { type: "assistant_message", text: `Changed value ${n}.`, reasoning: "", ...tags };
  yield { type: "done", reason: "completed", finalText: `Changed value ${n}.`, ...tags };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timedRuns(fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Runs the benchmark and prints the table. */
export async function main(): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "nanocoder-sessions-bench-" });
  try {
    const log = new SessionLog({
      dir,
      sessionId: "big",
      cwd: "/project",
      secrets: ["sk-bench-1234"],
    });
    let events = 0;
    const writeStart = performance.now();
    for (let n = 1; n <= PROMPTS; n++) {
      for (const event of promptEvents(n, "big")) {
        log.record(event);
        events++;
      }
    }
    const perEvent = (performance.now() - writeStart) / events;
    log.close();
    const size = (await Deno.stat(log.file)).size;
    const [info] = await listSessions(dir);
    const load = await timedRuns(() => loadSession(info));
    const loaded = await loadSession(info);
    const toMessages = await timedRuns(() =>
      transcriptToMessages(loaded.transcript, "/project", "auto")
    );
    const listCold = await timedRuns(async () => {
      await Deno.remove(join(dir, "index.json")).catch(() => {});
      await listSessions(dir);
    });
    await listSessions(dir);
    const listWarm = await timedRuns(() => listSessions(dir));
    const read = await timedRuns(() => Deno.readTextFile(log.file));
    const text = await Deno.readTextFile(log.file);
    const parse = await timedRuns(() => text.split("\n").filter(Boolean).map((l) => JSON.parse(l)));
    console.log(
      `Sessions: one of ${PROMPTS} prompts, ${events} events, ${
        (size / 1024 / 1024).toFixed(1)
      } MiB, ` +
        `median of ${RUNS}:`,
    );
    const rows: [string, number][] = [
      ["load for resume (read + parse + replay)", load],
      ["transcript → model messages", toMessages],
      ["list the project's sessions, no index (scan)", listCold],
      ["list the project's sessions, index current", listWarm],
      ["save one event (sync append, fsync per prompt)", perEvent],
      ["baseline: read the file", read],
      ["baseline: JSON.parse every line", parse],
    ];
    for (const [name, ms] of rows) {
      console.log(`  ${name.padEnd(50)} ${ms.toFixed(2).padStart(9)} ms`);
    }
    console.log(`  ratio load / (read + parse): ${(load / (read + parse)).toFixed(2)}×`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) await main();
