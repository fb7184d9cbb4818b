/**
 * Endurance: many prompts in one engine session against the mock model (in a process of
 * its own, bench/soak_server.ts), each with tool calls on 100 KB files (two read_file, one
 * execute_bash; each result capped at 30 000 characters for the model), an MCP server
 * (server-everything) every fifth prompt,
 * and a window small enough that the conversation is compacted again and again. The
 * process's heap, RSS and open file descriptors are sampled every `every` prompts
 * (after a forced GC when `--v8-flags=--expose-gc` is given); a leak shows as growth
 * after the warm-up.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Engine, openEngine } from "../src/engine/mod.ts";
import type { AgentEvent } from "../src/protocol.ts";
import { BIG_FILE, OTHER_BIG_FILE } from "./soak_server.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const EVERYTHING = join(ROOT, "node_modules/@modelcontextprotocol/server-everything/dist/index.js");

/** Options of a soak. */
export interface SoakOptions {
  prompts: number;
  /** Sample every this many prompts. */
  every: number;
  /** Prompts before the baseline sample. */
  warmup: number;
  /** The model's window: small, so compaction runs often. */
  contextMax?: number;
  /** Keep every event (a leak on purpose: shows that the soak catches one). */
  simulateLeak?: boolean;
  /** Called after each sample (progress for a person). */
  onSample?: (sample: SoakSample) => void;
}

/** One measurement of the process. */
export interface SoakSample {
  prompt: number;
  heapUsed: number;
  rss: number;
  external: number;
  fds: number;
  /** Size of the session's transcript (its JSON), the conversation it keeps by design. */
  transcript: number;
  ms: number;
}

/** What a soak saw. */
export interface SoakResult {
  samples: SoakSample[];
  /** The first sample after the warm-up. */
  baseline: SoakSample;
  last: SoakSample;
  /** Growth from the baseline to the last sample, in percent. */
  heapGrowth: number;
  /** The heap's growth per prompt from the baseline on (least squares), in KB. */
  heapPerPrompt: number;
  rssGrowth: number;
  fdGrowth: number;
  gcForced: boolean;
  counts: { toolCalls: number; failedCalls: number; mcpCalls: number; compactions: number };
  errors: string[];
}

/** Runs the soak; the caller decides what growth is acceptable. */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-soak-" }));
  const server = await startServer();
  let engine: Engine | undefined;
  try {
    isolate(dir);
    const line = "0123456789 the quick brown fox jumps over the lazy dog, line of the log\n";
    for (const file of [BIG_FILE, OTHER_BIG_FILE]) {
      await Deno.writeTextFile(join(dir, file), line.repeat(Math.ceil(100_000 / line.length)));
    }
    engine = await openEngine({
      cwd: dir,
      baseUrl: server.url,
      model: "soak-model",
      mode: "yolo",
      contextMax: options.contextMax ?? 24_000,
      mcpServers: { everything: { command: "node", args: [EVERYTHING, "stdio"] } },
    });
    return await drive(engine, options);
  } finally {
    await engine?.close();
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

async function drive(engine: Engine, options: SoakOptions): Promise<SoakResult> {
  const events = engine.events();
  const counts = { toolCalls: 0, failedCalls: 0, mcpCalls: 0, compactions: 0 };
  const errors: string[] = [];
  const samples: SoakSample[] = [];
  const retained: AgentEvent[] = [];
  const started = performance.now();
  // The MCP server connects after the first request: wait for it before counting.
  let connected = false;
  for (let prompt = 1; prompt <= options.prompts; prompt++) {
    const runId = engine.submit({ type: "prompt", text: `Check ${BIG_FILE}, prompt ${prompt}` });
    for (let r = await events.next(); !r.done; r = await events.next()) {
      const event: AgentEvent = r.value;
      if (options.simulateLeak) retained.push(event);
      if (event.type === "mcp_status" && event.state === "connected") connected = true;
      if (event.type === "tool_call_ended") {
        counts.toolCalls++;
        if (event.name.startsWith("mcp__")) counts.mcpCalls++;
        if (!event.ok) counts.failedCalls++;
      }
      if (event.type === "compacted" && event.tokensAfter < event.tokensBefore) {
        counts.compactions++;
      }
      if (event.type === "error") errors.push(`prompt ${prompt}: ${event.message}`);
      if (event.type === "done" && event.runId === runId) break;
    }
    if (prompt === 1 && !connected) await waitForMcp(events);
    if (prompt % options.every === 0) {
      const sample = await measure(engine, prompt, performance.now() - started);
      samples.push(sample);
      options.onSample?.(sample);
    }
  }
  const baseline = samples.find((s) => s.prompt >= options.warmup) ?? samples[0];
  const last = samples.at(-1)!;
  const growth = (a: number, b: number) => Math.round(((b - a) / a) * 1000) / 10;
  return {
    samples,
    baseline,
    last,
    heapGrowth: growth(baseline.heapUsed, last.heapUsed),
    heapPerPrompt: slope(samples.filter((s) => s.prompt >= baseline.prompt)),
    rssGrowth: growth(baseline.rss, last.rss),
    // The fewest after the baseline: a descriptor a busy machine was still closing at one
    // sample is gone at the next, a leaked one is in every later sample.
    fdGrowth:
      Math.min(...samples.filter((s) => s.prompt > baseline.prompt).map((s) => s.fds), last.fds) -
      baseline.fds,
    gcForced: typeof gc() === "function",
    counts,
    errors,
  };
}

/** Heap KB per prompt: the least-squares slope through the samples. */
function slope(samples: SoakSample[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const mx = samples.reduce((a, s) => a + s.prompt, 0) / n;
  const my = samples.reduce((a, s) => a + s.heapUsed, 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.prompt - mx) * (s.heapUsed - my);
    den += (s.prompt - mx) ** 2;
  }
  return Math.round((num / den / 1024) * 10) / 10;
}

async function waitForMcp(events: AsyncIterableIterator<AgentEvent>): Promise<void> {
  for (let r = await events.next(); !r.done; r = await events.next()) {
    if (r.value.type === "mcp_status" && r.value.state !== "connecting") return;
  }
}

/** `globalThis.gc` when V8 exposes it (`--v8-flags=--expose-gc`). */
function gc(): (() => void) | undefined {
  return (globalThis as { gc?: () => void }).gc;
}

async function measure(engine: Engine, prompt: number, ms: number): Promise<SoakSample> {
  // Let finished commands' pipes close and pending callbacks run before counting.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const collect = gc();
  if (collect) { for (let i = 0; i < 3; i++) collect(); }
  const { heapUsed, rss, external } = Deno.memoryUsage();
  // The fewest over a few reads: a command's pipes or a pooled connection may still be
  // closing; a leaked descriptor stays.
  let fds = openFds();
  for (let i = 0; i < 4; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    fds = Math.min(fds, openFds());
  }
  const transcript = JSON.stringify(engine.transcript()).length;
  return { prompt, heapUsed, rss, external, fds, transcript, ms: Math.round(ms) };
}

/** Open file descriptors of this process (Linux: /proc/self/fd; elsewhere -1). */
function openFds(): number {
  try {
    return [...Deno.readDirSync("/proc/self/fd")].length;
  } catch {
    return -1;
  }
}

/** Keeps the session away from the user's config, data and logs. */
function isolate(dir: string): void {
  Deno.env.set("NANOCODER_CONFIG_DIR", join(dir, ".config"));
  Deno.env.set("NANOCODER_DATA_DIR", join(dir, ".data"));
  Deno.env.set("XDG_STATE_HOME", join(dir, ".state"));
}

async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "bench/soak_server.ts")],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("The soak's mock server exited before it printed its URL");
    text += value;
  }
  return {
    url: text.trim(),
    stop: async () => {
      child.kill("SIGTERM");
      await reader.cancel().catch(() => {});
      await child.status;
    },
  };
}
