/**
 * Nanocoder's "mechanical" compaction (`autoCompact.strategy`): older messages are cut
 * short without asking the model, each one to a length set by the mode (its limits:
 * conservative 500 characters, default 200, aggressive 100). No request, so it costs
 * nothing and never fails; the summary keeps less than the model would write.
 */
import type { ChatMessage } from "../ai/types.ts";
import { contentText } from "./count.ts";

/** How hard the mechanical strategy cuts. */
export type MechanicalMode = "conservative" | "default" | "aggressive";

const LIMITS: Record<MechanicalMode, number> = { conservative: 500, default: 200, aggressive: 100 };

/** A summarizer for compaction that truncates instead of asking the model. */
export function mechanicalSummarizer(
  mode: MechanicalMode,
): (older: ChatMessage[]) => Promise<string> {
  const limit = LIMITS[mode];
  return (older) => Promise.resolve(older.flatMap((m) => line(m, limit)).join("\n"));
}

function line(m: ChatMessage, limit: number): string[] {
  switch (m.role) {
    case "system":
      return [];
    case "user":
      return [`- User: ${clip(contentText(m.content), limit)}`];
    case "assistant": {
      const calls = (m.tool_calls ?? []).map((c) => c.function.name);
      const text = clip(m.content ?? "", limit);
      return [`- Assistant: ${text}${calls.length ? ` [called ${calls.join(", ")}]` : ""}`];
    }
    case "tool":
      return [`- Result${m.name ? ` of ${m.name}` : ""}: ${clip(m.content, limit)}`];
  }
}

function clip(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > limit ? `${flat.slice(0, limit)}…` : flat;
}
