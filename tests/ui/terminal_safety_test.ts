/**
 * What the model, a tool, a file or an MCP server writes is shown, never acted on by
 * the terminal: a turn full of escape sequences (clear the screen, OSC 52 clipboard,
 * window title), carriage-return overwrites and bidi overrides reaches the screen
 * written out, while the UI's own colours stay.
 */
import assert from "node:assert/strict";
import { KEY, mountApp } from "./_app.ts";

/** Everything a hostile text may try at once. */
const EVIL = "before\x1b[2J\x1b[Hafter \x1b]52;c;cm0gLXJmIH4=\x07 \x1b]0;pwned\x07 " +
  "shown\rHIDDEN \u202Eevil.sh";

/** Escape sequences other than colours and styles (SGR), BEL, CR, bidi overrides. */
// deno-lint-ignore no-control-regex
const ACTED_ON = /\x1b(?!\[[0-9;]*m)|[\x07\r\u202e]/;

/** The frames Ink drew (not the terminal modes it sets alone, like bracketed paste). */
function drawn(frames: readonly string[]): string[] {
  // deno-lint-ignore no-control-regex
  return frames.filter((w) => !/^(\x1b\[\?[0-9;]*[hl])+$/.test(w));
}

Deno.test("escape sequences in answers, reasoning, tools, servers and notices are written out", async () => {
  const app = await mountApp({ color: true });
  try {
    await app.type("hi");
    await app.type(KEY.enter);
    const runId = app.engine.ops.at(-1)!.id;
    const emit = app.engine.emit.bind(app.engine);
    emit({ type: "turn_start", turn: 1 }, { runId });
    emit({ type: "reasoning_delta", text: `thinking ${EVIL}` }, { runId });
    await app.ui.waitFor((f) => f.includes("Thinking…"), "the reasoning");
    // Cut inside the escape sequences: a sequence split across chunks is written out too.
    const answer = `Here: ${EVIL} end of answer`;
    for (let i = 0; i < answer.length; i += 5) {
      emit({ type: "text_delta", text: answer.slice(i, i + 5) }, { runId });
    }
    emit({ type: "assistant_message", text: answer, reasoning: "" }, { runId });
    emit({
      type: "tool_call_started",
      callId: "c1",
      name: "mcp__evil__fetch",
      kind: "read",
      activity: "fetch",
      title: `fetch ${EVIL}`,
      locations: [],
      arguments: {},
    }, { runId });
    emit({
      type: "tool_call_ended",
      callId: "c1",
      name: "mcp__evil__fetch",
      outcome: "ok",
      ok: true,
      summary: `got ${EVIL}`,
      result: EVIL,
    }, { runId });
    emit({
      type: "mcp_status",
      server: "evil\x1b]0;server\x07",
      state: "failed",
      tools: [],
      error: EVIL,
    });
    emit({ type: "notice", level: "warning", message: `notice ${EVIL}` }, { runId });
    emit({ type: "done", reason: "completed", finalText: answer }, { runId });
    const frame = await app.ui.waitFor(
      (f) => f.includes("end of answer") && f.includes("notice") && !f.includes("esc to stop"),
      "the whole turn",
    );
    // The answer (markdown takes a lone \r as a line break), the tool's title and
    // summary, the server's name and error, the notice: all there, written out.
    assert.match(frame, /Here: before\\x1b\[2J\\x1b\[Hafter \\x1b\]52;c;cm0gLXJmIH4=\\x07/);
    for (const text of ["fetch ", "⎿  got ", '"evil\\x1b]0;server\\x07" failed: ', "notice "]) {
      assert.ok(frame.includes(`${text}before\\x1b[2J\\x1b[Hafter`), text);
    }
    assert.ok(frame.includes("\\x1b]0;pwned\\x07"), "the title sequence");
    assert.ok(frame.includes("shown\\rHIDDEN <U+202E>evil.sh"), "the overwrite and the override");
    const raw = app.ui.frames();
    for (const written of drawn(raw)) assert.doesNotMatch(written, ACTED_ON);
    // The UI's own colours are kept.
    assert.ok(raw.at(-1)!.includes("\x1b[35m●"), "the answer's marker in colour");
  } finally {
    app.unmount();
  }
});

Deno.test("an elicitation's message from a server is written out", async () => {
  const app = await mountApp();
  try {
    app.engine.emit({
      type: "elicitation_request",
      requestId: "e1",
      server: "evil",
      message: `Confirm ${EVIL}`,
      fields: { name: { type: "string" } },
      required: [],
      defaults: {},
    });
    const frame = await app.ui.waitFor((f) => f.includes("Confirm"), "the form");
    assert.ok(frame.includes("Confirm before\\x1b[2J"), frame);
    for (const written of drawn(app.ui.frames())) assert.doesNotMatch(written, ACTED_ON);
  } finally {
    app.unmount();
  }
});

Deno.test("components take Text from components/text.tsx, never Ink's own", async () => {
  const dir = new URL("../../src/ui/components/", import.meta.url);
  for await (const file of Deno.readDir(dir)) {
    if (file.name === "text.tsx") continue;
    const source = await Deno.readTextFile(new URL(file.name, dir));
    const fromInk = /import\s*\{([^}]*)\}\s*from\s*"ink"/.exec(source)?.[1] ?? "";
    assert.ok(!/\bText\b/.test(fromInk), `${file.name} imports Text from "ink"`);
  }
});
