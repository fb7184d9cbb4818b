/**
 * The text renderer as a person sees it: stdout holds only final text whether or not it
 * is a terminal, and on a terminal's stderr a progress line, colours, NO_COLOR and the
 * disabled tools. The terminal is injected (options), the clock driven by hand.
 */
import assert from "node:assert/strict";
import { TextRenderer, type TextRendererOptions } from "../../src/cli/render_text.ts";
import type { ProgressClock } from "../../src/cli/progress.ts";
import type { AgentEventBody } from "../../src/protocol.ts";
import { ROOT } from "../e2e/_cli.ts";

function manualClock() {
  let now = 0;
  let tick: (() => void) | undefined;
  const clock: ProgressClock = {
    now: () => now,
    every: (_ms, fn) => {
      tick = fn;
      return () => (tick = undefined);
    },
  };
  return {
    clock,
    advance(ms: number) {
      now += ms;
      tick?.();
    },
    get ticking() {
      return tick !== undefined;
    },
  };
}

function renderer(options: TextRendererOptions) {
  const io = { out: "", err: "" };
  const r = new TextRenderer({
    out: (s) => (io.out += s),
    err: (s) => (io.err += s),
    ...options,
  });
  return { io, render: (...events: AgentEventBody[]) => events.forEach((e) => r.render(e)) };
}

const toolStarted: AgentEventBody = {
  type: "tool_call_started",
  callId: "c1",
  name: "execute_bash",
  kind: "execute",
  activity: "execute",
  title: "execute_bash: npm test",
  locations: [],
  arguments: { command: "npm test" },
};
const toolEnded: AgentEventBody = {
  type: "tool_call_ended",
  callId: "c1",
  name: "execute_bash",
  outcome: "failed",
  ok: false,
  result: "1 failing",
  exitCode: 1,
};

/** A turn whose stream dropped after a fragment and was asked again. */
const restartedTurn: AgentEventBody[] = [
  { type: "turn_start", turn: 1 },
  { type: "text_delta", text: "The answ" },
  { type: "turn_restart", reason: "stream dropped after 1 chunks: connection reset" },
  {
    type: "retry",
    attempt: 1,
    delayMs: 400,
    reason: "stream dropped after 1 chunks: connection reset",
  },
  { type: "text_delta", text: "The answer " },
  { type: "text_delta", text: "is 42." },
  { type: "assistant_message", text: "The answer is 42.", reasoning: "" },
  { type: "done", reason: "completed", finalText: "The answer is 42." },
];

Deno.test("stdout that is not a terminal gets each message once complete: no fragment of a dropped stream", () => {
  const { io, render } = renderer({ terminal: false, liveOutput: false });
  render(...restartedTurn);
  assert.equal(io.out, "The answer is 42.\n");
  // One line, the reason said once.
  assert.equal(io.err, "[retry 1 in 0.4s: stream dropped after 1 chunks: connection reset]\n");
});

Deno.test("a terminal's stdout streams live, and stderr says the fragment above is void", () => {
  const { io, render } = renderer({ terminal: false, liveOutput: true, color: false });
  render(...restartedTurn);
  assert.equal(io.out, "The answ\nThe answer is 42.\n");
  assert.equal(
    io.err,
    "[retry 1 in 0.4s: stream dropped after 1 chunks: connection reset] (the text above is void)\n",
  );
});

Deno.test("a restart that no retry line follows is said on its own", () => {
  const { io, render } = renderer({ terminal: false, liveOutput: true, color: false });
  render(
    { type: "text_delta", text: "The answ" },
    { type: "turn_restart", reason: "stream stalled: no data for 60 s" },
    { type: "text_delta", text: "The answer." },
  );
  assert.equal(
    io.err,
    "[asking again: stream stalled: no data for 60 s] (the text above is void)\n",
  );
});

Deno.test("text of every turn reaches a piped stdout in order, around the tool lines on stderr", () => {
  const { io, render } = renderer({ terminal: false, liveOutput: false, color: false });
  render(
    { type: "turn_start", turn: 1 },
    { type: "text_delta", text: "Running the tests." },
    { type: "assistant_message", text: "Running the tests.", reasoning: "" },
    toolStarted,
    toolEnded,
    { type: "turn_start", turn: 2 },
    { type: "text_delta", text: "One test fails." },
    { type: "assistant_message", text: "One test fails.", reasoning: "" },
    { type: "done", reason: "completed", finalText: "One test fails." },
  );
  assert.equal(io.out, "Running the tests.\nOne test fails.\n");
  assert.equal(io.err, '● execute_bash(command: "npm test")\n  ⎿ failed: 1 failing\n');
});

Deno.test("a cancelled message never reaches a piped stdout", () => {
  const { io, render } = renderer({ terminal: false, liveOutput: false });
  render(
    { type: "turn_start", turn: 1 },
    { type: "text_delta", text: "Half an ans" },
    { type: "done", reason: "cancelled", finalText: "" },
  );
  assert.equal(io.out, "");
});

Deno.test("an answer cut off by the output limit is reported on stderr", () => {
  const { io, render } = renderer({ terminal: false, liveOutput: false, color: false });
  render(
    { type: "text_delta", text: "Step 1, step" },
    { type: "assistant_message", text: "Step 1, step", reasoning: "", stopReason: "max_tokens" },
    { type: "done", reason: "completed", finalText: "Step 1, step", stopReason: "max_tokens" },
  );
  assert.equal(io.out, "Step 1, step\n");
  assert.match(
    io.err,
    /^warning: the answer was cut off by the output limit \(finish_reason "length"\): raise "maxTokens"/,
  );
});

Deno.test("on a terminal, the progress line says what runs and for how long, and goes away for output", () => {
  const time = manualClock();
  const { io, render } = renderer({
    terminal: true,
    liveOutput: false,
    color: false,
    progress: { clock: time.clock, columns: () => 80 },
  });
  render({ type: "turn_start", turn: 1 });
  assert.equal(io.err, "\r\x1b[2K⠋ waiting for the model (0s)");
  time.advance(3200);
  assert.equal(io.err.slice(io.err.lastIndexOf("\r")), "\r\x1b[2K⠙ waiting for the model (3s)");
  io.err = "";
  render(toolStarted);
  // Erased, the tool line written, then the line again with the tool's title.
  assert.equal(
    io.err,
    '\r\x1b[2K● execute_bash(command: "npm test")\n\r\x1b[2K⠙ execute_bash: npm test (0s)',
  );
  time.advance(65_000);
  assert.match(io.err, /execute_bash: npm test \(1m 05s\)$/);
  io.err = "";
  render(toolEnded, { type: "done", reason: "completed", finalText: "" });
  assert.equal(
    io.err,
    "\r\x1b[2K  ⎿ failed: 1 failing\n\r\x1b[2K⠹ waiting for the model (0s)\r\x1b[2K",
  );
  assert.equal(time.ticking, false, "the timer stops with the run");
});

Deno.test("the progress line stays away while the answer streams to the same terminal", () => {
  const time = manualClock();
  const { io, render } = renderer({
    terminal: true,
    liveOutput: true,
    color: false,
    progress: { clock: time.clock, columns: () => 80 },
  });
  render({ type: "turn_start", turn: 1 }, { type: "text_delta", text: "Hello" });
  io.err = "";
  time.advance(1000);
  render({ type: "text_delta", text: " world" });
  assert.equal(io.err, "", "no spinner in the middle of the answer's line");
  render({ type: "assistant_message", text: "Hello world", reasoning: "" }, toolStarted);
  assert.equal(io.out, "Hello world\n");
  assert.match(io.err, /execute_bash: npm test \(0s\)$/);
});

Deno.test("on a terminal, disabled tools are named once with the reason", () => {
  const { io, render } = renderer({ terminal: true, liveOutput: false, color: false });
  const configured: AgentEventBody = {
    type: "session_configured",
    sessionId: "s1",
    cwd: "/p",
    provider: "local",
    model: "m",
    mode: "auto-accept",
    contextMax: 8192,
    toolCalling: "auto",
    tools: [],
    disabledTools: [{ name: "execute_bash", reason: "Needs --allow-run" }],
    mcpServers: [],
    warnings: [],
  };
  render(configured, configured);
  assert.equal(io.err, "note: execute_bash is not available: Needs --allow-run\n");
  const piped = renderer({ terminal: false, liveOutput: false });
  piped.render(configured);
  assert.equal(piped.io.err, "");
});

Deno.test("colours mark tool lines, failures and errors on a terminal; none without colour", () => {
  const coloured = renderer({ terminal: true, liveOutput: false, color: true, progress: false });
  coloured.render(toolStarted, toolEnded, {
    type: "error",
    code: "server_error",
    message: "boom",
  });
  assert.equal(
    coloured.io.err,
    '\x1b[36m●\x1b[0m \x1b[1mexecute_bash\x1b[0m(command: "npm test")\n' +
      "  ⎿ \x1b[31mfailed: 1 failing\x1b[0m\n" +
      "\x1b[31merror:\x1b[0m boom\n",
  );
  const plain = renderer({ terminal: true, liveOutput: false, color: false, progress: false });
  plain.render(toolStarted, toolEnded);
  assert.ok(!plain.io.err.includes("\x1b"), JSON.stringify(plain.io.err));
});

Deno.test("NO_COLOR turns the colours off on a terminal by default", async () => {
  const code = `
    import { TextRenderer } from "./src/cli/render_text.ts";
    let err = "";
    const r = new TextRenderer({ out: () => {}, err: (s) => (err += s), terminal: true, progress: false });
    r.render({ type: "error", code: "server_error", message: "boom" });
    console.log(JSON.stringify(err));`;
  // Only what Deno needs to find its cache: NO_COLOR of the parent must not leak in.
  const keep = ["HOME", "DENO_DIR", "XDG_CACHE_HOME", "PATH"].flatMap((name) => {
    const value = Deno.env.get(name);
    return value === undefined ? [] : [[name, value]];
  });
  const run = async (env: Record<string, string>) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--ext=ts", code],
      cwd: ROOT,
      clearEnv: true,
      env: { ...Object.fromEntries(keep), ...env },
    }).output();
    return JSON.parse(new TextDecoder().decode(out.stdout));
  };
  assert.equal(await run({ NO_COLOR: "1" }), "error: boom\n");
  assert.equal(await run({}), "\x1b[31merror:\x1b[0m boom\n");
});
