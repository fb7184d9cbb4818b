/**
 * Files a prompt names (the TUI's `@notes.md`, an editor's mention): a path in the
 * project is a project file, so a symlink in it that leads out is refused, and so is a
 * FIFO; a path outside the project that the user gave explicitly is read as given.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { withEngine } from "./_engine.ts";

const unix = Deno.build.os !== "windows";

async function withOutsideFile(fn: (path: string) => Promise<void>): Promise<void> {
  const home = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-home-" }));
  const path = join(home, "secret_key.txt");
  await Deno.writeTextFile(path, "sk-user-SECRET\n");
  try {
    await fn(path);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

Deno.test({
  name: "@notes.md, a symlink out of the project, is refused by name and nothing is sent",
  ignore: !unix,
  async fn() {
    await withOutsideFile(async (secret) => {
      await withEngine({ turns: [{ text: "ok" }] }, {}, async ({ engine, log, mock, dir }) => {
        for (const path of ["notes.md", join(dir, "notes.md")]) {
          const runId = engine.submit({
            type: "prompt",
            content: [{ type: "text", text: "summarize" }, { type: "file", path }],
          });
          assert.equal((await log.done(runId)).reason, "error");
          const error = log.ofRun(runId).find((e) => e.type === "error");
          assert.equal(
            error?.type === "error" && error.message,
            `Cannot attach "${path}": it is a symlink to "${secret}", outside "${dir}"`,
          );
        }
        assert.equal(mock.chatRequests().length, 0);
      }, (dir) => Deno.symlink(secret, join(dir, "notes.md")));
    });
  },
});

Deno.test({
  name: "a FIFO named in a prompt is refused at once; a file outside given by its path is read",
  ignore: !unix,
  async fn() {
    await withOutsideFile(async (outside) => {
      await withEngine({ turns: [{ text: "ok" }] }, {}, async ({ engine, log, mock }) => {
        const pipe = engine.submit({ type: "prompt", content: [{ type: "file", path: "pipe" }] });
        const error = await log.waitFor((e) => e.type === "error" && e.runId === pipe);
        assert.equal(
          error.type === "error" && error.message,
          'Cannot attach "pipe": it is a named pipe (FIFO), not a regular file',
        );
        await log.done(pipe);
        const runId = engine.submit({
          type: "prompt",
          content: [{ type: "text", text: "use my key file" }, { type: "file", path: outside }],
        });
        assert.equal((await log.done(runId)).reason, "completed");
        const sent = mock.chatRequests()[0].body.messages.at(-1).content as string;
        assert.equal(
          sent,
          `use my key file\n\n<file path="${outside}">\nsk-user-SECRET\n\n</file>`,
        );
      }, async (dir) => {
        const out = await new Deno.Command("mkfifo", { args: [join(dir, "pipe")] }).output();
        assert.equal(out.code, 0);
      });
    });
  },
});
