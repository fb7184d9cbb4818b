/**
 * Making a conversation fit its context window again.
 *
 * Two stages, cheapest first: (1) shrink oversized tool results outside the latest turns,
 * oldest first, keeping their head and tail around a marker, until the history fits; (2) if it
 * still does not, have the model summarize the older turns and replace them with that summary.
 * What is always kept: the leading system prompt(s), pinned messages and the latest turns.
 * The history stays valid for the server: an assistant message with `tool_calls` and its tool
 * results move together, and the summary is a user/assistant pair, so strict chat templates that
 * need alternating roles still accept it.
 */

import type { ChatMessage } from "../ai/types.ts";

/** Options of {@link compactMessages}. */
export interface CompactionOptions {
  /** Tokens the compacted history must fit in (window minus room for the answer). */
  budget: number;
  /** Counts a whole request of these messages (e.g. `(m) => countRequest(m, tools, tok)`). */
  count: (messages: ChatMessage[]) => number;
  /** Summarizes older messages with the model; returns the summary text. */
  summarize: (older: ChatMessage[], signal?: AbortSignal) => Promise<string>;
  /** Turns (a user message and what follows) kept verbatim at the end; default 2. */
  keepRecentTurns?: number;
  /** Messages never dropped or shrunk (their tool-call group is kept with them). */
  pinned?: (message: ChatMessage) => boolean;
  /** Tool results longer than this many chars are shrunk to it; default 4000. */
  maxToolResultChars?: number;
  /** Groups of the latest turn kept verbatim when that turn alone is too big; default 2. */
  keepRecentGroups?: number;
  /** Skip the shrinking stage and summarize directly (the manual `/compact`). */
  force?: boolean;
  signal?: AbortSignal;
}

/** What compaction did. */
export interface CompactionResult {
  messages: ChatMessage[];
  tokensBefore: number;
  tokensAfter: number;
  /** "none": already fit; "shrink": tool results shrunk; "summarize": older turns summarized. */
  stage: "none" | "shrink" | "summarize";
  shrunkToolResults: number;
  summarizedMessages: number;
  /** True when even the compacted history exceeds the budget. */
  overBudget: boolean;
  /** The summary the model wrote, when older messages were summarized. */
  summary?: string;
}

/** The opening of the summary message, so it can be recognized later. */
export const SUMMARY_PREFIX = "[Summary of the earlier conversation]\n";
const SUMMARY_ACK = "Understood. I will continue from this summary.";

/** Whether a request of `used` tokens leaves less than `reserveForAnswer` of `window`. */
export function needsCompaction(used: number, window: number, reserveForAnswer: number): boolean {
  return used > window - reserveForAnswer;
}

/** Messages that travel together: one message, or an assistant tool-call message and its results. */
export type MessageGroup = ChatMessage[];

/** Splits messages into groups that must not be separated. */
export function groupMessages(messages: readonly ChatMessage[]): MessageGroup[] {
  const groups: MessageGroup[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    const group = [m];
    if (m.role === "assistant" && m.tool_calls?.length) {
      const ids = new Set(m.tool_calls.map((c) => c.id));
      while (i + 1 < messages.length) {
        const next = messages[i + 1];
        if (next.role !== "tool" || !ids.has(next.tool_call_id)) break;
        group.push(next);
        i++;
      }
    }
    groups.push(group);
  }
  return groups;
}

/** How a history splits for compaction. */
export interface CompactionPlan {
  /** Leading system messages. */
  head: ChatMessage[];
  /** Groups before the kept turns that are not pinned: shrunk, then summarized. */
  older: MessageGroup[];
  /** Pinned groups from the older part, kept in order. */
  pinned: MessageGroup[];
  /** The latest turns, kept verbatim. */
  recent: MessageGroup[];
}

/** Splits `messages` into what is kept, pinned and compactable. */
export function planCompaction(
  messages: readonly ChatMessage[],
  opts: Pick<CompactionOptions, "keepRecentTurns" | "pinned">,
): CompactionPlan {
  let h = 0;
  while (h < messages.length && messages[h].role === "system") h++;
  const head = messages.slice(0, h);
  const groups = groupMessages(messages.slice(h));
  const keep = Math.max(1, opts.keepRecentTurns ?? 2);
  let start = groups.length;
  let turns = 0;
  for (let g = groups.length - 1; g >= 0 && turns < keep; g--) {
    if (groups[g][0].role === "user") {
      turns++;
      start = g;
    }
  }
  if (turns === 0) start = Math.max(0, groups.length - 1);
  const isPinned = (g: MessageGroup) => opts.pinned ? g.some(opts.pinned) : false;
  const before = groups.slice(0, start);
  return {
    head,
    older: before.filter((g) => !isPinned(g)),
    pinned: before.filter(isPinned),
    recent: groups.slice(start),
  };
}

/** Keeps the head and tail of `text`, with a marker saying how much was cut. */
export function shrinkText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const headChars = Math.floor(maxChars * 0.7);
  const tailChars = Math.max(0, maxChars - headChars);
  const cut = text.length - headChars - tailChars;
  return `${
    text.slice(0, headChars)
  }\n[… ${cut} characters of this tool result removed to save context …]\n${
    tailChars > 0 ? text.slice(-tailChars) : ""
  }`;
}

/** Shrinks the oversized tool results of `groups` in place, oldest first, until `fits()`. */
function shrinkGroups(
  groups: MessageGroup[],
  maxChars: number,
  fits: () => boolean,
  pinned?: (m: ChatMessage) => boolean,
): number {
  let shrunk = 0;
  for (const group of groups) {
    if (pinned && group.some(pinned)) continue;
    for (let i = 0; i < group.length; i++) {
      const m = group[i];
      if (m.role !== "tool" || m.content.length <= maxChars) continue;
      group[i] = { ...m, content: shrinkText(m.content, maxChars) };
      shrunk++;
    }
    if (shrunk > 0 && fits()) break;
  }
  return shrunk;
}

/**
 * Compacts `messages` to fit `opts.budget`. Returns a new array; message objects that did not
 * change are reused (their token counts stay cached). Throws whatever `summarize` throws.
 *
 * When the latest turn alone is too big (one prompt followed by many tool rounds), its middle
 * is compacted the same way: the turn's user message and its last groups are kept, the rest is
 * shrunk and then summarized as the assistant's progress so far, followed by a "continue" user
 * message so the roles still alternate.
 */
export async function compactMessages(
  messages: ChatMessage[],
  opts: CompactionOptions,
): Promise<CompactionResult> {
  const tokensBefore = opts.count(messages);
  const maxChars = opts.maxToolResultChars ?? 4_000;
  let shrunk = 0;
  let summarized = 0;
  let summaryText: string | undefined;
  const done = (msgs: ChatMessage[]): CompactionResult => {
    const tokensAfter = msgs === messages ? tokensBefore : opts.count(msgs);
    return {
      messages: msgs,
      tokensBefore,
      tokensAfter,
      stage: summarized > 0 ? "summarize" : shrunk > 0 ? "shrink" : "none",
      shrunkToolResults: shrunk,
      summarizedMessages: summarized,
      overBudget: tokensAfter > opts.budget,
      ...(summaryText !== undefined ? { summary: summaryText } : {}),
    };
  };
  if (tokensBefore <= opts.budget && !opts.force) return done(messages);

  // Stage 1 and 2 over the turns before the latest ones.
  const plan = planCompaction(messages, opts);
  const older = plan.older.map((g) => g.slice());
  const pinnedMsgs = plan.pinned.flat();
  const recentMsgs = plan.recent.flat();
  const withOlder =
    () => [...plan.head, ...mergeInOrder(messages, plan.pinned, plan.older, older), ...recentMsgs];
  if (!opts.force) {
    shrunk += shrinkGroups(older, maxChars, () => opts.count(withOlder()) <= opts.budget);
  }
  let current = withOlder();
  if (shrunk > 0 && !opts.force && opts.count(current) <= opts.budget) return done(current);
  if (older.length > 0) {
    const olderMsgs = older.flat();
    const summary = await opts.summarize(olderMsgs, opts.signal);
    summarized += olderMsgs.length;
    summaryText = summary.trim();
    current = [
      ...plan.head,
      ...pinnedMsgs,
      { role: "user", content: SUMMARY_PREFIX + summary.trim() },
      { role: "assistant", content: SUMMARY_ACK },
      ...recentMsgs,
    ];
    if (opts.count(current) <= opts.budget) return done(current);
  }

  // Stage 3: the latest turn itself is too big.
  const keepGroups = Math.max(1, opts.keepRecentGroups ?? 2);
  const turnStart = lastUserIndex(current);
  const prefix = current.slice(0, turnStart + 1); // up to and including the turn's user message
  const turn = groupMessages(current.slice(turnStart + 1));
  if (turn.length <= keepGroups) return done(current);
  const middle = turn.slice(0, turn.length - keepGroups).map((g) => g.slice());
  const kept = turn.slice(turn.length - keepGroups).flat();
  const isPinned = (g: MessageGroup) => opts.pinned ? g.some(opts.pinned) : false;
  const withMiddle = () => [...prefix, ...middle.flat(), ...kept];
  if (!opts.force) {
    const fits = () => opts.count(withMiddle()) <= opts.budget;
    shrunk += shrinkGroups(middle, maxChars, fits, opts.pinned);
    current = withMiddle();
    if (opts.count(current) <= opts.budget) return done(current);
  }
  const toSummarize = middle.filter((g) => !isPinned(g)).flat();
  if (toSummarize.length === 0) return done(current);
  const progress = await opts.summarize(toSummarize, opts.signal);
  summarized += toSummarize.length;
  summaryText = [summaryText, progress.trim()].filter(Boolean).join("\n\n");
  current = [
    ...prefix,
    ...middle.filter(isPinned).flat(),
    { role: "assistant", content: PROGRESS_PREFIX + progress.trim() },
    { role: "user", content: CONTINUE },
    ...kept,
  ];
  return done(current);
}

/** The opening of the summary of the latest turn's earlier steps. */
export const PROGRESS_PREFIX = "[Summary of my earlier steps on this request]\n";
const CONTINUE = "Continue from where you left off.";

function lastUserIndex(messages: readonly ChatMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === "user") return i;
  let h = 0;
  while (h < messages.length && messages[h].role === "system") h++;
  return h - 1;
}

/** Pinned and (possibly shrunk copies of) older groups, back in their original order. */
function mergeInOrder(
  messages: readonly ChatMessage[],
  pinned: MessageGroup[],
  olderOriginal: MessageGroup[],
  older: MessageGroup[],
): ChatMessage[] {
  const pos = new Map<ChatMessage, number>();
  messages.forEach((m, i) => pos.set(m, i));
  const placed: Array<[number, MessageGroup]> = [
    ...pinned.map((g): [number, MessageGroup] => [pos.get(g[0]) ?? 0, g]),
    ...older.map((g, i): [number, MessageGroup] => [pos.get(olderOriginal[i][0]) ?? 0, g]),
  ];
  return placed.sort((a, b) => a[0] - b[0]).flatMap(([, g]) => g);
}
