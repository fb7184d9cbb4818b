/**
 * /undo, /redo and /rewind in the real UI on a fake session: the ops they send, the
 * files they report, a conflict that asks before overwriting, and a rewind of the
 * conversation that shows it as the model now has it.
 */
import assert from "node:assert/strict";
import { KEY, mountApp, type MountedApp } from "./_app.ts";
import { assertSnapshot } from "./_snapshot.ts";
import type { CheckpointInfo, Submission } from "../../src/protocol.ts";

const NOW = 1_000_000; // the store's clock in these tests
const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

const CHECKPOINTS: CheckpointInfo[] = [
  {
    id: "cp-1",
    kind: "prompt",
    prompt: 1,
    title: "write the notes",
    createdAt: ago(42),
    files: ["notes.md"],
    undone: false,
  },
  {
    id: "cp-2",
    kind: "prompt",
    prompt: 2,
    title: "fix the parser",
    createdAt: ago(5),
    files: ["src/parse.ts", "src/old.ts", "tests/parse_test.ts"],
    undone: false,
  },
];

/** Answers list_checkpoints with CHECKPOINTS, and rewinds with `answer`. */
function answering(app: MountedApp, answer: (s: Submission) => void): void {
  app.engine.onSubmit = (s) => {
    if (s.op.type === "list_checkpoints") {
      app.engine.emit({ type: "checkpoints", checkpoints: CHECKPOINTS }, { submissionId: s.id });
    } else if (s.op.type === "rewind") answer(s);
  };
}

Deno.test("/undo rewinds the last prompt and names the files it put back", async () => {
  const app = await mountApp({ rows: 30 });
  try {
    answering(app, (s) =>
      app.engine.emit({
        type: "rewound",
        checkpointId: "cp-3",
        target: "cp-2",
        restored: ["src/parse.ts"],
        created: ["src/old.ts"],
        removed: ["tests/parse_test.ts"],
        skipped: [],
      }, { submissionId: s.id }));
    await app.command("/undo");
    const frame = await app.ui.waitFor((f) => f.includes("Rewound"));
    assert.deepEqual(app.engine.opsOf("rewind"), [{ type: "rewind" }]);
    await assertSnapshot("undo_files", frame);
  } finally {
    app.unmount();
  }
});

Deno.test("/undo 2 undoes two prompts; a bad count is refused without an op", async () => {
  const app = await mountApp();
  try {
    answering(app, () => {});
    await app.command("/undo two");
    await app.ui.waitFor((f) => f.includes("/undo takes how many prompts to undo"));
    await app.command("/undo 2");
    await app.ui.waitFor(() => app.engine.opsOf("rewind").length === 1);
    assert.deepEqual(app.engine.opsOf("rewind"), [{ type: "rewind", prompts: 2 }]);
    await app.ui.waitFor((f) => f.includes("Restoring files"), "the working line");
  } finally {
    app.unmount();
  }
});

Deno.test("a conflict asks first; 'Rewind anyway' sends the rewind again with force", async () => {
  const app = await mountApp({ rows: 30 });
  try {
    answering(app, (s) => {
      if (s.op.type !== "rewind" || !s.op.force) {
        app.engine.emit({
          type: "error",
          code: "conflict",
          message: "Changed since the checkpoint: src/parse.ts (pass force to overwrite)",
        }, { submissionId: s.id });
      } else {
        app.engine.emit({
          type: "rewound",
          checkpointId: "cp-4",
          target: "cp-2",
          restored: ["src/parse.ts"],
          created: [],
          removed: [],
          skipped: [],
        }, { submissionId: s.id });
      }
    });
    await app.command("/undo");
    const asked = await app.ui.waitFor((f) => f.includes("Some files changed since that point"));
    assert.match(asked, /❯ 2\. Keep the files as they are/); // the safe answer first
    await app.type(KEY.up);
    await app.type(KEY.enter);
    await app.ui.waitFor((f) => f.includes("restored     src/parse.ts"));
    assert.deepEqual(app.engine.opsOf("rewind"), [{ type: "rewind" }, {
      type: "rewind",
      force: true,
    }]);
  } finally {
    app.unmount();
  }
});

Deno.test("/rewind picks a point; with the conversation, the screen shows what is left and the prompt comes back", async () => {
  const app = await mountApp({ rows: 30 });
  try {
    app.engine.items = [
      { type: "user", content: [{ type: "text", text: "write the notes" }] },
      { type: "assistant", text: "Wrote notes.md." },
      { type: "user", content: [{ type: "text", text: "fix the parser" }] },
      { type: "assistant", text: "Fixed it." },
    ];
    answering(app, (s) => {
      app.engine.items = app.engine.items.slice(0, 2); // the engine cut it
      app.engine.emit({
        type: "rewound",
        checkpointId: "cp-3",
        target: "cp-2",
        restored: ["src/parse.ts"],
        created: [],
        removed: [],
        skipped: [],
        conversation: { toPrompt: 2 },
      }, { submissionId: s.id });
    });
    await app.command("/rewind");
    const picker = await app.ui.waitFor((f) => f.includes("Rewind the project's files to before"));
    await assertSnapshot("rewind_picker", picker);
    await app.type(KEY.enter); // the newest point: prompt #2
    await app.ui.waitFor((f) => f.includes("Also rewind the conversation to before prompt #2?"));
    await app.type(KEY.enter); // files and conversation
    const frame = await app.ui.waitFor((f) => f.includes("> fix the parser"), "the prompt back");
    assert.deepEqual(app.engine.opsOf("rewind"), [{
      type: "rewind",
      to: "cp-2",
      conversation: true,
    }]);
    assert.match(frame, /❯ write the notes/);
    assert.match(frame, /● Wrote notes\.md\./);
    assert.ok(!frame.includes("Fixed it."), frame);
    assert.match(frame, /conversation\s+back to before prompt #2/);
  } finally {
    app.unmount();
  }
});

Deno.test("/rewind with no checkpoints says so; Esc in the picker sends nothing", async () => {
  const app = await mountApp();
  try {
    app.engine.onSubmit = (s) => {
      if (s.op.type === "list_checkpoints") {
        app.engine.emit({ type: "checkpoints", checkpoints: [] }, { submissionId: s.id });
      }
    };
    await app.command("/rewind");
    await app.ui.waitFor((f) => f.includes("No checkpoints yet"));
    answering(app, () => {});
    await app.command("/rewind");
    await app.ui.waitFor((f) => f.includes("#1 write the notes"));
    await app.type(KEY.escape);
    await app.ui.waitFor((f) => f.includes("Ask anything"));
    assert.deepEqual(app.engine.opsOf("rewind"), []);
  } finally {
    app.unmount();
  }
});

Deno.test("/redo undoes the last rewind", async () => {
  const app = await mountApp();
  try {
    answering(app, () => {});
    await app.command("/redo");
    await app.ui.waitFor(() => app.engine.opsOf("rewind").length === 1);
    assert.deepEqual(app.engine.opsOf("rewind"), [{ type: "rewind", redo: true }]);
  } finally {
    app.unmount();
  }
});
