/**
 * write_tasks: the task list the model keeps for work with several steps, as Nanocoder's
 * tool of the same name (and Claude Code's TodoWrite). Each call replaces the whole
 * list. It touches no file: the list lives in the conversation, and the engine sends it
 * to frontends as a `tasks_updated` event (a live list in the TUI, a `plan` over ACP).
 */
import { z } from "zod";
import type { TaskItem } from "../protocol.ts";
import type { Tool } from "./tool.ts";

/** Most items a list may hold: it is a plan, not a backlog. */
export const MAX_TASKS = 50;

const schema = z.object({
  tasks: z.array(z.object({
    title: z.string().trim().min(1).max(300).describe("What the step is, in a few words."),
    status: z.enum(["pending", "in_progress", "completed"]).default("pending").describe(
      "pending (not started), in_progress (being worked on now), completed (done).",
    ),
    description: z.string().max(2000).optional().describe("Details, when the title is not enough."),
  })).max(MAX_TASKS).describe("The whole list, in order; it replaces the previous one."),
});

const DESCRIPTION =
  `Keep a short task list for work with several steps, so you and the user can follow progress.
- Each call replaces the whole list: send every task with its status (pending, in_progress, completed).
- Mark a task in_progress when you start it (one at a time) and completed as soon as it is done; add tasks you discover.
- Skip it for a single simple step or a question. An empty list clears it.`;

/** The write_tasks tool. */
export const writeTasksTool: Tool<typeof schema> = {
  name: "write_tasks",
  description: DESCRIPTION,
  schema,
  // Changes no file and runs nothing: never asks, also in plan mode.
  kind: "read",
  activity: "think",
  title: (args) => `Update tasks (${progress(args.tasks)})`,
  execute: (args) => {
    const tasks = args.tasks;
    if (tasks.length === 0) return Promise.resolve({ ok: true, output: "Task list cleared." });
    const lines = tasks.map((task) => {
      const mark = task.status === "completed"
        ? "[x]"
        : task.status === "in_progress"
        ? "[~]"
        : "[ ]";
      return `${mark} ${task.title}`;
    });
    return Promise.resolve({
      ok: true,
      output: `Task list updated (${progress(tasks)}):\n${lines.join("\n")}`,
      summary: `Tasks: ${progress(tasks)}`,
    });
  },
};

/** The task list a successful write_tasks call set, from its (validated) arguments. */
export function tasksOf(args: unknown): TaskItem[] | undefined {
  const parsed = schema.safeParse(args);
  if (!parsed.success) return undefined;
  return parsed.data.tasks.map((task) => ({
    title: task.title,
    status: task.status,
    ...(task.description ? { description: task.description } : {}),
  }));
}

function progress(tasks: readonly { status: string }[]): string {
  const done = tasks.filter((t) => t.status === "completed").length;
  return `${done}/${tasks.length} completed`;
}
