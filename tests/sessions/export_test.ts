/** A session exported as Markdown reads as one document: nested headings, unanswered prompts said. */
import assert from "node:assert/strict";
import { exportSession } from "../../src/sessions/export.ts";
import type { LoadedSession } from "../../src/sessions/load.ts";

const session = (transcript: LoadedSession["transcript"]): LoadedSession => ({
  info: {
    id: "s1",
    cwd: "/p",
    title: "Plan it",
    provider: "local",
    model: "qwen",
    createdAt: "2026-12-01T00:00:00.000Z",
    updatedAt: "2026-12-01T00:00:00.000Z",
    prompts: 2,
    file: "/p/s1.jsonl",
  },
  events: [],
  transcript,
  tasks: [],
  skipped: 0,
});

Deno.test("the model's headings sit under its message; code blocks are left as they are", () => {
  const md = exportSession(
    session([
      { type: "user", content: [{ type: "text", text: "Plan it" }] },
      {
        type: "assistant",
        text: "# Plan\n\n## Step 1\n\n```md\n# not a heading\n```\n###### deep",
      },
    ]),
    "md",
  );
  assert.match(md, /\n# Plan it\n/);
  assert.match(
    md,
    /## Assistant\n\n### Plan\n\n#### Step 1\n\n```md\n# not a heading\n```\n###### deep/,
  );
});

Deno.test("a prompt the next prompt follows is marked as unanswered", () => {
  const md = exportSession(
    session([
      { type: "user", content: [{ type: "text", text: "first" }] },
      { type: "user", content: [{ type: "text", text: "second" }] },
      { type: "assistant", text: "Answer." },
    ]),
    "md",
  );
  assert.match(
    md,
    /## User\n\nfirst\n\n\*No answer: the request was stopped \(cancelled or failed\)\.\*\n\n## User\n\nsecond/,
  );
  assert.equal(md.match(/No answer/g)?.length, 1);
});
