/**
 * The conversation in the Messages API's shape: the system prompt apart, user and
 * assistant turns strictly alternating, tool results as `tool_result` blocks of the next
 * user turn, an assistant's signed thinking blocks replayed before its tool calls.
 */

import { splitUserContent } from "./user_content.ts";
import type { ChatMessage } from "../types.ts";
import { argumentsObject, type Json } from "./wire.ts";

/** A message of the Messages API. */
export interface AnthropicMessage {
  role: "user" | "assistant";
  content: Json[];
}

/** Thinking budgets for a requested effort. */
const BUDGETS = { minimal: 1_024, low: 2_048, medium: 8_192, high: 24_576 } as const;

/** The thinking budget for an effort, or undefined for no extended thinking. */
export function thinkingBudget(effort: keyof typeof BUDGETS | undefined): number | undefined {
  return effort ? BUDGETS[effort] : undefined;
}

/** System blocks and alternating messages for `messages`. */
export function anthropicMessages(
  messages: readonly ChatMessage[],
): { system: Json[]; messages: AnthropicMessage[] } {
  const system: Json[] = [];
  const out: AnthropicMessage[] = [];
  const add = (role: "user" | "assistant", blocks: Json[]) => {
    if (blocks.length === 0) return;
    const last = out.at(-1);
    // Two turns of one role in a row (tool results then the user's words) are one turn.
    if (last?.role === role) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const message of messages) {
    switch (message.role) {
      case "system":
        if (message.content.trim() !== "") system.push({ type: "text", text: message.content });
        break;
      case "user": {
        const { text, images } = splitUserContent(message.content);
        add("user", [
          ...images.map((image) =>
            "url" in image ? { type: "image", source: { type: "url", url: image.url } } : {
              type: "image",
              source: { type: "base64", media_type: image.mediaType, data: image.data },
            }
          ),
          ...textBlocks(text),
        ]);
        break;
      }
      case "tool":
        add("user", [{
          type: "tool_result",
          tool_use_id: message.tool_call_id,
          content: message.content || "(empty)",
        }]);
        break;
      case "assistant":
        add("assistant", assistantBlocks(message));
        break;
    }
  }
  return { system, messages: markLastForCache(out) };
}

function textBlocks(text: string): Json[] {
  // The API refuses empty or whitespace-only text blocks.
  return text.trim() === "" ? [] : [{ type: "text", text }];
}

function assistantBlocks(message: Extract<ChatMessage, { role: "assistant" }>): Json[] {
  const blocks: Json[] = [];
  // Signed thinking goes back first and unchanged, or the API rejects the tool turn.
  if (message.replay?.wire === "anthropic" && Array.isArray(message.replay.data)) {
    blocks.push(...message.replay.data);
  }
  blocks.push(...textBlocks(message.content ?? ""));
  for (const call of message.tool_calls ?? []) {
    blocks.push({
      type: "tool_use",
      id: call.id,
      name: call.function.name,
      input: argumentsObject(call.function.arguments),
    });
  }
  return blocks;
}

/** Marks the last element for prompt caching (a copy; the input is not changed). */
export function cacheLast(items: readonly object[]): Json[] {
  if (items.length === 0) return [...items];
  const copy: Json[] = [...items];
  copy[copy.length - 1] = { ...items[items.length - 1], cache_control: { type: "ephemeral" } };
  return copy;
}

/** The newest message's last block is a cache breakpoint: the next turn reads up to it. */
function markLastForCache(messages: AnthropicMessage[]): AnthropicMessage[] {
  const last = messages.at(-1);
  if (!last) return messages;
  const block = last.content.at(-1);
  // Thinking blocks cannot carry cache_control.
  if (!block || block.type === "thinking" || block.type === "redacted_thinking") return messages;
  return [...messages.slice(0, -1), { ...last, content: cacheLast(last.content) }];
}
