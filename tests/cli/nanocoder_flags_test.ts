import assert from "node:assert/strict";
import { Command } from "commander";
import { addNanocoderFlags } from "../../src/cli/nanocoder_flags.ts";

/** The flags a program with Nanocoder's rendering flags records for `argv` (no subcommand). */
async function parsed(argv: string[]): Promise<Record<string, unknown>> {
  const program = new Command("nanocoder").exitOverride();
  addNanocoderFlags(program);
  let opts: Record<string, unknown> = {};
  program.action(() => void (opts = program.opts()));
  await program.parseAsync(argv, { from: "user" });
  return opts;
}

Deno.test("--plain / --no-plain and --alt-screen / --no-alt-screen are recorded for the UI", async () => {
  assert.deepEqual(await parsed([]), {});
  assert.equal((await parsed(["--plain"])).plain, true);
  assert.equal((await parsed(["--no-plain"])).plain, false);
  assert.equal((await parsed(["--alt-screen"])).altScreen, true);
  // As in Nanocoder, --no-alt-screen wins whatever the order.
  assert.equal((await parsed(["--no-alt-screen", "--alt-screen"])).altScreen, false);
});
