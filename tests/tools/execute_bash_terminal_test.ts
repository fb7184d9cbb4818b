/**
 * execute_bash with an editor terminal in its context (an ACP client's): the command
 * goes there as `bash -c`, its result reads like a local run's, a timeout or cancel
 * aborts it, and the sandbox is never bypassed.
 */
import assert from "node:assert/strict";
import { makeToolContext } from "../_helpers/tool_context.ts";
import { type BashToolOptions, createBashTool } from "../../src/tools/execute_bash.ts";
import type { EditorTerminal, TerminalCommand, TerminalOutcome } from "../../src/tools/tool.ts";

function options(over: Partial<BashToolOptions> = {}): BashToolOptions {
  return { allow: [], defaultTimeoutMs: 20_000, maxTimeoutMs: 60_000, sandbox: false, ...over };
}

/** A terminal that records its commands and answers `outcome`, or waits for the abort. */
function fakeTerminal(outcome?: TerminalOutcome) {
  const commands: TerminalCommand[] = [];
  const terminal: EditorTerminal = {
    run(command) {
      commands.push(command);
      if (outcome) return Promise.resolve(outcome);
      return new Promise((resolve) =>
        command.signal.addEventListener(
          "abort",
          () =>
            resolve({ output: "partial\n", truncated: false, exitCode: null, signal: "SIGKILL" }),
        )
      );
    },
  };
  return { terminal, commands };
}

Deno.test("execute_bash runs in the editor terminal and reports its output and exit code", async () => {
  const { terminal, commands } = fakeTerminal({
    output: "built\n",
    truncated: false,
    exitCode: 2,
    signal: null,
  });
  const ctx = makeToolContext("/project", { terminal, callId: "call_7" });
  const result = await createBashTool(options()).execute({ command: "make" }, ctx);
  assert.deepEqual(commands.map(({ signal: _, ...rest }) => rest), [{
    callId: "call_7",
    command: "bash",
    args: ["-c", "make"],
    cwd: "/project",
    env: {},
    outputByteLimit: 28_000,
  }]);
  assert.deepEqual(result, {
    ok: false,
    output: "built\n\nExit code: 2",
    summary: "Exit code 2",
    exitCode: 2,
  });
});

Deno.test("output the editor dropped is said to be missing", async () => {
  const { terminal } = fakeTerminal({
    output: "tail\n",
    truncated: true,
    exitCode: 0,
    signal: null,
  });
  const ctx = makeToolContext("/project", { terminal, callId: "c" });
  const result = await createBashTool(options()).execute({ command: "yes | head" }, ctx);
  assert.equal(result.ok, true);
  assert.match(result.output, /^\[\.\.\. earlier output dropped by the editor \.\.\.\]\ntail\n/);
});

Deno.test("a timeout aborts the command in the editor terminal", async () => {
  const { terminal } = fakeTerminal();
  const ctx = makeToolContext("/project", { terminal, callId: "c" });
  const result = await createBashTool(options({ maxTimeoutMs: 50 })).execute(
    { command: "sleep 60", timeout_ms: 50 },
    ctx,
  );
  assert.equal(result.ok, false);
  assert.equal(result.summary, "Timed out after 50 ms");
  assert.equal(result.exitCode, null);
});

Deno.test("a cancel aborts the command in the editor terminal", async () => {
  const { terminal, commands } = fakeTerminal();
  const abort = new AbortController();
  const ctx = makeToolContext("/project", { terminal, callId: "c", signal: abort.signal });
  const running = createBashTool(options()).execute({ command: "sleep 60" }, ctx);
  while (commands.length === 0) await new Promise((r) => setTimeout(r, 1));
  abort.abort();
  const result = await running;
  assert.equal(result.summary, "Cancelled");
  assert.match(result.output, /^partial\n/);
});

Deno.test("with the sandbox on, commands never go to the editor terminal", async () => {
  const { terminal, commands } = fakeTerminal({
    output: "",
    truncated: false,
    exitCode: 0,
    signal: null,
  });
  const dir = await Deno.realPath(await Deno.makeTempDir());
  try {
    const ctx = makeToolContext(dir, { terminal, callId: "c" });
    await createBashTool(options({ sandbox: true })).execute({ command: "true" }, ctx);
    assert.equal(commands.length, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
