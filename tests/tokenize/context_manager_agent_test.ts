import assert from "node:assert/strict";
import { Agent } from "../../src/agent/agent.ts";
import { createChatClient } from "../../src/ai/client.ts";
import type { ChatMessage } from "../../src/ai/types.ts";
import type { AgentEventBody } from "../../src/protocol.ts";
import { ToolRegistry } from "../../src/tools/registry.ts";
import {
  summarizeWith,
  SUMMARY_INSTRUCTIONS,
  SUMMARY_PREFIX,
  TokenContextManager,
} from "../../src/tokenize/mod.ts";
import { type MockTurn, startMockLlm } from "../_helpers/mock_llm.ts";

const SYSTEM = "You are a coding agent.";
const WATCHED = new Set(["notice", "compacted", "usage", "error", "done"]);
const watched = (events: AgentEventBody[]) =>
  events.map((e) => e.type).filter((t) => WATCHED.has(t));

function previousTurns(turns: number): ChatMessage[] {
  const history: ChatMessage[] = [];
  for (let i = 0; i < turns; i++) {
    history.push({ role: "user", content: `question ${i} ` + "about the code base ".repeat(30) });
    history.push({
      role: "assistant",
      content: `answer ${i} ` + "with a long explanation ".repeat(30),
    });
  }
  return history;
}

async function runAgent(turns: MockTurn[], contextWindow: number) {
  const mock = await startMockLlm({ turns });
  const client = createChatClient({
    name: "mock",
    baseUrl: mock.url,
    models: ["m"],
    maxRetries: 0,
  });
  const context = new TokenContextManager({
    model: "m",
    tokenizer: "heuristic",
    contextWindow,
    reserveForAnswer: 200,
    keepRecentTurns: 1,
    summarize: summarizeWith(client, "m"),
  });
  const agent = new Agent({
    client,
    model: "m",
    registry: new ToolRegistry(),
    cwd: Deno.cwd(),
    mode: "auto-accept",
    systemPrompt: SYSTEM,
    toolCalling: "native",
    context,
  });
  agent.history.push(...previousTurns(6));
  const events: AgentEventBody[] = [];
  try {
    for await (const event of agent.run("and now the last question")) events.push(event);
  } finally {
    await mock.close();
  }
  return { events, requests: mock.chatRequests(), agent };
}

Deno.test("the agent compacts with the model before a request that would overflow a small window", async () => {
  const { events, requests, agent } = await runAgent(
    [{ text: "- earlier: six questions about the code base" }, { text: "final answer" }],
    1200,
  );
  assert.deepEqual(watched(events), [
    "compacted",
    "usage",
    "done",
  ]);
  assert.equal(requests.length, 2);
  assert.equal(requests[0].body.messages[0].content, SUMMARY_INSTRUCTIONS);
  assert.notEqual(requests[0].body.stream, true);
  assert.deepEqual(
    requests[1].body.messages.slice(0, 3).map((m: ChatMessage) => [m.role, m.content]),
    [
      ["system", SYSTEM],
      ["user", `${SUMMARY_PREFIX}- earlier: six questions about the code base`],
      ["assistant", "Understood. I will continue from this summary."],
    ],
  );
  assert.equal(agent.history.filter((m) => m.role === "user").length, 2);
  const usage = events.find((e) => e.type === "usage");
  assert.equal(usage?.type === "usage" && usage.usage.source, "server");
});

Deno.test("the agent recovers from 'context length exceeded' by compacting and retrying once", async () => {
  const overflow = {
    status: 400,
    body: {
      error: {
        message:
          "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.",
        type: "invalid_request_error",
        code: "context_length_exceeded",
      },
    },
  };
  const { events, requests } = await runAgent(
    [{ fault: overflow }, { text: "- summary of the old turns" }, { text: "answer after retry" }],
    1_000_000,
  );
  const kinds = watched(events);
  assert.deepEqual(kinds, ["notice", "compacted", "usage", "done"]);
  assert.equal(requests.length, 3);
  assert.equal(requests[1].body.messages[0].content, SUMMARY_INSTRUCTIONS);
  assert.ok(requests[2].body.messages.length < requests[0].body.messages.length);
  const done = events.at(-1);
  assert.equal(done?.type === "done" && done.finalText, "answer after retry");
});
