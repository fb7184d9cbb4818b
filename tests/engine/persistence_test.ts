/** The checkpoint before a prompt is stored before any tool of the prompt may run. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { Persistence } from "../../src/engine/persistence.ts";
import { readTimeline, timelinePath } from "../../src/checkpoints/timeline.ts";
import { projectStore } from "../../src/sessions/mod.ts";
import { tempProject } from "../checkpoints/_tree.ts";

Deno.test("gate() resolves only once the snapshot before the prompt is recorded", async () => {
  const files = Object.fromEntries(
    Array.from({ length: 300 }, (_, i) => [`src/f${i}.ts`, `export const x = ${i};\n`]),
  );
  const project = await tempProject(files);
  const data = await Deno.makeTempDir({ prefix: "nanocoder-data-" });
  try {
    const { persistence } = Persistence.open({
      cwd: project,
      sessionId: "s",
      dataDir: data,
      secrets: [],
    });
    assert.ok(persistence);
    const warnings: string[] = [];
    persistence.startRun(1, "first", (w) => warnings.push(w));
    await persistence.gate();
    const timeline = await readTimeline(timelinePath(projectStore(data, project).checkpoints, "s"));
    assert.deepEqual(timeline.entries.map((e) => [e.kind, e.title, e.after]), [
      ["prompt", "first", undefined],
    ]);
    await Deno.writeTextFile(join(project, "src/f1.ts"), "changed\n");
    await persistence.endRun((w) => warnings.push(w));
    const after = await readTimeline(timelinePath(projectStore(data, project).checkpoints, "s"));
    assert.deepEqual(after.entries[0].files, [], "only read tools ran: no second scan");
    assert.deepEqual(warnings, []);
  } finally {
    await Deno.remove(project, { recursive: true });
    await Deno.remove(data, { recursive: true });
  }
});
