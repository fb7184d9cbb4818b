/**
 * What streams to the editor and how a prompt ends: reasoning as thought chunks, no
 * text shown twice when a dropped stream is asked again, and each stop reason
 * (`max_tokens`, `refusal`, `max_turn_requests`); a provider failure is a JSON-RPC error
 * with the engine's code.
 */
import assert from "node:assert/strict";
import { agentText, openSession, updatesOf, withAcp } from "./acp_harness.ts";

const ANSWER = "A long answer that the server drops halfway through, then sends again.";

Deno.test("a stream dropped and asked again shows its text once", async () => {
  await withAcp({
    mock: { turns: [{ text: ANSWER, fault: "drop_mid_stream", consume: false }] },
  }, async (f) => {
    const sessionId = await openSession(f);
    assert.equal((await f.client.prompt(sessionId, "talk")).stopReason, "end_turn");
    assert.equal(f.mock.chatRequests().length, 2, "the turn was asked again");
    assert.equal(agentText(f.client.updates(sessionId)), ANSWER);
  });
});

Deno.test("reasoning streams as thought chunks, the answer as message chunks", async () => {
  await withAcp({
    mock: { turns: [{ reasoning: "Think first.", text: "Then answer." }] },
  }, async (f) => {
    const sessionId = await openSession(f);
    await f.client.prompt(sessionId, "q");
    const thoughts = updatesOf(f.client.updates(sessionId), "agent_thought_chunk")
      .map((u) => u.content.type === "text" ? u.content.text : "").join("");
    assert.equal(thoughts, "Think first.");
    assert.equal(agentText(f.client.updates(sessionId)), "Then answer.");
  });
});

Deno.test("stop reasons: max_tokens, refusal and max_turn_requests", async () => {
  await withAcp({
    mock: {
      turns: [
        { text: "Cut off at the lim", finishReason: "length" },
        { text: "I can't help with that.", finishReason: "content_filter" },
        { toolCalls: [{ name: "list_directory", arguments: { path: "." } }] },
      ],
    },
    flags: (url) => ["--base-url", url, "--model", "test-model", "--max-turns", "1"],
  }, async (f) => {
    const sessionId = await openSession(f);
    assert.equal((await f.client.prompt(sessionId, "a")).stopReason, "max_tokens");
    assert.equal((await f.client.prompt(sessionId, "b")).stopReason, "refusal");
    assert.equal((await f.client.prompt(sessionId, "c")).stopReason, "max_turn_requests");
  });
});

Deno.test("a provider failure fails the prompt with its message and code", async () => {
  await withAcp({
    mock: { turns: [{ fault: { status: 401, body: { error: { message: "bad key" } } } }] },
  }, async (f) => {
    const sessionId = await openSession(f);
    await assert.rejects(
      f.client.prompt(sessionId, "hi"),
      (error: { code: number; message: string; data?: { code?: string } }) => {
        assert.equal(error.code, -32603);
        assert.equal(error.data?.code, "unauthorized");
        assert.match(error.message, /bad key|401|unauthori/i);
        return true;
      },
    );
  });
});

Deno.test("the model's task list reaches the editor as its plan", async () => {
  await withAcp({
    mock: {
      turns: [
        {
          toolCalls: [{
            name: "write_tasks",
            arguments: {
              tasks: [
                { title: "Read the code", status: "completed" },
                { title: "Fix the bug", status: "in_progress", description: "in parser.ts" },
                { title: "Run the tests" },
              ],
            },
          }],
        },
        { text: "Working on it." },
      ],
    },
    flags: (url) => ["--base-url", url, "--model", "test-model", "--mode", "yolo"],
  }, async (f) => {
    const sessionId = await openSession(f);
    await f.client.prompt(sessionId, "fix the bug");
    const [plan] = updatesOf(f.client.updates(sessionId), "plan");
    assert.deepEqual(plan.entries, [
      { content: "Read the code", priority: "medium", status: "completed" },
      { content: "Fix the bug: in parser.ts", priority: "medium", status: "in_progress" },
      { content: "Run the tests", priority: "medium", status: "pending" },
    ]);
  });
});
