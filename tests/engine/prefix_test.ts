/**
 * KV-cache reuse on local servers (llama.cpp, Ollama, LM Studio) needs each request to
 * extend the previous one byte for byte while nothing in the session changes: the same
 * system prompt, the same tools in the same order, earlier messages untouched.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { withEngine } from "./_engine.ts";

/** Whether `next`'s JSON starts with all of `previous`'s but its closing bracket. */
function extendsBytes(previous: unknown[], next: unknown[]): boolean {
  const before = JSON.stringify(previous);
  return next.length > previous.length &&
    JSON.stringify(next).startsWith(before.slice(0, before.length - 1));
}

for (const toolCalling of ["auto", "xml"] as const) {
  Deno.test(`every request extends the previous one byte for byte (${toolCalling})`, async () => {
    const readCall = { name: "read_file", arguments: { path: "a.txt" } };
    const turns = toolCalling === "auto"
      ? [{ toolCalls: [readCall] }, { text: "It says hi." }, { text: "Still hi." }]
      : [
        { text: "<read_file>\n<path>a.txt</path>\n</read_file>" },
        { text: "It says hi." },
        { text: "Still hi." },
      ];
    await withEngine({ turns }, { toolCalling }, async ({ engine, log, mock }) => {
      await log.done(engine.submit({ type: "prompt", text: "what does a.txt say?" }));
      await log.done(engine.submit({ type: "prompt", text: "and now?" }));
      const bodies = mock.chatRequests().map((r) => r.body);
      assert.equal(bodies.length, 3);
      for (let i = 1; i < bodies.length; i++) {
        assert.ok(
          extendsBytes(bodies[i - 1].messages, bodies[i].messages),
          `request ${i + 1} does not extend request ${i}`,
        );
        assert.equal(JSON.stringify(bodies[i].tools), JSON.stringify(bodies[0].tools));
      }
    }, (dir) => Deno.writeTextFile(join(dir, "a.txt"), "hi\n"));
  });
}
