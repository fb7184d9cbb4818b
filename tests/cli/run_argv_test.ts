/** The command line before commander: `-p` as `run`, and the closest command to a typo. */
import assert from "node:assert/strict";
import { closestName, printAsRun, unknownCommandError } from "../../src/cli/run_argv.ts";

Deno.test("printAsRun() makes -p/--print the run command, wherever the flags are", () => {
  assert.deepEqual(printAsRun(["-p", "fix it"]), ["run", "fix it"]);
  assert.deepEqual(printAsRun(["--model", "m", "--print", "fix"]), ["--model", "m", "run", "fix"]);
});

Deno.test("printAsRun() leaves -p alone after run or --", () => {
  assert.deepEqual(printAsRun(["run", "use", "-p"]), ["run", "use", "-p"]);
  assert.deepEqual(printAsRun(["--", "-p"]), ["--", "-p"]);
});

Deno.test("closestName() finds typos and swapped letters, not unrelated words", () => {
  const commands = ["run", "models", "mcp"];
  assert.equal(closestName("rnu", commands), "run");
  assert.equal(closestName("modles", commands), "models");
  assert.equal(closestName("RUN", commands), "run");
  assert.equal(closestName("refactor", commands), undefined);
});

Deno.test("unknownCommandError() suggests run for words that are a prompt", () => {
  assert.equal(
    unknownCommandError(["explain", "this"], ["run"]).message,
    'Unknown command "explain": the commands are run (see nanocoder --help); to run a prompt: nanocoder run "explain this"',
  );
});
