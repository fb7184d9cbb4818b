/**
 * /undo, /redo and /rewind: the project's files put back as they were before a prompt
 * (the engine's checkpoints), optionally the conversation too; what changed since is
 * never overwritten without asking, and every rewind can itself be undone.
 */
import type { AgentEventBody, AgentOp } from "../../protocol.ts";
import { checkpointItem } from "../render/rewind_lines.ts";
import { promptText } from "../state/replay.ts";
import type { Controller } from "./controller.ts";
import { ask } from "./dialogs.ts";

type RewindOp = Extract<AgentOp, { type: "rewind" }>;
type Rewound = Extract<AgentEventBody, { type: "rewound" }>;

/** /undo [N]: the files as they were before the last N prompts (default 1). */
export async function undo(c: Controller, args: string): Promise<void> {
  const prompts = args.trim() ? Number(args.trim()) : 1;
  if (!Number.isInteger(prompts) || prompts < 1) {
    return c.store.notice("error", "/undo takes how many prompts to undo, e.g. /undo 2");
  }
  if (!c.idle("/undo")) return;
  await listCheckpoints(c); // to name what the files go back to
  await rewindFiles(c, { type: "rewind", ...(prompts > 1 ? { prompts } : {}) });
}

/** /redo: undoes the last rewind. */
export async function redo(c: Controller): Promise<void> {
  if (!c.idle("/redo")) return;
  await listCheckpoints(c);
  await rewindFiles(c, { type: "rewind", redo: true });
}

/** /rewind: pick a point, then whether the conversation goes back too. */
export async function rewind(c: Controller): Promise<void> {
  if (!c.idle("/rewind")) return;
  const checkpoints = await listCheckpoints(c);
  if (!checkpoints) return;
  if (checkpoints.length === 0) {
    return c.store.notice("info", "No checkpoints yet: nothing to rewind to");
  }
  const newestFirst = [...checkpoints].reverse();
  const to = await ask(c.store, {
    title: "Rewind the project's files to before…",
    body: ["Files are put back as they were then. A rewind can itself be undone (/redo)."],
    items: newestFirst.map((point) => checkpointItem(point, c.store.now())),
    filterable: newestFirst.length > 8,
  });
  const point = newestFirst.find((p) => p.id === to);
  if (!point) return;
  const conversation = await askConversation(c, point.prompt);
  if (conversation === undefined) return;
  // The prompt goes back into the input, to be edited and sent again.
  const text = conversation ? promptAt(c, point.prompt!) : undefined;
  const rewound = await rewindFiles(c, { type: "rewind", to: point.id, conversation });
  if (rewound?.conversation && text && c.store.editor.isEmpty) {
    c.store.editor.set(text);
    c.store.changed(true);
  }
}

/** Whether to also cut the conversation (only for a prompt still in it); undefined: Esc. */
async function askConversation(c: Controller, prompt?: number): Promise<boolean | undefined> {
  if (prompt === undefined || promptAt(c, prompt) === undefined) return false;
  const answer = await ask(c.store, {
    title: `Also rewind the conversation to before prompt #${prompt}?`,
    body: ["The model then forgets that prompt and everything after it."],
    items: [
      { label: "Files and conversation", value: "both" },
      { label: "Files only", value: "files" },
    ],
  });
  return answer === undefined ? undefined : answer === "both";
}

/** The text of prompt number `n` (1-based) of the conversation, if it is still in it. */
function promptAt(c: Controller, n: number): string | undefined {
  const prompts = (c.engine?.transcript() ?? []).filter((item) => item.type === "user");
  const item = prompts[n - 1];
  return item?.type === "user" ? promptText(item.content) : undefined;
}

async function listCheckpoints(c: Controller) {
  const answer = await c.request(
    { type: "list_checkpoints" },
    (e) => e.type === "checkpoints" || e.type === "error",
  );
  return answer.type === "checkpoints" ? answer.checkpoints : undefined;
}

/**
 * Sends a rewind (the session counts as busy meanwhile). Files changed since the point
 * are a `conflict`: the person decides whether to overwrite them.
 */
async function rewindFiles(c: Controller, op: RewindOp): Promise<Rewound | undefined> {
  const answer = await c.busyWith(
    "rewind",
    "Restoring files",
    () => c.request(op, (e) => e.type === "rewound" || e.type === "error"),
  );
  if (answer.type === "rewound") return answer;
  if (answer.type !== "error" || answer.code !== "conflict") return undefined;
  const choice = await ask(c.store, {
    title: "Some files changed since that point",
    body: answer.message.split("\n"),
    items: [
      { label: "Rewind anyway", value: "force", hint: "what changed is kept in a checkpoint" },
      { label: "Keep the files as they are", value: "keep" },
    ],
    selected: 1,
  });
  return choice === "force" ? await rewindFiles(c, { ...op, force: true }) : undefined;
}
