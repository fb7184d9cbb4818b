/**
 * Start-up of the program from source (main.ts), as shipped (the bundle, dist/main.js, as
 * the installed command runs it, under README's CI flags with and without lazy imports,
 * and with no runtime flag), through `deno task start`, and Nanocoder 1.30 when installed,
 * all measured in one run, interleaved (each round runs every variant once), medians of N
 * warm runs:
 * - `--version`: wall time, beside plain `deno run` of a hello script;
 * - `run "hi"` against the mock server: spawn → first chat request, and peak RSS;
 * - the build's size and what a start loads of it;
 * - where the time of a `run` goes until its first request: the runtime, loading the run
 *   path (npm resolution included), config and session setup, the server probes;
 * - the cost of `deno task start`'s freshness check.
 * Goals (issue #16) for the shipped program: first request ≤ 150 ms, peak RSS ≤ 75 MB.
 *
 *   deno task bench:startup [--runs 7]     (writes dist/ with `deno task build`)
 *
 * Nanocoder is looked for where bench/install_baseline.sh puts it (or NANOCODER_BASELINE_NODE
 * and NANOCODER_BASELINE_CLI), installed by that script when missing; when it cannot be,
 * its columns are left out and the report says why.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "../scripts/build.ts";
import { isBuildCurrent } from "../scripts/_dist.ts";
import { BINARY_PERMISSIONS, BUNDLE_RUN_FLAGS, LAZY_IMPORTS_FLAG } from "../scripts/compile.ts";
import { isolatedEnv } from "../tests/_helpers/isolated_env.ts";
// README's CI flags (with and without lazy imports), as the suite runs them.
import { narrowFlags } from "../tests/e2e/_bundle.ts";
import {
  findNanocoder,
  firstRequests,
  measure,
  median,
  type ModelServer,
  startModelServer,
} from "./_startup_lab.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DENO = Deno.execPath();
const runs = Number(Deno.args[Deno.args.indexOf("--runs") + 1]) || 7;

interface Variant {
  name: string;
  version: () => string[];
  run: (url: string) => string[];
  command: string;
}

async function main() {
  const built = await build();
  const tmp = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-startup-" }));
  const project = join(tmp, "project");
  await Deno.mkdir(project);
  const env = isolatedEnv(tmp);
  const server = await startModelServer();
  const dist = built.dir;
  const ours = (entry: string, flags = BINARY_PERMISSIONS) => ({
    version: () => ["run", ...flags, entry, "--version"],
    run: (url: string) => ["run", ...flags, entry, "--base-url", url, "--model", "m", "run", "hi"],
    command: DENO,
  });
  const installed = [...BUNDLE_RUN_FLAGS, ...BINARY_PERMISSIONS];
  const variants: Variant[] = [
    { name: "source (main.ts)", ...ours(join(ROOT, "main.ts")) },
    // How the installed command runs it: the row the goals are about.
    { name: "shipped, as installed", ...ours(join(dist, "main.js"), installed) },
    { name: "shipped, CI flags", ...ours(join(dist, "main.js"), narrowFlags(server.url, dist)) },
    {
      name: "shipped, CI, no lazy imp.",
      ...ours(join(dist, "main.js"), narrowFlags(server.url)),
    },
    { name: "shipped, no runtime flags", ...ours(join(dist, "main.js")) },
    { name: "deno task start", ...ours(join(ROOT, "scripts/start.ts"), installed) },
  ];
  const found = await findNanocoder();
  const baseline = typeof found === "string" ? undefined : found;
  if (baseline) {
    await Deno.writeTextFile(
      join(project, "agents.config.json"),
      JSON.stringify({
        nanocoder: { providers: [{ name: "mock", baseUrl: server.url, models: ["m"] }] },
      }),
    );
    variants.push({
      name: `Nanocoder ${baseline.version} (Node)`,
      version: () => [baseline.cli, "--version"],
      run: () =>
        [baseline.cli, "--provider", "mock", "--model", "m", "--trust-directory"]
          .concat(["--plain", "run", "hi"]),
      command: baseline.node,
    });
  }
  const hello = join(tmp, "hello.js");
  await Deno.writeTextFile(hello, "console.log('hi');\n");

  try {
    const results = await sampleAll(variants, server, project, env, hello);
    printStartup(results, typeof found === "string" ? found : undefined);
    const paths = {
      version: await loadedChunks(dist, ["--version"], project, env),
      run: await loadedChunks(
        dist,
        ["--base-url", server.url, "--model", "m", "run", "hi"],
        project,
        env,
      ),
    };
    printSize(dist, built.info.files, paths);
    await printBreakdown(dist, paths.run, project, env, results);
    printFreshnessCheck();
  } finally {
    await server.close();
    await Deno.remove(tmp, { recursive: true });
  }
}

interface Result {
  name: string;
  version: number[];
  firstAny: number[];
  firstChat: number[];
  rss: number[];
}

async function sampleAll(
  variants: Variant[],
  server: ModelServer,
  cwd: string,
  env: Record<string, string>,
  hello: string,
): Promise<{ variants: Result[]; hello: number[] }> {
  const results = variants.map((v) => ({
    name: v.name,
    version: [] as number[],
    firstAny: [] as number[],
    firstChat: [] as number[],
    rss: [] as number[],
  }));
  const helloTimes: number[] = [];
  for (let round = 0; round <= runs; round++) {
    const warm = round > 0; // round 0 fills Deno's code cache and Node's compile cache
    const h = await measure(DENO, ["run", hello], { cwd, env });
    if (warm) helloTimes.push(h.wall);
    for (const [i, v] of variants.entries()) {
      const version = await measure(v.command, v.version(), { cwd, env });
      server.reset();
      const run = await measure(v.command, v.run(server.url), { cwd, env });
      const first = firstRequests(server.arrivals);
      if (first.chat === undefined) throw new Error(`${v.name}: no chat request`);
      if (!warm) continue;
      results[i].version.push(version.wall);
      results[i].firstAny.push(first.any! - run.startedAt);
      results[i].firstChat.push(first.chat - run.startedAt);
      results[i].rss.push(run.rssMb);
    }
  }
  return { variants: results, hello: helloTimes };
}

const ms = (n: number) => `${n.toFixed(0).padStart(5)} ms`;
const mb = (n: number) => `${n.toFixed(0).padStart(4)} MB`;
const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`.padStart(6);

function printStartup(r: { variants: Result[]; hello: number[] }, noNanocoder?: string) {
  const [source] = r.variants;
  const nano = noNanocoder ? undefined : r.variants.at(-1);
  console.log(`Start-up, median of ${runs} warm runs each, interleaved in one run`);
  console.log(
    `${"".padEnd(26)}  --version   first request (best)  peak RSS   vs source (req)` +
      (nano ? "  vs Nanocoder (req, RSS)" : ""),
  );
  for (const v of r.variants) {
    const req = median(v.firstChat);
    const rss = median(v.rss);
    console.log(
      `${v.name.padEnd(26)}  ${ms(median(v.version))}   ${ms(req)} (${
        ms(Math.min(...v.firstChat)).trim()
      })  ${mb(rss)}    ${x(req, median(source.firstChat))}` +
        (nano ? `           ${x(req, median(nano.firstChat))} ${x(rss, median(nano.rss))}` : ""),
    );
  }
  console.log(`${"deno run hello.js".padEnd(26)}  ${ms(median(r.hello))}`);
  // On a shared machine the best run is the program's own cost; the median adds the noise.
  console.log("Goals for the shipped program: first request ≤ 150 ms, peak RSS ≤ 75 MB");
  for (const v of r.variants.filter((v) => v !== source && v !== nano)) {
    const req = median(v.firstChat), best = Math.min(...v.firstChat), rss = median(v.rss);
    console.log(
      `  ${v.name.padEnd(24)} request ${
        req <= 150 ? "met" : best <= 150 ? "met by the best run only" : "NOT met"
      }, RSS ${rss <= 75 ? "met" : "NOT met"}`,
    );
  }
  if (noNanocoder) console.log(`Nanocoder 1.30: skipped (${noNanocoder})`);
}

/**
 * The chunks a command really loads, as Deno's debug log names the files it reads. With
 * lazy dynamic imports Deno reads only what runs (without them it reads every chunk a
 * literal import() names before main runs).
 */
async function loadedChunks(
  dist: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<Set<string>> {
  const out = await new Deno.Command(DENO, {
    args: ["run", "-L", "debug", LAZY_IMPORTS_FLAG, ...BINARY_PERMISSIONS, join(dist, "main.js")]
      .concat(args),
    cwd,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  const prefix = `${new URL(`file://${dist}/`).href}`;
  const found = new Set<string>();
  for (const line of new TextDecoder().decode(out.stderr).split("\n")) {
    const at = line.indexOf(`specifier: ${prefix}`);
    if (line.includes("fetch_no_follow") && at >= 0) {
      found.add(line.slice(at + "specifier: ".length + prefix.length).trim());
    }
  }
  return found;
}

/** The node: built-in modules these chunks import or require. */
function nodeBuiltins(dir: string, chunks: Iterable<string>): string[] {
  const found = new Set<string>();
  for (const chunk of chunks) {
    const code = Deno.readTextFileSync(join(dir, chunk));
    for (const [, name] of code.matchAll(/["'](node:[\w/]+)["']/g)) found.add(name);
  }
  return [...found].sort();
}

function printSize(
  dir: string,
  files: string[],
  paths: { version: Set<string>; run: Set<string> },
) {
  const size = (names: Iterable<string>) => {
    let total = 0;
    for (const n of names) total += Deno.statSync(join(dir, n)).size;
    return total;
  };
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  console.log(
    `\nBuild: ${files.length} files, ${(size(files) / 2 ** 20).toFixed(1)} MiB; ` +
      `--version loads ${kb(size(paths.version))} (${paths.version.size} files), a run ` +
      `${kb(size(paths.run))} (${paths.run.size} files)`,
  );
  const lazy = files.filter((f) => !paths.run.has(f)).sort((a, b) => size([b]) - size([a]));
  console.log(
    `  largest chunks a run does not load: ${
      lazy.slice(0, 6).map((f) => `${f} ${kb(size([f]))}`).join(", ")
    }`,
  );
}

/**
 * Splits a run's time to its first request: the runtime (hello), the program's module
 * graph and CLI (`--help`: for the source, Deno resolves every literal import() of the
 * program, npm packages included, before main runs), then loading and setting up the run
 * (config, provider, tools, system prompt) until the first request, then the probes of a
 * local server (context window) until the chat request. For the source, the cost of npm
 * resolution alone: a script importing one small npm package vs. the same without it.
 */
async function printBreakdown(
  dist: string,
  runPath: Set<string>,
  cwd: string,
  env: Record<string, string>,
  r: { variants: Result[]; hello: number[] },
) {
  const dir = await Deno.makeTempDir({ dir: cwd });
  const config = ["--config", join(ROOT, "deno.json")];
  await Deno.writeTextFile(join(dir, "npm.ts"), `import "eventsource-parser";\n`);
  await Deno.writeTextFile(join(dir, "plain.ts"), `console.log(1);\n`);
  const builtins = nodeBuiltins(dist, runPath);
  await Deno.writeTextFile(
    join(dir, "node.js"),
    builtins.map((b) => `import ${JSON.stringify(b)};\n`).join("") + "console.log(1);\n",
  );
  const cases: Record<string, string[]> = {
    sourceHelp: ["run", ...BINARY_PERMISSIONS, join(ROOT, "main.ts"), "--help"],
    shippedHelp: [
      "run",
      ...BUNDLE_RUN_FLAGS,
      ...BINARY_PERMISSIONS,
      join(dist, "main.js"),
      "--help",
    ],
    npm: ["run", ...config, join(dir, "npm.ts")],
    plain: ["run", ...config, join(dir, "plain.ts")],
    node: ["run", "--allow-all", join(dir, "node.js")],
  };
  const times: Record<string, number[]> = {};
  for (let round = 0; round <= runs; round++) {
    for (const [key, args] of Object.entries(cases)) {
      const sample = await measure(DENO, args, { cwd, env });
      if (round > 0) (times[key] ??= []).push(sample.wall);
    }
  }
  await Deno.remove(dir, { recursive: true });
  const hello = median(r.hello);
  const row = (label: string, v: Result, help: number) => {
    const any = median(v.firstAny), chat = median(v.firstChat);
    console.log(
      `${label.padEnd(8)} runtime ${ms(hello)} | module graph + CLI (--help) ${ms(help - hello)}` +
        ` | run path + config + session ${ms(any - help)} | probes ${ms(chat - any)}` +
        ` | first request ${ms(chat)}`,
    );
  };
  console.log("\nWhere a run's time goes until its first request (medians):");
  row("source", r.variants[0], median(times.sourceHelp));
  row("shipped", r.variants[1], median(times.shippedHelp));
  console.log(
    `npm resolution (source only): one npm import costs ${
      ms(median(times.npm) - median(times.plain)).trim()
    } over the same script without it`,
  );
  console.log(
    `Node compatibility layer: importing the ${builtins.length} node: modules the shipped run ` +
      `path uses (${builtins.join(", ")}) costs ${
        ms(median(times.node) - hello).trim()
      } over hello`,
  );
}

function printFreshnessCheck() {
  const first = performance.now();
  isBuildCurrent();
  const cold = performance.now() - first;
  const start = performance.now();
  for (let i = 0; i < 20; i++) isBuildCurrent();
  const warm = (performance.now() - start) / 20;
  console.log(
    `\ndeno task start's freshness check (stat of main.ts, src/, deno.json, deno.lock): ` +
      `${cold.toFixed(1)} ms first call, ${warm.toFixed(1)} ms warm`,
  );
}

if (import.meta.main) await main();
