/**
 * The context manager's accounting that a run's totals rest on, and the request it
 * refuses: one whose system prompt and tools alone leave no room in the window.
 */
import assert from "node:assert/strict";
import type { ChatMessage, ChatResult, ToolSpec } from "../../src/ai/types.ts";
import type { AgentEventBody } from "../../src/protocol.ts";
import { ProviderError } from "../../src/errors.ts";
import { TokenContextManager } from "../../src/tokenize/mod.ts";
import { MIN_REQUEST_ROOM, type Summary } from "../../src/tokenize/context_manager.ts";

async function collect(gen: AsyncGenerator<AgentEventBody, void>): Promise<AgentEventBody[]> {
  const events: AgentEventBody[] = [];
  for await (const e of gen) events.push(e);
  return events;
}

function manager(window: number, summarize?: () => Promise<string | Summary>) {
  return new TokenContextManager({
    model: "local-model",
    tokenizer: "heuristic",
    contextWindow: window,
    reserveForAnswer: 100,
    keepRecentTurns: 1,
    summarize: summarize ?? (() => Promise.resolve("what happened")),
  });
}

function tool(name: string): ToolSpec {
  return {
    type: "function",
    function: {
      name,
      description: `Does ${name} things with the files of the project, carefully and well.`,
      parameters: {
        type: "object",
        properties: { path: { type: "string", description: "a path in the project" } },
        required: ["path"],
      },
    },
  };
}

const answer = (content: string, usage?: ChatResult["usage"]): ChatResult => ({
  content,
  reasoning: "",
  toolCalls: [],
  finishReason: "stop",
  usage,
});

const signal = new AbortController().signal;

Deno.test("beforeRequest() refuses a request whose system prompt and tools alone fill the window", async () => {
  const m = manager(1000);
  const tools = [
    ...Array.from({ length: 10 }, (_, i) => tool(`builtin_${i}`)),
    ...Array.from({ length: 20 }, (_, i) => tool(`mcp__docs__tool_${i}`)),
  ];
  const history: ChatMessage[] = [{ role: "user", content: "hi" }];
  const error = await collect(
    m.beforeRequest(history, { system: "You are a coding agent.", tools }, {
      force: false,
      signal,
    }),
  ).then(() => undefined, (e) => e);
  assert.ok(error instanceof ProviderError, String(error));
  assert.equal(error.code, "context_length_exceeded");
  assert.match(
    error.message,
    /^The request cannot fit the model's context window: the system prompt and 30 tool definitions \(20 from MCP servers\) alone take about \d+ of its 1000 tokens, leaving less than 256 for the prompt and the answer\. Give the model's real window with --context-max .* or offer fewer tools \(fewer MCP servers, "disabledTools"\)$/,
  );
});

Deno.test("beforeRequest() sends a request that leaves room beside the system prompt and tools", async () => {
  const system = "You are a coding agent.";
  const m = manager(1000);
  const fixed = m.tracker.estimate([{ role: "system", content: system }], [tool("read")]);
  assert.ok(fixed + MIN_REQUEST_ROOM <= 1000);
  const history: ChatMessage[] = [{ role: "user", content: "hi" }];
  assert.deepEqual(
    await collect(m.beforeRequest(history, { system, tools: [tool("read")] }, {
      force: false,
      signal,
    })),
    [],
  );
});

Deno.test("afterResponse() reports each call's own figures: estimates when the server gives none", async () => {
  const m = manager(100_000);
  const request = { system: "You are a coding agent.", tools: [] };
  const history: ChatMessage[] = [{ role: "user", content: "hi" }];
  const first = await collect(
    m.afterResponse(
      history,
      request,
      answer("hello", { promptTokens: 400, completionTokens: 5, totalTokens: 405 }),
    ),
  );
  history.push({ role: "assistant", content: "hello" }, { role: "user", content: "and now?" });
  const second = await collect(m.afterResponse(history, request, answer("a longer reply")));
  const figures = (events: AgentEventBody[]) =>
    events.map((e) => e.type === "usage" && [e.usage.promptTokens, e.usage.completionTokens]);
  assert.deepEqual(figures(first), [[400, 5]]);
  const [[prompt, completion]] = figures(second) as [number, number][];
  // Not the first call's 400/5 again: the whole request as sent, and this reply.
  assert.ok(prompt > 400 && completion > 0 && completion !== 5, `${prompt}/${completion}`);
});

Deno.test("compacted carries what the summary request cost: the server's figures, else estimates", async () => {
  const long: ChatMessage[] = Array.from({ length: 12 }, (_, i) => ({
    role: i % 2 ? "assistant" : "user",
    content: `turn ${i} ` + "words and more words ".repeat(30),
  }));
  const request = { system: "You are a coding agent.", tools: [] };
  const served = manager(1500, () =>
    Promise.resolve({
      text: "summary",
      usage: { promptTokens: 900, completionTokens: 40, totalTokens: 940 },
    }));
  const events = await collect(served.beforeRequest([...long], request, { force: false, signal }));
  const compacted = events.find((e) => e.type === "compacted");
  assert.deepEqual(compacted?.type === "compacted" && compacted.usage, {
    promptTokens: 900,
    completionTokens: 40,
    totalTokens: 940,
    source: "server",
  });
  const silent = manager(1500, () => Promise.resolve("summary"));
  const estimated =
    (await collect(silent.beforeRequest([...long], request, { force: false, signal })))
      .find((e) => e.type === "compacted");
  const usage = estimated?.type === "compacted" ? estimated.usage : undefined;
  assert.equal(usage?.source, "estimate");
  assert.ok(usage && usage.promptTokens > 500 && usage.completionTokens > 0);
});
