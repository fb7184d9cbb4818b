/**
 * A saved conversation as the updates `session/load` replays before it answers: the
 * user's messages, the agent's answers and reasoning, and each tool call as it ended:
 * the kind, locations, diffs and result the live updates left it with.
 */
import type * as acp from "@agentclientprotocol/sdk";
import { pathToFileURL } from "node:url";
import type { ContentBlock, TranscriptItem } from "../protocol.ts";
import { fenced, location, MAX_SHOWN_RESULT } from "./tool_updates.ts";

/** The updates that show `items` again, in order. */
export function replayUpdates(items: readonly TranscriptItem[]): acp.SessionUpdate[] {
  return items.flatMap((item, index): acp.SessionUpdate[] => {
    const messageId = `replay-${index}`;
    switch (item.type) {
      case "user":
        return item.content.map((block) => ({
          sessionUpdate: "user_message_chunk",
          content: userContent(block),
          messageId,
        }));
      case "assistant":
        return [
          ...(item.reasoning
            ? [{ sessionUpdate: "agent_thought_chunk" as const, content: text(item.reasoning) }]
            : []),
          ...(item.text
            ? [{
              sessionUpdate: "agent_message_chunk" as const,
              content: text(item.text),
              messageId,
            }]
            : []),
        ];
      case "tool_call":
        return [{
          sessionUpdate: "tool_call",
          toolCallId: item.callId,
          title: item.title,
          kind: item.activity,
          status: item.outcome === "ok" ? "completed" : "failed",
          locations: (item.locations ?? []).map(location),
          rawInput: item.arguments,
          content: [
            ...(item.changes ?? []).map((c): acp.ToolCallContent => ({
              type: "diff",
              path: c.path,
              oldText: c.oldText,
              newText: c.newText,
            })),
            ...(item.changes?.length && item.outcome === "ok" ? [] : [result(item)]),
          ],
        }];
      case "compaction":
        return [{
          sessionUpdate: "agent_thought_chunk",
          content: text(item.summary ?? "The conversation was compacted."),
        }];
    }
  });
}

function userContent(block: ContentBlock): acp.ContentBlock {
  switch (block.type) {
    case "text":
      return text(block.text);
    case "image":
      return { type: "image", mimeType: block.mimeType, data: block.data };
    case "file":
      return block.path.startsWith("/")
        ? { type: "resource_link", uri: pathToFileURL(block.path).href, name: block.path }
        : text(`@${block.path}`);
    case "mcp_resource":
      return { type: "resource_link", uri: block.uri, name: `${block.server}: ${block.uri}` };
    case "mcp_prompt":
      return text(`/mcp__${block.server}__${block.name}`);
  }
}

function result(item: Extract<TranscriptItem, { type: "tool_call" }>): acp.ToolCallContent {
  const shown = item.result.length > MAX_SHOWN_RESULT
    ? item.result.slice(-MAX_SHOWN_RESULT)
    : item.result;
  return { type: "content", content: text(item.exitCode !== undefined ? fenced(shown) : shown) };
}

function text(value: string): acp.ContentBlock {
  return { type: "text", text: value };
}
