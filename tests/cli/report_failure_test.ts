/**
 * The CLI's last stop for an error no command handled: one redacted line, the whole error
 * in the log (`crash`), the stack trace on screen only with --debug.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { reportFailure } from "../../src/cli/mod.ts";
import { initLogging, log } from "../../src/log/mod.ts";
import { ConfigError } from "../../src/errors.ts";

async function captured(fn: () => number): Promise<{ code: number; lines: string[]; log: string }> {
  const dir = await Deno.makeTempDir();
  const file = join(dir, "nanocoder.log");
  const lines: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void lines.push(args.join(" "));
  try {
    initLogging({ file, level: "warn", debug: false });
    const code = fn();
    log.close();
    const text = await Deno.readTextFile(file).catch(() => "");
    return { code, lines, log: text };
  } finally {
    console.error = original;
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("an unexpected error is one line that says it is a bug, and is logged whole", async () => {
  const key = "sk-proj-0123456789abcdefghij";
  const { code, lines, log: text } = await captured(() =>
    reportFailure(new TypeError(`Cannot read properties of undefined (key ${key})`))
  );
  assert.equal(code, 1);
  assert.equal(lines[0], "error: Cannot read properties of undefined (key [REDACTED])");
  assert.match(
    lines[1],
    /^This is a bug in nanocoder \(logged in .*nanocoder\.log\); run with --debug/,
  );
  assert.equal(lines.length, 2);
  const crash = JSON.parse(text.trim());
  assert.equal(crash.event, "crash");
  assert.match(crash.error.stack, /TypeError/);
  assert.ok(!text.includes(key));
});

Deno.test("a known error is its message alone: no stack, no 'bug'", async () => {
  const { code, lines } = await captured(() =>
    reportFailure(new ConfigError('Invalid config "/p/agents.config.json": nanocoder.x: …'))
  );
  assert.equal(code, 1);
  assert.deepEqual(lines, ['error: Invalid config "/p/agents.config.json": nanocoder.x: …']);
});
