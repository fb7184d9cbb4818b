/**
 * Pruning: sessions older than the age go with their checkpoints, and so does every
 * checkpoint object nothing else refers to; what remaining sessions need stays.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { Checkpoints } from "../../src/checkpoints/mod.ts";
import { parseAge, projectStore, pruneSessions, SessionLog } from "../../src/sessions/mod.ts";
import { tempProject } from "../checkpoints/_tree.ts";

Deno.test("prune removes old sessions, their timelines and unreferenced objects only", async () => {
  const project = await tempProject({ "a.txt": "one\n" });
  const data = await Deno.makeTempDir({ prefix: "nanocoder-data-" });
  try {
    const store = projectStore(data, project);
    const session = async (id: string, text: string) => {
      const log = new SessionLog({ dir: store.sessions, sessionId: id, cwd: project, secrets: [] });
      log.record({ type: "run_started", prompt: [{ type: "text", text }], sessionId: id });
      log.close();
      const cp = new Checkpoints({ cwd: project, dir: store.checkpoints, sessionId: id });
      const before = await cp.beforePrompt(1, text);
      await Deno.writeTextFile(join(project, "a.txt"), `${text}\n`);
      await cp.afterPrompt(before, true);
      return cp;
    };
    await session("old", "old content");
    const kept = await session("new", "new content");
    const monthAgo = new Date(Date.now() - 40 * 86_400_000);
    for (
      const file of [
        join(store.sessions, "old.jsonl"),
        join(store.checkpoints, "timelines", "old.jsonl"),
      ]
    ) await Deno.utime(file, monthAgo, monthAgo);
    // Objects younger than an hour may belong to a running session: age them all.
    const objects = join(store.checkpoints, "objects");
    for (const folder of Deno.readDirSync(objects)) {
      for (const file of Deno.readDirSync(join(objects, folder.name))) {
        await Deno.utime(join(objects, folder.name, file.name), monthAgo, monthAgo);
      }
    }
    const dry = await pruneSessions(data, parseAge("30d"), { cwd: project, dryRun: true });
    assert.deepEqual(dry, { sessions: ["old"], objects: 0, bytes: 0 });
    const result = await pruneSessions(data, parseAge("30d"), { cwd: project });
    assert.deepEqual(result.sessions, ["old"]);
    assert.ok(result.objects >= 1, "the blob only the old session's snapshot held is gone");
    await assert.rejects(Deno.stat(join(store.sessions, "old.jsonl")), Deno.errors.NotFound);
    // The remaining session still undoes.
    await kept.rewind({});
    assert.equal(await Deno.readTextFile(join(project, "a.txt")), "old content\n");
  } finally {
    await Deno.remove(project, { recursive: true });
    await Deno.remove(data, { recursive: true });
  }
});

Deno.test("ages: 30d, 12h, 2w, 90m; anything else is a usage error", () => {
  assert.equal(parseAge("30d"), 30 * 86_400_000);
  assert.equal(parseAge("12h"), 12 * 3_600_000);
  assert.equal(parseAge("2w"), 14 * 86_400_000);
  assert.equal(parseAge("90m"), 90 * 60_000);
  assert.throws(() => parseAge("30"), /Invalid age "30"/);
  assert.throws(() => parseAge("soon"), /Invalid age/);
});
