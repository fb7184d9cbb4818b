/**
 * The soak report: N prompts in one engine session (bench/soak.ts), the process's heap,
 * RSS and open file descriptors every `--every` prompts, and the verdict: after the
 * warm-up, heap and RSS grow by less than 10% and no descriptor stays open. Exits 1 on a
 * leak or an error. The transcript column is the conversation the session keeps by
 * design (every prompt and answer; tool output beyond its budget cut short).
 *
 *   deno run -A --v8-flags=--expose-gc bench/soak_report.ts [--prompts 500] [--every 50]
 *     [--warmup 100] [--json] [--simulate-leak]
 *
 * `--simulate-leak` keeps every event of the session, as a leaking engine would: the
 * report must then say LEAK.
 */
import { runSoak, type SoakResult, type SoakSample } from "./soak.ts";

/** Growth allowed after the warm-up, in percent. */
const MAX_GROWTH_PERCENT = 10;

/** What counts as a leak in `result`: heap or RSS growth at the limit, a descriptor more. */
function leaksOf(result: SoakResult): string[] {
  return [
    result.heapGrowth >= MAX_GROWTH_PERCENT && `heap grew ${result.heapGrowth}%`,
    result.rssGrowth >= MAX_GROWTH_PERCENT && `RSS grew ${result.rssGrowth}%`,
    result.fdGrowth > 0 && `${result.fdGrowth} more open file descriptors`,
  ].filter((x): x is string => typeof x === "string");
}

function flag(name: string, fallback: number): number {
  const i = Deno.args.indexOf(name);
  const value = i === -1 ? NaN : Number(Deno.args[i + 1]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const mb = (bytes: number, width = 7) => (bytes / 1024 / 1024).toFixed(1).padStart(width);

function row(s: SoakSample): string {
  const fds = String(s.fds).padStart(4);
  const seconds = (s.ms / 1000).toFixed(1).padStart(7);
  return `${String(s.prompt).padStart(6)}  ${mb(s.heapUsed)}  ${mb(s.rss)}  ${
    mb(s.external)
  }  ${fds}  ${mb(s.transcript, 13)}  ${seconds}`;
}

function summary(result: SoakResult, leaks: string[]): string[] {
  const { counts, baseline, last } = result;
  const sign = result.fdGrowth >= 0 ? "+" : "";
  return [
    "",
    `${counts.toolCalls} tool calls (${counts.mcpCalls} MCP, ${counts.failedCalls} failed), ` +
    `${counts.compactions} compactions, ${result.errors.length} errors` +
    (result.gcForced ? "" : " (no forced GC: run with --v8-flags=--expose-gc)"),
    `after the warm-up (prompt ${baseline.prompt} → ${last.prompt}): heap ${result.heapGrowth}% ` +
    `(${result.heapPerPrompt} KB a prompt), RSS ${result.rssGrowth}%, fds ${sign}${result.fdGrowth}; ` +
    `the transcript grew ${mb(last.transcript - baseline.transcript, 0)} MB`,
    ...result.errors.slice(0, 5).map((error) => `error: ${error}`),
    leaks.length ? `LEAK: ${leaks.join("; ")}` : "no leak",
  ];
}

if (import.meta.main) {
  const prompts = flag("--prompts", 500);
  const every = flag("--every", 50);
  const warmup = flag("--warmup", Math.min(100, prompts / 5));
  const json = Deno.args.includes("--json");
  if (!json) {
    console.log(`soak: ${prompts} prompts, sampled every ${every}, baseline after ${warmup}`);
    console.log("prompt  heap MB   RSS MB   ext MB   fds  transcript MB   time s");
  }
  const result = await runSoak({
    prompts,
    every,
    warmup,
    simulateLeak: Deno.args.includes("--simulate-leak"),
    onSample: json ? undefined : (s) => console.log(row(s)),
  });
  const leaks = leaksOf(result);
  if (json) console.log(JSON.stringify({ ...result, leaks }));
  else for (const line of summary(result, leaks)) console.log(line);
  Deno.exit(leaks.length || result.errors.length ? 1 : 0);
}
