/**
 * `nanocoder undo`: puts the project's files back as they were before the last prompt of
 * the latest session (`--prompts N` further back, `--to ID` a given checkpoint,
 * `--session` another session), prints what it restored, brought back and removed, and
 * refuses when a file changed since the agent touched it (`--force` overrides). An undo
 * is undone with `--redo`. `--list` shows the checkpoints. Needs no model.
 */
import type { GlobalFlags } from "./flags.ts";
import { EXIT } from "./exit_codes.ts";
import { listProjectCheckpoints, rewindProject } from "../engine/mod.ts";
import type { AgentEventBody, CheckpointInfo } from "../protocol.ts";
import { ConfigError } from "../errors.ts";
import { localTime } from "./sessions_list.ts";

/** Options of `undo`. */
export interface UndoOptions {
  session?: string;
  prompts?: number;
  to?: string;
  redo?: boolean;
  force?: boolean;
  conversation?: boolean;
  list?: boolean;
}

/** Runs `undo`; resolves to the exit code. */
export async function undoCommand(flags: GlobalFlags, options: UndoOptions): Promise<number> {
  const json = flags.json || flags.outputFormat === "json";
  try {
    if (options.list) {
      const { session, checkpoints } = await listProjectCheckpoints(flags.cwd!, options);
      if (json) console.log(JSON.stringify({ session: session.id, checkpoints }));
      else console.log(formatCheckpoints(session.id, session.title, checkpoints));
      return EXIT.ok;
    }
    const { session, events } = await rewindProject(flags.cwd!, options);
    if (json) {
      console.log(JSON.stringify({ session: session.id, events }));
      return events.some((e) => e.type === "error") ? EXIT.error : EXIT.ok;
    }
    let code: number = EXIT.ok;
    for (const event of events) {
      if (event.type === "notice") console.error(`note: ${event.message}`);
      else if (event.type === "error") {
        console.error(`error: ${event.message}`);
        code = EXIT.error;
      } else if (event.type === "rewound") console.log(formatRewound(session.id, event));
    }
    return code;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`error: ${error.message}`);
    return EXIT.error;
  }
}

/** What a rewind did, one file a line. */
export function formatRewound(
  sessionId: string,
  event: Extract<AgentEventBody, { type: "rewound" }>,
): string {
  const lines = [
    ...event.restored.map((f) => `  restored  ${f}`),
    ...event.created.map((f) => `  created   ${f}`),
    ...event.removed.map((f) => `  removed   ${f}`),
    ...event.skipped.map((f) => `  skipped   ${f} (too large to keep in a checkpoint)`),
  ];
  const head = lines.length
    ? `Restored the files of session ${sessionId.slice(0, 8)} to checkpoint ${
      event.target.slice(0, 8)
    }:`
    : `Nothing to restore: the files already match checkpoint ${event.target.slice(0, 8)}.`;
  const cut = event.conversation
    ? [`The saved conversation now ends before prompt ${event.conversation.toPrompt}.`]
    : [];
  return [head, ...lines, ...cut, "To undo this: nanocoder undo --redo"].join("\n");
}

/** A session's checkpoints, oldest first. */
export function formatCheckpoints(
  sessionId: string,
  title: string,
  checkpoints: readonly CheckpointInfo[],
): string {
  if (checkpoints.length === 0) return `Session ${sessionId.slice(0, 8)} has no checkpoints.`;
  const rows = checkpoints.map((c) => {
    const what = c.kind === "prompt" ? `prompt ${c.prompt}` : "undo";
    const files = c.files ? `${c.files.length} file${c.files.length === 1 ? "" : "s"}` : "running";
    return `  ${c.id.slice(0, 8)}  ${localTime(c.createdAt)}  ${what.padEnd(9)}  ${
      files.padEnd(8)
    }  ${c.title}${c.undone ? "  (undone)" : ""}`;
  });
  return [`Checkpoints of session ${sessionId.slice(0, 8)} (${title}), oldest first:`, ...rows]
    .join("\n");
}
