/**
 * End to end: command-line mistakes get one line that says what was wrong and what to
 * type instead, exit code 2, and no stack trace.
 */
import assert from "node:assert/strict";
import { runCli } from "./_cli.ts";

async function usage(args: string[]): Promise<string> {
  const dir = await Deno.makeTempDir();
  try {
    const result = await runCli(args, { cwd: dir });
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stdout, "");
    return result.stderr;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("an unknown command names the commands there are", async () => {
  assert.equal(
    await usage(["frobnicate"]),
    'error: Unknown command "frobnicate": the commands are run, models, doctor, mcp ' +
      "(see nanocoder --help)\n",
  );
});

Deno.test("a prompt given without `run` gets the command to type", async () => {
  assert.match(
    await usage(["fix", "the", "bug"]),
    /; to run a prompt: nanocoder run "fix the bug"\n$/,
  );
});

Deno.test("--context-max garbage says what a token count looks like", async () => {
  assert.equal(
    await usage(["--context-max", "lots", "run", "hi"]),
    "error: option '--context-max <tokens>' argument 'lots' is invalid. Expected a positive " +
      'number of tokens such as "32000", "128k" or "1m".\n(run nanocoder --help for usage)\n',
  );
});
