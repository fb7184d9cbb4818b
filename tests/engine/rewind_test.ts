/**
 * Undo through the engine (what the TUI's /undo and /rewind send): every prompt gets a
 * checkpoint before any of its tools runs, `rewind` restores files changed by file tools
 * and shell commands alike, refuses to overwrite changes made since, and can cut the
 * conversation back too.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { AgentEvent } from "../../src/protocol.ts";
import { withEngine } from "./_engine.ts";

type Of<T extends AgentEvent["type"]> = Extract<AgentEvent, { type: T }>;

const create = (path: string, content: string) => ({
  toolCalls: [{ name: "create_file", arguments: { path, content } }],
});

Deno.test("rewind undoes a file tool's new file, lists checkpoints, and redo brings it back", async () => {
  const turns = [create("hello.txt", "hi\n"), { text: "Created." }];
  await withEngine({ turns }, { mode: "yolo" }, async ({ engine, log, dir }) => {
    await log.done(engine.submit({ type: "prompt", text: "create hello.txt" }));
    const listId = engine.submit({ type: "list_checkpoints" });
    const list = await log.waitFor((e): e is Of<"checkpoints"> =>
      e.type === "checkpoints" && e.submissionId === listId
    );
    assert.deepEqual(
      list.checkpoints.map(({ kind, prompt, title, files, undone }) => ({
        kind,
        prompt,
        title,
        files,
        undone,
      })),
      [{
        kind: "prompt",
        prompt: 1,
        title: "create hello.txt",
        files: ["hello.txt"],
        undone: false,
      }],
    );
    const undoId = engine.submit({ type: "rewind" });
    const rewound = await log.waitFor((e): e is Of<"rewound"> =>
      e.type === "rewound" && e.submissionId === undoId
    );
    assert.deepEqual(
      [rewound.target, rewound.restored, rewound.created, rewound.removed, rewound.skipped],
      [list.checkpoints[0].id, [], [], ["hello.txt"], []],
    );
    await assert.rejects(Deno.stat(join(dir, "hello.txt")), Deno.errors.NotFound);
    const redoId = engine.submit({ type: "rewind", redo: true });
    await log.waitFor((e) => e.type === "rewound" && e.submissionId === redoId);
    assert.equal(await Deno.readTextFile(join(dir, "hello.txt")), "hi\n");
  });
});

Deno.test("rewind undoes what a shell command deleted and created", async () => {
  const bash = {
    name: "execute_bash",
    arguments: { command: "rm old.txt && echo new > made.txt" },
  };
  const turns = [{ toolCalls: [bash] }, { text: "Done." }];
  await withEngine({ turns }, { mode: "yolo" }, async ({ engine, log, dir }) => {
    await log.done(engine.submit({ type: "prompt", text: "clean up" }));
    assert.equal(await Deno.readTextFile(join(dir, "made.txt")), "new\n");
    const id = engine.submit({ type: "rewind" });
    const rewound = await log.waitFor((e): e is Of<"rewound"> =>
      e.type === "rewound" && e.submissionId === id
    );
    assert.deepEqual([rewound.created, rewound.removed], [["old.txt"], ["made.txt"]]);
    assert.equal(await Deno.readTextFile(join(dir, "old.txt")), "keep me\n");
    await assert.rejects(Deno.stat(join(dir, "made.txt")), Deno.errors.NotFound);
  }, (dir) => Deno.writeTextFile(join(dir, "old.txt"), "keep me\n"));
});

Deno.test("rewind refuses when a file changed since, and force overrides", async () => {
  const turns = [create("a.txt", "agent\n"), { text: "ok" }];
  await withEngine({ turns }, { mode: "yolo" }, async ({ engine, log, dir }) => {
    await log.done(engine.submit({ type: "prompt", text: "write a.txt" }));
    await Deno.writeTextFile(join(dir, "a.txt"), "mine\n");
    const id = engine.submit({ type: "rewind" });
    const error = await log.waitFor((e): e is Of<"error"> =>
      e.type === "error" && e.submissionId === id
    );
    assert.equal(error.code, "conflict");
    assert.match(error.message, /a\.txt/);
    assert.equal(await Deno.readTextFile(join(dir, "a.txt")), "mine\n");
    const forced = engine.submit({ type: "rewind", force: true });
    await log.waitFor((e) => e.type === "rewound" && e.submissionId === forced);
    await assert.rejects(Deno.stat(join(dir, "a.txt")), Deno.errors.NotFound);
    // Redo puts back the files as they were before the forced rewind: the user's edit.
    const redo = engine.submit({ type: "rewind", redo: true });
    await log.waitFor((e) => e.type === "rewound" && e.submissionId === redo);
    assert.equal(await Deno.readTextFile(join(dir, "a.txt")), "mine\n");
  });
});

Deno.test("rewind with conversation cuts the conversation back to before that prompt", async () => {
  const turns = [create("one.txt", "1\n"), { text: "One." }, create("two.txt", "2\n"), {
    text: "Two.",
  }, { text: "Three." }];
  await withEngine({ turns }, { mode: "yolo" }, async ({ engine, log, dir, mock }) => {
    await log.done(engine.submit({ type: "prompt", text: "make one" }));
    await log.done(engine.submit({ type: "prompt", text: "make two" }));
    const listId = engine.submit({ type: "list_checkpoints" });
    const list = await log.waitFor((e): e is Of<"checkpoints"> =>
      e.type === "checkpoints" && e.submissionId === listId
    );
    const second = list.checkpoints.find((c) => c.prompt === 2)!;
    const id = engine.submit({ type: "rewind", to: second.id, conversation: true });
    const rewound = await log.waitFor((e): e is Of<"rewound"> =>
      e.type === "rewound" && e.submissionId === id
    );
    assert.deepEqual(rewound.conversation, { toPrompt: 2 });
    assert.deepEqual(engine.transcript().filter((i) => i.type === "user").length, 1);
    assert.ok(await Deno.stat(join(dir, "one.txt")));
    await assert.rejects(Deno.stat(join(dir, "two.txt")), Deno.errors.NotFound);
    await log.done(engine.submit({ type: "prompt", text: "what now?" }));
    const sent = JSON.stringify(mock.chatRequests().at(-1)!.body.messages);
    assert.ok(sent.includes("make one") && !sent.includes("make two"));
  });
});

Deno.test("a rewind while a prompt runs is refused as busy", async () => {
  const slow = { text: "word ".repeat(40), chunkSize: 5, delayMs: 5 };
  await withEngine({ turns: [slow] }, {}, async ({ engine, log }) => {
    const runId = engine.submit({ type: "prompt", text: "talk" });
    await log.waitFor((e) => e.type === "text_delta" && e.runId === runId);
    const id = engine.submit({ type: "rewind" });
    const error = await log.waitFor((e): e is Of<"error"> =>
      e.type === "error" && e.submissionId === id
    );
    assert.equal(error.code, "busy");
    await log.done(runId);
  });
});

Deno.test("a session that is not saved answers rewind with unavailable", async () => {
  await withEngine({ turns: [] }, { persist: false }, async ({ engine, log }) => {
    const id = engine.submit({ type: "list_checkpoints" });
    const error = await log.waitFor((e): e is Of<"error"> =>
      e.type === "error" && e.submissionId === id
    );
    assert.equal(error.code, "unavailable");
  });
});
