/** write_tasks: the model's task list, replaced whole on each call, touching no file. */
import assert from "node:assert/strict";
import { tasksOf, writeTasksTool } from "../../src/tools/write_tasks.ts";
import { resolveCall } from "../../src/tools/executor.ts";
import { ToolRegistry } from "../../src/tools/registry.ts";

const registry = new ToolRegistry();
registry.register(writeTasksTool);

function call(args: unknown) {
  return resolveCall(registry, { name: "write_tasks", arguments: JSON.stringify(args) });
}

Deno.test("write_tasks shows the model its list with progress; status defaults to pending", async () => {
  const resolved = call({
    tasks: [{ title: "Read", status: "completed" }, { title: " Fix ", status: "in_progress" }, {
      title: "Test",
    }],
  });
  assert.ok(resolved.ok);
  const result = await writeTasksTool.execute(resolved.args as never, {} as never);
  assert.deepEqual(result, {
    ok: true,
    output: "Task list updated (1/3 completed):\n[x] Read\n[~] Fix\n[ ] Test",
    summary: "Tasks: 1/3 completed",
  });
  assert.deepEqual(tasksOf(resolved.args), [
    { title: "Read", status: "completed" },
    { title: "Fix", status: "in_progress" },
    { title: "Test", status: "pending" },
  ]);
  assert.equal(writeTasksTool.title!(resolved.args as never), "Update tasks (1/3 completed)");
});

Deno.test("write_tasks refuses an unknown status or an empty title with a message to fix it", () => {
  const bad = call({ tasks: [{ title: "x", status: "done" }] });
  assert.ok(!bad.ok);
  assert.match(bad.error, /invalid arguments for "write_tasks"/);
  assert.ok(!call({ tasks: [{ title: "  " }] }).ok);
});

Deno.test("write_tasks with an empty list clears it; it is a read-kind tool (no approval)", async () => {
  const resolved = call({ tasks: [] });
  assert.ok(resolved.ok);
  const result = await writeTasksTool.execute(resolved.args as never, {} as never);
  assert.equal(result.output, "Task list cleared.");
  assert.deepEqual(tasksOf(resolved.args), []);
  assert.equal(writeTasksTool.kind, "read");
});
