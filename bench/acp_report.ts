/**
 * `nanocoder --acp` as an editor feels it, side by side with Nanocoder 1.30's `--acp`
 * (the baseline, run in the same script against the same mock server):
 * - spawn → `initialize` answered;
 * - `session/prompt` sent → first `agent_message_chunk`;
 * - `session/cancel` sent → the prompt answered `cancelled` (a stream that never ends);
 * - peak RSS of the agent process (VmHWM) after one session and two prompts.
 * Goals (issue #14): initialize ≤ 300 ms, ≤ 90 MB.
 *
 *   deno run -A bench/acp_report.ts [--runs 7]
 *
 * Nanocoder needs Node ≥ 22: the start-up benchmark's baseline in the cache dir, installed
 * by bench/install_baseline.sh when missing; skipped with the reason when it cannot be.
 */
import { join } from "node:path";
import { fileURLToPath as fromFileUrl, pathToFileURL } from "node:url";
import { AcpClient } from "../src/bridge/client.ts";
import { isolatedEnv } from "../tests/_helpers/isolated_env.ts";
import { type MockLlm, startMockLlm } from "../tests/_helpers/mock_llm.ts";
import { BINARY_PERMISSIONS, BUNDLE_RUN_FLAGS } from "../scripts/compile.ts";
import { build } from "../scripts/build.ts";
import { findNanocoder } from "./_startup_lab.ts";

const root = fromFileUrl(new URL("..", import.meta.url));
const runs = Number(Deno.args[Deno.args.indexOf("--runs") + 1]) || 7;

/** How to start one agent. */
interface AgentCommand {
  name: string;
  command: string;
  args: (mock: MockLlm) => string[];
  /** Writes what the agent needs to find the mock (config files) into its home. */
  prepare?: (home: string, mock: MockLlm) => Promise<void>;
}

interface Sample {
  initMs: number;
  firstChunkMs: number;
  cancelMs: number;
  rssMb: number;
}

/** nanocoder from `entry` (the sources' main.ts, or a bundle's main.js). */
function nanocoderFrom(name: string, entry: string, flags: string[] = []): AgentCommand {
  return {
    name,
    command: Deno.execPath(),
    args: (mock) => [
      "run",
      ...flags,
      ...BINARY_PERMISSIONS,
      entry,
      "--base-url",
      mock.url,
      "--model",
      "test-model",
      "--acp",
    ],
  };
}

const ours = nanocoderFrom("nanocoder (Deno, sources)", join(root, "main.ts"));

/** The shipped program (`deno task build`'s bundle, run as installed), or why not. */
async function shipped(dir: string): Promise<AgentCommand | string> {
  try {
    await build(pathToFileURL(`${dir}/`));
  } catch (error) {
    return `deno task build failed: ${(error as Error).message.split("\n")[0]}`;
  }
  return nanocoderFrom("nanocoder (Deno, bundle)", join(dir, "main.js"), BUNDLE_RUN_FLAGS);
}

/** One agent's session: initialize, a session, a prompt, a cancelled prompt. */
async function sample(agent: AgentCommand, mock: MockLlm): Promise<Sample> {
  const home = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-acp-bench-" }));
  try {
    await agent.prepare?.(home, mock);
    const started = performance.now();
    const client = await AcpClient.spawn({
      command: agent.command,
      args: agent.args(mock),
      cwd: home,
      env: isolatedEnv(home, { XDG_CONFIG_HOME: join(home, ".config") }),
    });
    try {
      await client.initialize();
      const initMs = performance.now() - started;
      const { sessionId } = await client.newSession(home);
      mock.enqueue({ text: "Hello from the mock server." });
      const sent = performance.now();
      const answered = client.prompt(sessionId, "hi");
      await client.waitForUpdate((u) => u.sessionUpdate === "agent_message_chunk");
      const firstChunkMs = performance.now() - sent;
      await answered;
      mock.enqueue({ text: "A stream that never ends.", fault: "stall_mid_stream" });
      const stalled = client.prompt(sessionId, "again");
      const before = client.updates(sessionId).length;
      await client.waitForUpdate(() => client.updates(sessionId).length > before);
      const cancelAt = performance.now();
      await client.cancel(sessionId);
      await stalled;
      const cancelMs = performance.now() - cancelAt;
      const status = await Deno.readTextFile(`/proc/${client.pid}/status`);
      const rssMb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) / 1024;
      return { initMs, firstChunkMs, cancelMs, rssMb };
    } finally {
      await client.close();
    }
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

/** Nanocoder 1.30 under Node ≥ 22 (installed when missing), or why it cannot run here. */
async function nanocoder(): Promise<AgentCommand | string> {
  const found = await findNanocoder();
  if (typeof found === "string") return found;
  return {
    name: `Nanocoder ${found.version} (Node)`,
    command: found.node,
    args: () => [found.cli, "--acp"],
    prepare: async (home, mock) => {
      const config = JSON.stringify({
        nanocoder: { providers: [{ name: "mock", baseUrl: mock.url, models: ["test-model"] }] },
      });
      await Deno.mkdir(join(home, ".config/nanocoder"), { recursive: true });
      await Deno.writeTextFile(join(home, ".config/nanocoder/agents.config.json"), config);
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const mock = await startMockLlm({});
  const dist = await Deno.makeTempDir({ prefix: "nanocoder-acp-bundle-" });
  try {
    const [bundle, baseline] = [await shipped(dist), await nanocoder()];
    const agents = [ours, bundle, baseline].filter((a): a is AgentCommand => typeof a !== "string");
    // One warm-up each (Deno's code cache, Node's compile cache, the OS file cache).
    for (const agent of agents) await sample(agent, mock);
    const samples = new Map<string, Sample[]>(agents.map((a) => [a.name, []]));
    for (let i = 0; i < runs; i++) {
      for (const agent of agents) samples.get(agent.name)!.push(await sample(agent, mock));
    }
    const rows: [string, keyof Sample, string, string][] = [
      ["spawn → initialize answered", "initMs", "ms", "goal ≤ 300 ms"],
      ["prompt → first agent_message_chunk", "firstChunkMs", "ms", ""],
      ["cancel → prompt answered cancelled", "cancelMs", "ms", "must be < 1 s"],
      ["peak RSS (VmHWM)", "rssMb", "MB", "goal ≤ 90 MB"],
    ];
    const theirs = typeof baseline === "string" ? undefined : samples.get(baseline.name)!;
    console.log(`ACP agent, median of ${runs} (warm); ratio = ours / Nanocoder 1.30`);
    for (const [label, key, unit, goal] of rows) {
      console.log(`\n${label}${goal ? `  (${goal})` : ""}`);
      const base = theirs && median(theirs.map((s) => s[key]));
      for (const agent of agents) {
        const value = median(samples.get(agent.name)!.map((s) => s[key]));
        const ratio = base && agent !== baseline ? `  ${(value / base).toFixed(2)}x` : "";
        console.log(`  ${agent.name.padEnd(28)} ${value.toFixed(0).padStart(6)} ${unit}${ratio}`);
      }
    }
    for (const skipped of [bundle, baseline].filter((a) => typeof a === "string")) {
      console.log(`(skipped: ${skipped})`);
    }
  } finally {
    await mock.close();
    await Deno.remove(dist, { recursive: true });
  }
}

if (import.meta.main) await main();
