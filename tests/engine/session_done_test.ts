/**
 * `done` means idle: a frontend that submits its next prompt the moment it reads a run's
 * `done` (a queue, a script, the soak) is never told "busy".
 */
import assert from "node:assert/strict";
import { openIsolated } from "./_engine.ts";
import { startMockLlm } from "../_helpers/mock_llm.ts";

Deno.test("a prompt submitted as soon as done arrives runs, for every run", async () => {
  const turns = Array.from({ length: 20 }, (_, i) => ({ text: `answer ${i}` }));
  const dir = await Deno.realPath(await Deno.makeTempDir());
  const mock = await startMockLlm({ turns });
  const engine = await openIsolated({ cwd: dir, baseUrl: mock.url, model: "m" }, dir);
  try {
    const events = engine.events();
    const errors: string[] = [];
    for (let i = 0; i < 20; i++) {
      const runId = engine.submit({ type: "prompt", text: `prompt ${i}` });
      for (let r = await events.next(); !r.done; r = await events.next()) {
        if (r.value.type === "error") errors.push(r.value.message);
        if (r.value.type === "done" && r.value.runId === runId) break;
      }
    }
    assert.deepEqual(errors, []);
    assert.equal(mock.chatRequests().length, 20);
  } finally {
    await engine.close();
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
});
