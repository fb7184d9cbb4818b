import assert from "node:assert/strict";
import type { ChatClient, ChatMessage, ChatRequest, ChatResult } from "../../src/ai/types.ts";
import type { AgentEventBody } from "../../src/protocol.ts";
import {
  estimateTokens,
  summarizeWith,
  SUMMARY_INSTRUCTIONS,
  SUMMARY_PREFIX,
  TokenContextManager,
} from "../../src/tokenize/mod.ts";

async function collect(gen: AsyncGenerator<AgentEventBody, void>): Promise<AgentEventBody[]> {
  const events: AgentEventBody[] = [];
  for await (const e of gen) events.push(e);
  return events;
}

const result = (content: string, promptTokens?: number): ChatResult => ({
  content,
  reasoning: "",
  toolCalls: [],
  finishReason: "stop",
  usage: promptTokens === undefined
    ? undefined
    : { promptTokens, completionTokens: 5, totalTokens: promptTokens + 5 },
});

function manager(
  window: number,
  summarize = (older: ChatMessage[]) => Promise.resolve(`${older.length} old`),
) {
  return new TokenContextManager({
    model: "local-model",
    tokenizer: "heuristic",
    contextWindow: window,
    reserveForAnswer: 100,
    keepRecentTurns: 1,
    summarize,
  });
}

/** What each request sends besides the history. */
const request = { system: "You are a coding agent.", tools: [] };

function longHistory(turns: number): ChatMessage[] {
  const history: ChatMessage[] = [];
  for (let i = 0; i < turns; i++) {
    history.push({ role: "user", content: `question ${i} ` + "words and more words ".repeat(30) });
    history.push({
      role: "assistant",
      content: `answer ${i} ` + "some reply text here ".repeat(30),
    });
  }
  return history;
}

Deno.test("afterResponse() reports the server's prompt tokens plus the reply as context used", async () => {
  const m = manager(10_000);
  const history: ChatMessage[] = [{ role: "user", content: "hi" }];
  const events = await collect(m.afterResponse(history, request, result("hello there", 400)));
  const replyTokens = 5 + estimateTokens("hello there"); // heuristic overhead + text
  assert.deepEqual(events, [{
    type: "usage",
    usage: {
      promptTokens: 400,
      completionTokens: 5,
      totalTokens: 405,
      contextUsed: 400 + replyTokens,
      contextMax: 10_000,
      contextPercent: Math.round(((400 + replyTokens) / 10_000) * 1000) / 10,
      source: "server",
    },
  }]);
});

Deno.test("beforeRequest() leaves a history that fits alone", async () => {
  const m = manager(100_000);
  const history = longHistory(3);
  const before = [...history];
  assert.deepEqual(
    await collect(
      m.beforeRequest(history, request, { force: false, signal: new AbortController().signal }),
    ),
    [],
  );
  assert.deepEqual(history, before);
});

Deno.test("beforeRequest() compacts in place when the window would overflow", async () => {
  const m = manager(1500);
  const history = longHistory(6);
  const latest = history.slice(-2);
  const events = await collect(
    m.beforeRequest(history, request, { force: false, signal: new AbortController().signal }),
  );
  assert.deepEqual(events.map((e) => e.type), ["compaction_started", "compacted"]);
  assert.deepEqual(events[0], { type: "compaction_started", reason: "auto" });
  assert.equal(events[1].type === "compacted" && events[1].summary, "10 old");
  assert.deepEqual(history, [
    { role: "user", content: `${SUMMARY_PREFIX}10 old` },
    { role: "assistant", content: "Understood. I will continue from this summary." },
    ...latest,
  ]);
});

Deno.test("beforeRequest({afterOverflow}) compacts although our estimate said it fits", async () => {
  const m = manager(1_000_000);
  const history = longHistory(4);
  const events = await collect(
    m.beforeRequest(history, request, {
      force: true,
      afterOverflow: true,
      signal: new AbortController().signal,
    }),
  );
  assert.deepEqual(events[0], { type: "compaction_started", reason: "overflow" });
  assert.equal(events[1].type, "compacted");
  assert.equal(history.length, 4);
});

Deno.test("beforeRequest() warns and keeps the history when summarizing fails", async () => {
  const m = manager(1500, () => Promise.reject(new Error("server down")));
  const history = longHistory(6);
  const before = [...history];
  const events = await collect(
    m.beforeRequest(history, request, { force: false, signal: new AbortController().signal }),
  );
  assert.deepEqual(events.slice(0, 2), [{ type: "compaction_started", reason: "auto" }, {
    type: "notice",
    level: "warning",
    message: "Could not compact the conversation: server down",
  }]);
  // Still followed by `compacted` (nothing changed), as the contract promises.
  assert.equal(
    events[2].type === "compacted" && events[2].tokensAfter,
    events[2].type === "compacted" && events[2].tokensBefore,
  );
  assert.deepEqual(history, before);
});

Deno.test("summarizeWith() asks the model once, without streaming or tools", async () => {
  const requests: ChatRequest[] = [];
  const client: ChatClient = {
    baseUrl: "http://127.0.0.1:1/v1",
    chat: (request) => {
      requests.push(request);
      return Promise.resolve(result("- did things", 300));
    },
    listModels: () => Promise.resolve([]),
  };
  const summary = await summarizeWith(client, "m1")([{ role: "user", content: "old" }]);
  assert.deepEqual(summary, {
    text: "- did things",
    usage: { promptTokens: 300, completionTokens: 5, totalTokens: 305 },
  });
  assert.equal(requests.length, 1);
  assert.deepEqual({ ...requests[0], messages: requests[0].messages.map((x) => x.role) }, {
    model: "m1",
    messages: ["system", "user"],
    stream: false,
  });
  assert.equal(requests[0].messages[0].content, SUMMARY_INSTRUCTIONS);
});
