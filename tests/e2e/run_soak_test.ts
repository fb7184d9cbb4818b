/**
 * Endurance in the suite: the soak (bench/soak_report.ts) for 50 prompts — tool calls on
 * 100 KB files, the MCP server, a compaction nearly every prompt — in a process of its
 * own with a forced GC. Twenty prompts after the warm-up are too few for the report's
 * percent rule, so this test looks at the heap's growth per prompt (least squares over
 * the samples): a session that kept one prompt's tool output would grow by about 90 KB a
 * prompt, the conversation the transcript keeps by design by about 5 KB (10-15 KB measured over
 * so few prompts). And a run that
 * keeps every event on purpose must be caught, or the test could not fail.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "./_cli.ts";

/** Heap growth per prompt (KB) at which the test calls it a leak. */
const LEAK_KB_PER_PROMPT = 50;

async function soak(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--v8-flags=--expose-gc",
      join(ROOT, "bench/soak_report.ts"),
      "--json",
      ...args,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  assert.ok(stdout.trim(), new TextDecoder().decode(out.stderr));
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

Deno.test("50 prompts in one session: no heap growth per prompt, no descriptor left open", async () => {
  const [clean, leaking] = await Promise.all([
    soak("--prompts", "50", "--every", "5", "--warmup", "30"),
    soak("--prompts", "20", "--every", "2", "--warmup", "8", "--simulate-leak"),
  ]);
  assert.deepEqual(clean.errors, []);
  assert.equal(clean.gcForced, true);
  // The run did what a soak is for: tools, MCP, compactions.
  assert.ok(clean.counts.toolCalls >= 150, JSON.stringify(clean.counts));
  assert.ok(clean.counts.mcpCalls >= 10, JSON.stringify(clean.counts));
  assert.ok(clean.counts.compactions >= 20, JSON.stringify(clean.counts));
  assert.ok(
    clean.heapPerPrompt < LEAK_KB_PER_PROMPT,
    `the heap grew ${clean.heapPerPrompt} KB a prompt after the warm-up`,
  );
  assert.ok(clean.fdGrowth <= 0, `${clean.fdGrowth} descriptors more after the warm-up`);
  // The same measure sees a leak when there is one.
  assert.ok(
    leaking.heapPerPrompt >= LEAK_KB_PER_PROMPT,
    `a session keeping every event grew only ${leaking.heapPerPrompt} KB a prompt`,
  );
});
