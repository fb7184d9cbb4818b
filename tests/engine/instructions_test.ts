/**
 * Project instructions: AGENTS.md (else CLAUDE.md) of the project and the folders above
 * it up to the repository root in the system prompt; those of folders below added to the
 * result of the first tool call that works there, so every request still extends the
 * previous one byte for byte (KV-cache reuse on local servers).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startMockLlm } from "../_helpers/mock_llm.ts";
import { EventLog, openIsolated, withEngine } from "./_engine.ts";
import { writeFiles } from "../checkpoints/_tree.ts";

const read = (path: string) => ({ toolCalls: [{ name: "read_file", arguments: { path } }] });

Deno.test("AGENTS.md of the project is in the system prompt; CLAUDE.md only where there is none", async () => {
  await withEngine({ turns: [{ text: "ok" }] }, {}, async ({ engine, log, mock }) => {
    await log.done(engine.submit({ type: "prompt", text: "hi" }));
    const system = mock.chatRequests()[0].body.messages[0].content as string;
    assert.match(system, /# Project instructions \(from AGENTS\.md\)\nUse tabs\./);
    assert.doesNotMatch(system, /Claude rules/);
  }, (dir) => writeFiles(dir, { "AGENTS.md": "Use tabs.\n", "CLAUDE.md": "Claude rules.\n" }));
  await withEngine({ turns: [{ text: "ok" }] }, {}, async ({ engine, log, mock }) => {
    await log.done(engine.submit({ type: "prompt", text: "hi" }));
    const system = mock.chatRequests()[0].body.messages[0].content as string;
    assert.match(system, /# Project instructions \(from CLAUDE\.md\)\nClaude rules\./);
  }, (dir) => writeFiles(dir, { "CLAUDE.md": "Claude rules.\n" }));
});

Deno.test("a repository root's AGENTS.md comes first, the project's own last (nearest wins)", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-repo-" }));
  const mock = await startMockLlm({ turns: [{ text: "ok" }] });
  await Deno.mkdir(join(dir, ".git"));
  await writeFiles(dir, { "AGENTS.md": "Repo rules.\n", "pkg/app/AGENTS.md": "Package rules.\n" });
  const cwd = join(dir, "pkg/app");
  const engine = await openIsolated({ cwd, baseUrl: mock.url, model: "m", persist: false }, dir);
  try {
    const log = new EventLog(engine);
    await log.done(engine.submit({ type: "prompt", text: "hi" }));
    const system = mock.chatRequests()[0].body.messages[0].content as string;
    assert.match(
      system,
      /## From \.\.\/\.\.\/AGENTS\.md\nRepo rules\.\n\n## From AGENTS\.md \(nearest: takes precedence\)\nPackage rules\./,
    );
  } finally {
    await engine.close();
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a subfolder's AGENTS.md joins the first result there, once, and the prefix holds", async () => {
  const turns = [read("web/a.ts"), read("web/b.ts"), { text: "Read both." }];
  await withEngine({ turns }, {}, async ({ engine, log, mock }) => {
    await log.done(engine.submit({ type: "prompt", text: "read the web files" }));
    const bodies = mock.chatRequests().map((r) => r.body.messages);
    const results = bodies[2].filter((m: { role: string }) => m.role === "tool");
    assert.equal(results.length, 2);
    assert.match(results[0].content, /<project-instructions file="web\/AGENTS\.md">/);
    assert.match(results[0].content, /take precedence\.\n\nNo semicolons in web\/\.\n/);
    assert.doesNotMatch(results[1].content, /project-instructions/);
    // The system prompt never changed, and each request extends the one before.
    assert.equal(new Set(bodies.map((m) => m[0].content)).size, 1);
    for (let i = 1; i < bodies.length; i++) {
      const before = JSON.stringify(bodies[i - 1]);
      assert.ok(JSON.stringify(bodies[i]).startsWith(before.slice(0, -1)));
    }
  }, (dir) =>
    writeFiles(dir, {
      "web/AGENTS.md": "No semicolons in web/.\n",
      "web/a.ts": "a\n",
      "web/b.ts": "b\n",
    }));
});

/** A file of the user's outside any project, removed after `fn`. */
async function withSecret(fn: (secret: string) => Promise<void>): Promise<void> {
  const home = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-home-" }));
  const secret = join(home, "secret_key.txt");
  await Deno.writeTextFile(secret, "sk-user-SECRET-abcdef\n");
  try {
    await fn(secret);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

const unix = Deno.build.os !== "windows";

Deno.test({
  name: "an instruction file symlinked out of the project is left out and named; one inside counts",
  ignore: !unix,
  async fn() {
    await withSecret(async (secret) => {
      const turns = [read("sub/x.txt"), { text: "ok" }];
      await withEngine({ turns }, {}, async ({ engine, log, mock, dir }) => {
        const configured = await log.waitFor((e) => e.type === "session_configured");
        assert.deepEqual(configured.type === "session_configured" && configured.warnings, [
          `Skipped "${join(dir, "AGENTS.md")}": it is a symlink to "${secret}", outside "${dir}"`,
        ]);
        await log.done(engine.submit({ type: "prompt", text: "read sub/x.txt" }));
        const sent = JSON.stringify(mock.chatRequests().map((r) => r.body));
        assert.doesNotMatch(sent, /sk-user-SECRET/);
        // AGENTS.md was refused, so CLAUDE.md, a symlink to a file inside, is used.
        const system = mock.chatRequests()[0].body.messages[0].content as string;
        assert.match(system, /# Project instructions \(from CLAUDE\.md\)\nInside rules\./);
        const notice = log.events.find((e) => e.type === "notice" && /sub/.test(e.message));
        assert.equal(
          notice?.type === "notice" && notice.message,
          `Skipped "${
            join(dir, "sub", "CLAUDE.md")
          }": it is a symlink to "${secret}", outside "${dir}"`,
        );
      }, async (dir) => {
        await writeFiles(dir, { "rules.md": "Inside rules.\n", "sub/x.txt": "x\n" });
        await Deno.symlink(secret, join(dir, "AGENTS.md"));
        await Deno.symlink("rules.md", join(dir, "CLAUDE.md"));
        await Deno.symlink(secret, join(dir, "sub", "CLAUDE.md"));
      });
    });
  },
});

Deno.test({
  name: "an AGENTS.md that is a FIFO does not hang the start; a huge one is cut with a warning",
  ignore: !unix,
  async fn() {
    await withEngine({ turns: [{ text: "ok" }] }, {}, async ({ log, dir }) => {
      const configured = await log.waitFor((e) => e.type === "session_configured");
      assert.deepEqual(configured.type === "session_configured" && configured.warnings, [
        `Skipped "${join(dir, "AGENTS.md")}": it is a named pipe (FIFO), not a regular file`,
      ]);
    }, async (dir) => {
      const out = await new Deno.Command("mkfifo", { args: [join(dir, "AGENTS.md")] }).output();
      assert.equal(out.code, 0);
    });
    await withEngine({ turns: [{ text: "ok" }] }, {}, async ({ engine, log, mock, dir }) => {
      const configured = await log.waitFor((e) => e.type === "session_configured");
      assert.deepEqual(configured.type === "session_configured" && configured.warnings, [
        `"${join(dir, "AGENTS.md")}" is over 40,000 characters: only the first 40,000 are ` +
        "given to the model",
      ]);
      await log.done(engine.submit({ type: "prompt", text: "hi" }));
      const system = mock.chatRequests()[0].body.messages[0].content as string;
      assert.match(system, /a{40000}\n\[\.\.\. AGENTS\.md truncated \.\.\.\]/);
    }, (dir) => Deno.writeTextFile(join(dir, "AGENTS.md"), "a".repeat(1024 * 1024)));
  },
});

Deno.test("in a repository, the project's own AGENTS.md may not lead elsewhere in it; a link to the root's is read once", async () => {
  // A folder unpacked under a home directory kept in git: its AGENTS.md -> ../../.ssh_key
  // stays inside the repository, but not inside the project.
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-repo-" }));
  const mock = await startMockLlm({ turns: [{ text: "ok" }] });
  await Deno.mkdir(join(dir, ".git"));
  await writeFiles(dir, { ".ssh_key": "id_rsa-SECRET\n", "AGENTS.md": "Repo rules.\n" });
  await Deno.mkdir(join(dir, "dl/proj/pkg"), { recursive: true });
  await Deno.symlink("../../.ssh_key", join(dir, "dl/proj/AGENTS.md"));
  await Deno.symlink("../../../AGENTS.md", join(dir, "dl/proj/pkg/AGENTS.md"));
  const cwd = join(dir, "dl/proj");
  const engine = await openIsolated({ cwd, baseUrl: mock.url, model: "m", persist: false }, dir);
  try {
    const log = new EventLog(engine);
    const configured = await log.waitFor((e) => e.type === "session_configured");
    assert.deepEqual(configured.type === "session_configured" && configured.warnings, [
      `Skipped "${join(cwd, "AGENTS.md")}": it is a symlink to "${join(dir, ".ssh_key")}", ` +
      `outside "${cwd}"`,
    ]);
    await log.done(engine.submit({ type: "prompt", text: "hi" }));
    const system = mock.chatRequests()[0].body.messages[0].content as string;
    assert.doesNotMatch(system, /SECRET/);
    assert.match(system, /Repo rules\./);
    // pkg/AGENTS.md links to the root's, already in the prompt: skipped, no warning.
    const nested = await import("../../src/agent/instructions.ts");
    const warnings: string[] = [];
    const extra = await new nested.NestedInstructions(cwd, [], (w) => warnings.push(w))
      .forPaths([join(cwd, "pkg", "x.ts")]);
    assert.equal(extra, undefined);
    assert.deepEqual(warnings, []);
  } finally {
    await engine.close();
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
});
