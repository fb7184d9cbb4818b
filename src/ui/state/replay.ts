/**
 * A resumed session's conversation (the engine's transcript) as entries, so the screen
 * shows what the model remembers: the prompts, the answers, the tool calls and their
 * results, compactions.
 */
import type { ContentBlock, TranscriptItem } from "../../protocol.ts";
import type { EntryBody } from "./types.ts";

/** The entries that show `items`. */
export function replayEntries(items: readonly TranscriptItem[]): EntryBody[] {
  const out: EntryBody[] = [];
  for (const item of items) {
    switch (item.type) {
      case "user":
        out.push({ kind: "user", text: promptText(item.content) });
        break;
      case "assistant":
        if (item.reasoning) out.push({ kind: "reasoning", text: item.reasoning, seconds: 0 });
        if (item.text.trim()) {
          out.push({ kind: "answer", source: item.text, continued: false, first: true });
        }
        break;
      case "tool_call":
        out.push({
          kind: "tool",
          view: {
            callId: item.callId,
            title: item.title || item.name,
            activity: item.activity,
            kind: item.kind,
            output: "",
            startedAt: 0,
            ended: {
              outcome: item.outcome,
              result: item.result,
              ...(item.changes ? { changes: item.changes } : {}),
              ...(item.exitCode !== undefined ? { exitCode: item.exitCode } : {}),
            },
          },
        });
        break;
      case "compaction":
        out.push({
          kind: "notice",
          level: "info",
          text: `Context compacted: ${item.tokensBefore} → ${item.tokensAfter} tokens`,
        });
        break;
    }
  }
  return out;
}

/** A prompt as the person typed it (its file blocks are in the text as `@path`). */
export function promptText(content: readonly ContentBlock[]): string {
  return content.map((block) => {
    switch (block.type) {
      case "text":
        return block.text;
      case "file":
        return ""; // its @mention is in the text
      case "image":
        return "[image]";
      case "mcp_resource":
        return `@${block.server}:${block.uri}`;
      case "mcp_prompt":
        return `/mcp__${block.server}__${block.name}`;
    }
  }).filter(Boolean).join("\n\n");
}
