/**
 * A history as a request sends it: a user message the model never answered (its run
 * was cancelled, or failed before an answer) is followed by a short assistant note, so
 * two user messages never come in a row. Chat templates that require alternating roles
 * (Mistral's, Gemma's under llama.cpp --jinja) reject such a request, and every later
 * request would carry the pair, so one cancelled prompt would break the session; the
 * note also tells the model that the earlier message got no answer, rather than merging
 * it into the next one as if both were asked now. The stored history keeps what
 * happened; the note is added to each request the same way, so its prefix stays byte
 * for byte the same from one request to the next.
 */
import type { ChatMessage } from "../ai/types.ts";

/** What the model reads where it gave no answer. */
export const UNANSWERED_NOTE =
  "[No answer: the request was stopped (cancelled or failed) before the model replied.]";

/** `history` with a note after each user message the next user message follows. */
export function withUnansweredNotes(history: readonly ChatMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const message of history) {
    if (message.role === "user" && out.at(-1)?.role === "user") {
      out.push({ role: "assistant", content: UNANSWERED_NOTE });
    }
    out.push(message);
  }
  return out;
}
