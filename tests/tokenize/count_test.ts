import assert from "node:assert/strict";
import type { ChatMessage, ToolSpec } from "../../src/ai/types.ts";
import {
  countMessage,
  countMessages,
  countRequest,
  countToolResult,
  countTools,
  HEURISTIC_TOKENIZER,
  IMAGE_TOKENS,
  loadTokenizerByName,
  overheadFor,
  type Tokenizer,
} from "../../src/tokenize/mod.ts";

/** A tokenizer that counts words and records every text it was asked to count. */
function spyTokenizer(name: Tokenizer["name"] = "o200k_base"): Tokenizer & { calls: string[] } {
  const calls: string[] = [];
  const count = (text: string) => {
    calls.push(text);
    return text.split(/\s+/).filter(Boolean).length;
  };
  return { name, exact: true, calls, count, encode: (t) => new Array(count(t)).fill(0) };
}

Deno.test("countMessages() adds OpenAI's documented overhead: 3 + role per message, 3 for the reply", async () => {
  const o200k = await loadTokenizerByName("o200k_base");
  const messages: ChatMessage[] = [
    { role: "system", content: "You are a helpful assistant." },
    { role: "user", content: "hello world" },
  ];
  // OpenAI cookbook: (3 + 1 role) per message + content, + 3 to prime the reply.
  const expected = 4 + o200k.count("You are a helpful assistant.") + 4 + 2 + 3;
  assert.equal(countMessages(messages, o200k), expected);
  assert.equal(countMessages([], o200k), 0);
});

Deno.test("countMessage() counts tool calls and a tool message's name, not reasoning", () => {
  const tok = spyTokenizer();
  const o = overheadFor("o200k_base");
  const assistant: ChatMessage = {
    role: "assistant",
    content: null,
    reasoning: "many hidden words here",
    tool_calls: [{
      id: "c1",
      type: "function",
      function: { name: "read_file", arguments: '{"path": "a b"}' },
    }],
  };
  const tool: ChatMessage = {
    role: "tool",
    tool_call_id: "c1",
    name: "read_file",
    content: "one two three",
  };
  assert.equal(countMessage(assistant, tok), o.perMessage + o.perToolCall + 1 + 3);
  assert.equal(countMessage(tool, tok), o.perMessage + 3 + o.perName + 1);
  assert.equal(tok.calls.includes("many hidden words here"), false);
});

Deno.test("a second count of the same history does no re-encoding; a new turn encodes only itself", () => {
  const tok = spyTokenizer();
  const history: ChatMessage[] = [];
  for (let i = 0; i < 100; i++) {
    history.push({ role: "user", content: `question number ${i}` });
    history.push({ role: "assistant", content: `answer number ${i}` });
  }
  const first = countMessages(history, tok);
  assert.equal(tok.calls.length, 200);
  assert.equal(countMessages(history, tok), first);
  assert.equal(tok.calls.length, 200);
  history.push({ role: "user", content: "one more" });
  countMessages(history, tok);
  assert.deepEqual(tok.calls.slice(200), ["one more"]);
});

Deno.test("countMessage() recounts a message edited in place or counted with another tokenizer", () => {
  const tok = spyTokenizer();
  const message: ChatMessage = { role: "assistant", content: "partial" };
  const before = countMessage(message, tok);
  message.content = "partial answer now complete";
  assert.equal(countMessage(message, tok), before + 3);
  const other = spyTokenizer("llama3");
  countMessage(message, other);
  assert.deepEqual(other.calls, ["partial answer now complete"]);
});

Deno.test("countTools() counts each schema's JSON once, plus the provider's tool preamble", () => {
  const tok = spyTokenizer("claude");
  const tools: ToolSpec[] = [
    {
      type: "function",
      function: { name: "read_file", description: "Read a file", parameters: { type: "object" } },
    },
  ];
  const o = overheadFor("claude");
  const json = JSON.stringify(tools[0].function);
  assert.equal(countTools(tools, tok), o.toolsBase + o.perTool + tok.count(json));
  tok.calls.length = 0;
  countTools(tools, tok);
  assert.deepEqual(tok.calls, []);
  assert.equal(countTools([], tok), 0);
  assert.equal(countTools(undefined, tok), 0);
});

Deno.test("countRequest() is messages plus tools, and countToolResult() a tool message's share", () => {
  const tok = spyTokenizer("llama3");
  const messages: ChatMessage[] = [{ role: "user", content: "a b c" }];
  const tools: ToolSpec[] = [{
    type: "function",
    function: { name: "x", description: "y", parameters: {} },
  }];
  assert.equal(
    countRequest(messages, tools, tok),
    countMessages(messages, tok) + countTools(tools, tok),
  );
  assert.equal(countToolResult("four words of output", tok), overheadFor("llama3").perMessage + 4);
});

Deno.test("countMessage() counts a user message's text parts and a fixed figure per image", () => {
  const tokenizer = HEURISTIC_TOKENIZER;
  const text = { role: "user" as const, content: "describe this picture" };
  const withImage = {
    role: "user" as const,
    content: [
      { type: "text" as const, text: "describe this picture" },
      { type: "image_url" as const, image_url: { url: "data:image/png;base64,AAAA" } },
    ],
  };
  assert.equal(countMessage(withImage, tokenizer), countMessage(text, tokenizer) + IMAGE_TOKENS);
});
