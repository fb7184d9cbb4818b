import assert from "node:assert/strict";
import { TextRenderer } from "../../src/cli/render_text.ts";
import type { AgentEventBody } from "../../src/protocol.ts";

/** Renders as to a terminal's stdout (live) with stderr elsewhere (no progress line). */
function render(events: AgentEventBody[], showReasoning: boolean) {
  let out = "";
  let err = "";
  const renderer = new TextRenderer({
    out: (s) => (out += s),
    err: (s) => (err += s),
    terminal: false,
    liveOutput: true,
    showReasoning,
    color: false,
  });
  for (const event of events) renderer.render(event);
  return { out, err };
}

const run: AgentEventBody[] = [
  { type: "turn_start", turn: 1 },
  { type: "reasoning_delta", text: "Let me " },
  { type: "reasoning_delta", text: "look." },
  { type: "text_delta", text: "Reading it" },
  {
    type: "tool_call_started",
    callId: "c1",
    name: "read_file",
    kind: "read",
    activity: "read",
    title: "read_file a.ts",
    locations: [{ path: "/project/a.ts" }],
    arguments: { path: "a.ts" },
  },
  {
    type: "tool_call_ended",
    callId: "c1",
    name: "read_file",
    outcome: "ok",
    ok: true,
    result: "1\tx",
    summary: "Read a.ts",
  },
  { type: "text_delta", text: "Done." },
  { type: "done", reason: "completed", finalText: "Done." },
];

Deno.test("the text renderer keeps stdout for the answer and puts activity on stderr", () => {
  assert.deepEqual(render(run, false), {
    out: "Reading it\nDone.\n",
    err: '● read_file(path: "a.ts")\n  ⎿ Read a.ts\n',
  });
});

Deno.test("the text renderer shows reasoning on stderr when asked", () => {
  const { out, err } = render(run, true);
  assert.equal(out, "Reading it\nDone.\n");
  assert.equal(err, 'Let me look.\n● read_file(path: "a.ts")\n  ⎿ Read a.ts\n');
});

Deno.test("the text renderer prints the session's warnings and a failed MCP server on stderr", () => {
  const { out, err } = render([
    {
      type: "session_configured",
      sessionId: "s1",
      cwd: "/project",
      provider: "local",
      model: "m",
      mode: "auto-accept",
      contextMax: 8192,
      toolCalling: "auto",
      tools: [],
      disabledTools: [],
      mcpServers: [{ name: "fs", state: "connecting" }],
      warnings: ["Skipped agents.config.json: not trusted"],
    },
    { type: "mcp_status", server: "fs", state: "connecting", tools: [] },
    { type: "mcp_status", server: "fs", state: "failed", tools: [], error: "exited with code 1" },
  ], false);
  assert.equal(out, "");
  assert.equal(
    err,
    "warning: Skipped agents.config.json: not trusted\n" +
      'warning: MCP server "fs" failed: exited with code 1\n',
  );
});
