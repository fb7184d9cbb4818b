// deno-lint-ignore-file no-control-regex -- terminal output is matched with its escape codes
/**
 * End-to-end on a real terminal: `run` under `script`, which gives it a pseudo-terminal
 * for stdout and stderr, against the mock server. What a person sees: the progress line
 * with what runs, colours, and none of them with NO_COLOR.
 */
import assert from "node:assert/strict";
import { type MockLlm, startMockLlm } from "../_helpers/mock_llm.ts";
import { isolatedEnv } from "../_helpers/isolated_env.ts";
import { FULL_PERMISSIONS, MAIN } from "./_cli.ts";

const SCRIPT = ["/usr/bin/script", "/bin/script"].find((path) => {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
});

const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

/** Runs nanocoder with a pseudo-terminal as stdout and stderr; returns what it showed. */
async function onTerminal(args: string[], dir: string, color: boolean): Promise<string> {
  const env = isolatedEnv(dir);
  if (color) delete (env as Record<string, string | undefined>).NO_COLOR;
  const command = [Deno.execPath(), "run", ...FULL_PERMISSIONS, "--no-prompt", MAIN, ...args]
    .map(quote).join(" ");
  const out = await new Deno.Command(SCRIPT!, {
    args: ["-qec", command, "/dev/null"],
    cwd: dir,
    env: { ...env, TERM: "xterm-256color" },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

async function withMock(fn: (mock: MockLlm, dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "nanocoder-e2e-tty-" });
  const mock = await startMockLlm({
    turns: [
      { toolCalls: [{ name: "execute_bash", arguments: { command: "sleep 0.3; echo done" } }] },
      { text: "The command finished." },
    ],
  });
  try {
    await fn(mock, dir);
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const args = (url: string) => [
  "--base-url",
  url,
  "--model",
  "m",
  "--mode",
  "yolo",
  "run",
  "run it",
];

Deno.test({
  name: "on a terminal, run shows a progress line with what runs, and colours",
  ignore: !SCRIPT,
  fn: () =>
    withMock(async (mock, dir) => {
      const screen = await onTerminal(args(mock.url), dir, true);
      assert.match(screen, /\r\x1b\[2K\x1b\[36m.\x1b\[0m waiting for the model \x1b\[2m\(0s\)/);
      assert.match(screen, /\x1b\[36m.\x1b\[0m execute_bash: sleep 0\.3; echo done \x1b\[2m\(/);
      assert.ok(screen.includes("\x1b[1mexecute_bash\x1b[0m"), "the tool line in bold");
      assert.match(screen, /note:.* web_search is not available: no search backend configured/);
      // The line is erased before the answer, which ends the output.
      assert.match(screen, /\r\x1b\[2KThe command finished\.\r?\n$/);
    }),
});

Deno.test({
  name: "on a terminal with NO_COLOR, run shows the progress line without colours",
  ignore: !SCRIPT,
  fn: () =>
    withMock(async (mock, dir) => {
      const screen = await onTerminal(args(mock.url), dir, false);
      assert.match(screen, /execute_bash: sleep 0\.3; echo done \(/);
      // Cursor control for the progress line, but no colour (SGR) sequence.
      assert.equal(screen.match(/\x1b\[[0-9;]*m/g), null);
    }),
});
