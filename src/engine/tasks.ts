/**
 * The model's task list as events: a successful `write_tasks` call becomes a
 * `tasks_updated` event with the list it set, right after the call's end.
 */
import type { AgentEventBody } from "../protocol.ts";
import { tasksOf } from "../tools/write_tasks.ts";

/** Watches events for write_tasks calls. */
export class TaskWatcher {
  /** Arguments of write_tasks calls that started and have not ended. */
  #pending = new Map<string, Record<string, unknown>>();

  /** The `tasks_updated` event an event calls for, if any. */
  after(event: AgentEventBody): AgentEventBody | undefined {
    if (event.type === "tool_call_started" && event.name === "write_tasks") {
      this.#pending.set(event.callId, event.arguments);
    }
    if (event.type !== "tool_call_ended" || !this.#pending.has(event.callId)) return undefined;
    const args = this.#pending.get(event.callId);
    this.#pending.delete(event.callId);
    const tasks = event.ok ? tasksOf(args) : undefined;
    return tasks ? { type: "tasks_updated", tasks } : undefined;
  }
}
