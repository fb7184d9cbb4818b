/**
 * Counting what a chat request sends: messages with each provider's per-message overhead,
 * tool schemas and tool results.
 *
 * Each message's count is cached on the message object (WeakMap), so counting a long history
 * again after a new turn encodes only the new messages. The cache entry remembers the
 * tokenizer and the content it counted, so a message edited in place or counted with another
 * tokenizer is counted afresh rather than served stale.
 */

import type { ChatMessage, ToolCall, ToolSpec, UserContentPart } from "../ai/types.ts";
import type { TokenizerName } from "./models.ts";
import type { Tokenizer } from "./tokenizer.ts";

/** Tokens a chat format adds around the text. */
export interface MessageOverhead {
  /** Per message (role markers and separators), role name included. */
  perMessage: number;
  /** Extra when a message carries a `name`. */
  perName: number;
  /** Once per request: the tokens that open the assistant's reply. */
  replyPriming: number;
  /** Per tool call in an assistant message, beside its name and arguments. */
  perToolCall: number;
  /** Once per request that sends tools (the provider's tool-use preamble). */
  toolsBase: number;
  /** Per tool schema, beside its JSON. */
  perTool: number;
}

/**
 * Overheads by tokenizer family. OpenAI's are documented (3 per message plus 1 for the role,
 * 1 per name, 3 to prime the reply); tools are counted as their JSON, which slightly
 * overestimates OpenAI's internal rendering. Claude: Anthropic documents a tool-use system
 * prompt of about 346 tokens. Llama 3: its chat template (`<|start_header_id|>role
 * <|end_header_id|>\n\n … <|eot_id|>`). The rest are estimates; server usage corrects them.
 */
export function overheadFor(name: TokenizerName): MessageOverhead {
  switch (name) {
    case "o200k_base":
    case "cl100k_base":
      return {
        perMessage: 4,
        perName: 1,
        replyPriming: 3,
        perToolCall: 3,
        toolsBase: 10,
        perTool: 3,
      };
    case "claude":
      return {
        perMessage: 5,
        perName: 1,
        replyPriming: 3,
        perToolCall: 5,
        toolsBase: 346,
        perTool: 5,
      };
    case "llama3":
      return {
        perMessage: 5,
        perName: 2,
        replyPriming: 5,
        perToolCall: 3,
        toolsBase: 60,
        perTool: 3,
      };
    case "heuristic":
      return {
        perMessage: 5,
        perName: 1,
        replyPriming: 3,
        perToolCall: 4,
        toolsBase: 60,
        perTool: 4,
      };
  }
}

/**
 * Tokens an image in a prompt is counted as: OpenAI's figure for a 1024×1024 picture in
 * high detail. Vision models differ widely; the server's own usage corrects it.
 */
export const IMAGE_TOKENS = 765;

/** The text of a message's content; each image stands as "[image]". */
export function contentText(content: string | UserContentPart[] | null): string {
  if (content === null || typeof content === "string") return content ?? "";
  return content.map((part) => part.type === "text" ? part.text : "[image]").join("\n");
}

function countContent(content: ChatMessage["content"], tokenizer: Tokenizer): number {
  if (!content) return 0;
  if (typeof content === "string") return tokenizer.count(content);
  return content.reduce(
    (n, part) => n + (part.type === "text" ? tokenizer.count(part.text) : IMAGE_TOKENS),
    0,
  );
}

interface Entry {
  tokenizer: Tokenizer;
  content: ChatMessage["content"];
  toolCalls: ToolCall[] | undefined;
  name: string | undefined;
  tokens: number;
}

const messageCache = new WeakMap<ChatMessage, Entry>();
const toolCache = new WeakMap<
  ToolSpec,
  { tokenizer: Tokenizer; fn: ToolSpec["function"]; tokens: number }
>();

function nameOf(m: ChatMessage): string | undefined {
  return m.role === "tool" ? m.name : undefined;
}

function toolCallsOf(m: ChatMessage): ToolCall[] | undefined {
  return m.role === "assistant" ? m.tool_calls : undefined;
}

function encodeMessage(m: ChatMessage, tokenizer: Tokenizer, o: MessageOverhead): number {
  // Reasoning is not sent back to the server, so it is not counted.
  let n = o.perMessage + countContent(m.content, tokenizer);
  const name = nameOf(m);
  if (name) n += o.perName + tokenizer.count(name);
  for (const call of toolCallsOf(m) ?? []) {
    n += o.perToolCall + tokenizer.count(call.function.name) +
      tokenizer.count(call.function.arguments);
  }
  return n;
}

/** Tokens one message takes in a request, overhead included (cached per message object). */
export function countMessage(message: ChatMessage, tokenizer: Tokenizer): number {
  const hit = messageCache.get(message);
  if (
    hit && hit.tokenizer === tokenizer && hit.content === message.content &&
    hit.toolCalls === toolCallsOf(message) && hit.name === nameOf(message)
  ) {
    return hit.tokens;
  }
  const tokens = encodeMessage(message, tokenizer, overheadFor(tokenizer.name));
  messageCache.set(message, {
    tokenizer,
    content: message.content,
    toolCalls: toolCallsOf(message),
    name: nameOf(message),
    tokens,
  });
  return tokens;
}

/** Tokens of the messages of a request, with the reply priming (0 for no messages). */
export function countMessages(messages: readonly ChatMessage[], tokenizer: Tokenizer): number {
  if (messages.length === 0) return 0;
  let n = overheadFor(tokenizer.name).replyPriming;
  for (const m of messages) n += countMessage(m, tokenizer);
  return n;
}

/** Tokens of the tool schemas sent with a request (0 for none; cached per ToolSpec object). */
export function countTools(tools: readonly ToolSpec[] | undefined, tokenizer: Tokenizer): number {
  if (!tools || tools.length === 0) return 0;
  const o = overheadFor(tokenizer.name);
  let n = o.toolsBase;
  for (const tool of tools) {
    const hit = toolCache.get(tool);
    if (hit && hit.tokenizer === tokenizer && hit.fn === tool.function) {
      n += hit.tokens;
      continue;
    }
    const tokens = o.perTool + tokenizer.count(JSON.stringify(tool.function));
    toolCache.set(tool, { tokenizer, fn: tool.function, tokens });
    n += tokens;
  }
  return n;
}

/** Tokens a tool result will take once added to the history as a `tool` message. */
export function countToolResult(output: string, tokenizer: Tokenizer): number {
  return overheadFor(tokenizer.name).perMessage + tokenizer.count(output);
}

/** Tokens of a whole request: messages (with priming) and tool schemas. */
export function countRequest(
  messages: readonly ChatMessage[],
  tools: readonly ToolSpec[] | undefined,
  tokenizer: Tokenizer,
): number {
  return countMessages(messages, tokenizer) + countTools(tools, tokenizer);
}
