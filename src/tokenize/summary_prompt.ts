/**
 * The request that asks the model to summarize older messages for compaction.
 *
 * The older messages are rendered as one plain-text transcript rather than sent as chat
 * messages: a request that replays `tool_calls` without offering the tools is rejected by some
 * servers, and a transcript lets long tool results be cut to fit the summarizing request.
 */

import type { ChatMessage } from "../ai/types.ts";
import { assertNever } from "../errors.ts";
import { shrinkText } from "./compaction.ts";
import { contentText } from "./count.ts";

/** What the summary must keep, so the agent can carry on without the original messages. */
export const SUMMARY_INSTRUCTIONS = [
  "You compact the conversation of a coding agent. Summarize the transcript you are given so",
  "the agent can continue the work without it. Keep: the user's goals and constraints, decisions",
  "made and why, files read or changed (with paths) and what changed, commands run and their",
  "outcome, errors met and how they were solved, and what remains to do. Be factual and",
  "concise; use short bullet points; do not invent anything; do not address the user.",
].join(" ");

/** Renders messages as a transcript, each tool result cut to `maxToolChars`. */
export function renderTranscript(messages: readonly ChatMessage[], maxToolChars = 2_000): string {
  const parts: string[] = [];
  for (const m of messages) {
    switch (m.role) {
      case "system":
      case "user":
        parts.push(`[${m.role}]\n${contentText(m.content)}`);
        break;
      case "assistant": {
        const calls = (m.tool_calls ?? []).map((c) =>
          `→ ${c.function.name}(${c.function.arguments})`
        );
        parts.push(`[assistant]\n${[m.content ?? "", ...calls].filter(Boolean).join("\n")}`);
        break;
      }
      case "tool":
        parts.push(
          `[tool result${m.name ? ` of ${m.name}` : ""}]\n${shrinkText(m.content, maxToolChars)}`,
        );
        break;
      default:
        assertNever(m);
    }
  }
  return parts.join("\n\n");
}

/** The messages of the summarizing request for `older`. */
export function summaryRequestMessages(
  older: readonly ChatMessage[],
  maxToolChars?: number,
): ChatMessage[] {
  return [
    { role: "system", content: SUMMARY_INSTRUCTIONS },
    {
      role: "user",
      content: `Transcript to summarize:\n\n${
        renderTranscript(older, maxToolChars)
      }\n\nWrite the summary now.`,
    },
  ];
}
