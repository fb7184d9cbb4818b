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
  const stderr = await usage(["frobnicate"]);
  assert.match(
    stderr,
    /^error: Unknown command "frobnicate": the commands are (\w+, )+\w+ \(see nanocoder --help\)\n$/,
  );
  for (const command of ["run", "models", "doctor", "mcp"]) {
    assert.match(stderr, new RegExp(`\\b${command}\\b`));
  }
  assert.doesNotMatch(
    stderr,
    /daemon|copilot|codex/,
    "Nanocoder's commands that only say they are not here",
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
