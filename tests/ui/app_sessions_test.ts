/**
 * Saved sessions in the real UI: /resume (a picker of this folder's sessions, or a
 * reference) reopens the engine on the one chosen and shows its conversation; /export
 * writes the conversation to a file.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { KEY, mountApp } from "./_app.ts";
import { configured, FakeEngine } from "./_fake_engine.ts";
import { assertSnapshot } from "./_snapshot.ts";
import { projectStore, SessionLog } from "../../src/sessions/mod.ts";
import { defaultName } from "../../src/ui/app/sessions.ts";
import type { AgentEvent } from "../../src/protocol.ts";

/** A saved session of `cwd` with one prompt, as the engine writes it. */
function saveSession(dataDir: string, cwd: string, id: string, text: string, at: string) {
  const log = new SessionLog({
    dir: projectStore(dataDir, cwd).sessions,
    sessionId: id,
    cwd,
    secrets: [],
  });
  const tags = { sessionId: id, runId: crypto.randomUUID() };
  const events: AgentEvent[] = [
    { ...configured({ cwd }), sessionId: id },
    { type: "run_started", prompt: [{ type: "text", text }], ...tags },
    { type: "assistant_message", text: "Done.", reasoning: "", ...tags },
    { type: "done", reason: "completed", finalText: "Done.", ...tags },
  ];
  for (const event of events) log.record(event);
  log.close();
  Deno.utimeSync(log.file, new Date(at), new Date(at));
}

async function withDataDir(fn: (dataDir: string, cwd: string) => Promise<void>): Promise<void> {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-ui-sessions-" }));
  const before = Deno.env.get("NANOCODER_DATA_DIR");
  Deno.env.set("NANOCODER_DATA_DIR", join(root, "data"));
  try {
    await Deno.mkdir(join(root, "project"));
    await fn(join(root, "data"), join(root, "project"));
  } finally {
    if (before === undefined) Deno.env.delete("NANOCODER_DATA_DIR");
    else Deno.env.set("NANOCODER_DATA_DIR", before);
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("/resume lists this folder's other sessions; the one picked opens and shows its conversation", async () => {
  await withDataDir(async (dataDir, cwd) => {
    saveSession(dataDir, cwd, "aaaa1111-old", "write the changelog", "2026-01-02T10:00:00Z");
    saveSession(dataDir, cwd, "bbbb2222-new", "fix the login bug", "2026-01-03T10:00:00Z");
    const resumed = new FakeEngine("aaaa1111-old");
    resumed.items = [
      { type: "user", content: [{ type: "text", text: "write the changelog" }] },
      { type: "assistant", text: "The changelog is written." },
    ];
    resumed.emit(configured({ cwd, resumed: { title: "write the changelog", prompts: 1 } }));
    const app = await mountApp({ cwd, later: [resumed], rows: 30 });
    try {
      await app.command("/resume");
      const picker = await app.ui.waitFor((f) => f.includes("Resume which session?"));
      assert.match(picker, /❯ 1\. fix the login bug\s+1 prompt · 2026-01-03 10:00 · qwen3-coder/);
      await app.type(KEY.down);
      await app.type(KEY.enter);
      const frame = await app.ui.waitFor((f) =>
        f.includes("The changelog is written.") && f.includes("Resumed session")
      );
      assert.deepEqual(app.reopened.map((o) => o.resume), ["aaaa1111-old"]);
      assert.ok(app.engine.closed, "the session left behind is closed");
      assert.match(frame, /❯ write the changelog/);
      assert.match(frame, /Resumed session: write the changelog \(1 prompt\)/);
      await assertSnapshot("resume_conversation", frame.replace(cwd, "/home/me/project"));
      // Prompts now go to the resumed session.
      await app.command("and the release notes");
      await app.ui.waitFor(() => resumed.opsOf("prompt").length === 1);
      assert.equal(app.engine.opsOf("prompt").length, 0);
    } finally {
      app.unmount();
    }
  });
});

Deno.test("/resume REF opens that session; one that cannot open leaves the current one in place", async () => {
  const app = await mountApp();
  try {
    await app.command("/resume nope");
    await app.ui.waitFor((f) => f.includes("✗ Session not found"));
    assert.deepEqual(app.reopened.map((o) => o.resume), ["nope"]);
    assert.ok(!app.engine.closed);
    await app.command("still here?");
    await app.ui.waitFor(() => app.engine.opsOf("prompt").length === 1);
  } finally {
    app.unmount();
  }
});

Deno.test("/export writes the conversation as Markdown under a name from the first prompt, or to FILE as JSON", async () => {
  await withDataDir(async (dataDir, cwd) => {
    saveSession(dataDir, cwd, "session-1", "Fix the login bug!", "2026-01-03T10:00:00Z");
    const app = await mountApp({ cwd });
    try {
      app.engine.items = [{
        type: "user",
        content: [{ type: "text", text: "Fix the login bug!" }],
      }];
      await app.command("/export");
      const frame = await app.ui.waitFor((f) => f.includes("Exported the conversation to"));
      const name = defaultName("Fix the login bug!", "md");
      assert.equal(name.replace(/\d{4}-\d\d-\d\d/, "DATE"), "fix-the-login-bug-DATE.md");
      assert.match(frame.replace(/\s+/g, " "), new RegExp(`${name} \\(md, \\d+ lines\\)`));
      assert.match(await Deno.readTextFile(join(cwd, name)), /^---\nsession: session-1\n/);
      await app.command("/export json out/session.json");
      await app.ui.waitFor((f) => f.includes("✗ Cannot write"), "no such folder: said, not thrown");
      await app.command("/export json session.json");
      await app.ui.waitFor((f) => f.includes("session.json (json"));
      const json = JSON.parse(await Deno.readTextFile(join(cwd, "session.json")));
      assert.equal(json.session.id, "session-1");
      // Again: the file exists, and is kept unless the person says otherwise.
      await Deno.writeTextFile(join(cwd, "session.json"), "mine");
      await app.command("/export session.json");
      await app.ui.waitFor((f) => f.includes("session.json exists: overwrite it?"));
      await app.type(KEY.enter); // "Keep it" is the default
      await app.ui.waitFor((f) => f.includes("Ask anything"));
      assert.equal(await Deno.readTextFile(join(cwd, "session.json")), "mine");
    } finally {
      app.unmount();
    }
  });
});

Deno.test("/export with nothing said yet has nothing to write", async () => {
  const app = await mountApp();
  try {
    await app.command("/export");
    await app.ui.waitFor((f) => f.includes("Nothing to export yet"));
  } finally {
    app.unmount();
  }
});
