/**
 * Checkpoints on a 10,000-file tree (plus ignored build output and node_modules): the
 * snapshot before a prompt when little changed, the first snapshot of a project, and a
 * rewind of a prompt that changed a few files — beside, in the same run, a shadow git
 * repository doing the same snapshot (`git add -A && git write-tree` with GIT_DIR /
 * GIT_WORK_TREE, what Gemini CLI and OpenCode do) and a bare walk + lstat of the tree.
 * Also how long the event loop is held up during a snapshot (it runs while the first
 * model request streams). Goal: a snapshot ≤ 100 ms when little changed.
 *
 * Run: `deno run -A bench/checkpoints_report.ts`.
 */
import { join } from "node:path";
import { Checkpoints } from "../src/checkpoints/mod.ts";

const FILES = 10_000;
const RUNS = 7;

/** Writes the tree: 500 folders of 20 source-like files, and what .gitignore excludes. */
async function makeTree(dir: string): Promise<void> {
  for (let d = 0; d < FILES / 20; d++) {
    const folder = join(dir, `pkg${d % 50}`, `mod${d}`);
    await Deno.mkdir(folder, { recursive: true });
    for (let f = 0; f < 20; f++) {
      const n = d * 20 + f;
      await Deno.writeTextFile(
        join(folder, `file${f}.ts`),
        `export const v${n} = ${n};\n`.repeat(30),
      );
    }
  }
  await Deno.writeTextFile(join(dir, ".gitignore"), "dist/\n*.log\n");
  for (const skipped of ["dist", "node_modules/lib"]) {
    await Deno.mkdir(join(dir, skipped), { recursive: true });
    for (let i = 0; i < 1000; i++) await Deno.writeTextFile(join(dir, skipped, `x${i}.js`), "x\n");
  }
}

/** A few changes, as a prompt would make: edits, a new file, a deletion. */
async function change(dir: string, round: number): Promise<void> {
  for (const f of [1, 2, 3]) {
    await Deno.writeTextFile(join(dir, "pkg1/mod1", `file${f}.ts`), `// round ${round}\n`, {
      append: true,
    });
  }
  await Deno.writeTextFile(join(dir, "pkg2/mod2", `new${round}.ts`), `new ${round}\n`);
  await Deno.remove(join(dir, "pkg3/mod3", `file${round % 20}.ts`)).catch(() => {});
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The longest the event loop went without a turn while `fn` ran. */
async function longestStall(fn: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  await fn();
  clearInterval(timer);
  return worst;
}

function walkAndStat(dir: string): number {
  let n = 0;
  const pending = [dir];
  while (pending.length) {
    const at = pending.pop()!;
    for (const entry of Deno.readDirSync(at)) {
      const path = `${at}/${entry.name}`;
      if (entry.isDirectory) pending.push(path);
      else {
        Deno.lstatSync(path);
        n++;
      }
    }
  }
  return n;
}

async function git(args: string[], env: Record<string, string>): Promise<boolean> {
  try {
    const out = await new Deno.Command("git", { args, env, stdout: "null", stderr: "null" })
      .output();
    return out.success;
  } catch {
    return false;
  }
}

/** Runs the benchmark and prints the table. */
export async function main(): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "nanocoder-ckpt-bench-" });
  const tree = join(root, "tree");
  try {
    await makeTree(tree);
    const cp = new Checkpoints({ cwd: tree, dir: join(root, "store"), sessionId: "bench" });
    const cold = await timed(() => cp.beforePrompt(0, "cold"));
    const unchanged: number[] = [];
    const fewChanged: number[] = [];
    const rewinds: number[] = [];
    const stalls: number[] = [];
    for (let round = 1; round <= RUNS; round++) {
      unchanged.push(await timed(() => cp.beforePrompt(round, "unchanged")));
      let id = "";
      stalls.push(await longestStall(async () => (id = await cp.beforePrompt(round, "prompt"))));
      await change(tree, round);
      fewChanged.push(await timed(() => cp.afterPrompt(id, true)));
      rewinds.push(await timed(() => cp.rewind({})));
      await cp.rewind({ redo: true }); // Back to the changed tree for the next round.
    }
    const walk: number[] = [];
    for (let i = 0; i < RUNS; i++) walk.push(await timed(() => Promise.resolve(walkAndStat(tree))));
    const env = { GIT_DIR: join(root, "shadow.git"), GIT_WORK_TREE: tree };
    const gitRuns: number[] = [];
    let gitCold = NaN;
    if (await git(["init", "-q"], env)) {
      gitCold = await timed(() => git(["add", "-A"], env).then(() => git(["write-tree"], env)));
      for (let round = 1; round <= RUNS; round++) {
        await change(tree, RUNS + round);
        gitRuns.push(
          await timed(() => git(["add", "-A"], env).then(() => git(["write-tree"], env))),
        );
      }
    }
    const ours = median(fewChanged);
    const rows: [string, number, string][] = [
      ["snapshot, nothing changed", median(unchanged), ""],
      ["snapshot after a few changes", ours, "goal ≤ 100 ms"],
      ["rewind a prompt (5 files)", median(rewinds), "3 snapshots + restore"],
      ["first snapshot of the project (cold store)", cold, "once per project"],
      ["longest event-loop stall during a snapshot", median(stalls), "slices of ~25 ms"],
      ["baseline: bare walk + lstat (no ignore, no hash)", median(walk), ""],
      ["baseline: shadow git add -A && write-tree", gitRuns.length ? median(gitRuns) : NaN, ""],
      ["baseline: shadow git, first snapshot", gitCold, ""],
    ];
    console.log(`Checkpoints on ${FILES} files (+2000 ignored), median of ${RUNS}:`);
    for (const [name, ms, note] of rows) {
      const shown = Number.isNaN(ms) ? "n/a (no git)" : `${ms.toFixed(1)} ms`;
      console.log(`  ${name.padEnd(50)} ${shown.padStart(12)}  ${note}`);
    }
    console.log(`  ratio snapshot / bare walk: ${(ours / median(walk)).toFixed(2)}×`);
    if (gitRuns.length) {
      console.log(`  ratio snapshot / shadow git: ${(ours / median(gitRuns)).toFixed(2)}×`);
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

if (import.meta.main) await main();
