/**
 * When text is a call, and when it is a quotation.
 *
 * A model that summarises a README or a web page quotes the calls written there; those
 * quotations must never run. The rule, for plain markup (Nanocoder XML, `<tool_call>`
 * and the other tag wrappers, `<function=…>`, `<invoke>`, bare JSON, `name(k=v)`):
 *
 * 1. Code is a quotation: nothing inside inline code or a code block runs (scanner.ts).
 * 2. A call stands on its own lines. Prose before it on its line, or after it on its
 *    last line, puts it inside a sentence: a quotation. One exception: a sentence that
 *    ended (`.`, `!`, `?`) right before the call, as in "I will check the weather.
 *    <tool_call>…" (ai-dynamo/dynamo#10445); a colon does not end one ("The docs
 *    say: <call>" quotes).
 * 3. A call with prose on the line right above it *and* on the line right below it sits
 *    inside a paragraph: a quotation. A blank line on either side separates it, so a
 *    lead-in ("I'll read the file:") right above a call, or a remark after a blank
 *    line, keep it a call.
 * 4. A fenced block (```` ```xml ````, ```` ```json ````, any language) that holds only
 *    calls is a call when it follows at most a short lead-in (LEAD_IN visible
 *    characters) and is not surrounded by prose: with prose before it, nothing but
 *    whitespace or more markup may follow it. A fence after a long text, or between
 *    two pieces of prose, is a quotation: models fence what they show, and a fence that
 *    runs is the model's last word before it stops.
 *
 * Special tokens (`[TOOL_CALLS]`, `<|python_tag|>`, DeepSeek's and Kimi's tokens,
 * gpt-oss's headers, `<|tool_call|>`...) are what the chat template makes the model
 * emit and prose does not contain: they are calls wherever they appear outside code,
 * even right after a sentence (Mistral and DeepSeek write them there).
 *
 * The decisions look at the scanner's line state and at most the whitespace after the
 * call plus one character, so streaming decides exactly as the batch parser does.
 */
import { skipWs } from "./text_util.ts";
import type { Ctx, Match } from "./types.ts";

/** Visible characters a fenced call may follow (a lead-in, not a summary). */
export const LEAD_IN = 400;

/** What the scanner knows about the lines so far. */
export interface Lines {
  /** Visible non-blank text since the last line break or removed markup. */
  textOnLine: boolean;
  /** The current line so far holds visible text. */
  lineText: boolean;
  /** The current line so far holds removed markup (a call, reasoning, a token). */
  lineMarkup: boolean;
  /** What the previous line was. */
  prevLine: "blank" | "prose" | "markup";
}

/** Line state at the start of a message. */
export function newLines(): Lines {
  return { textOnLine: false, lineText: false, lineMarkup: false, prevLine: "blank" };
}

/** Notes visible text (chunk boundaries do not matter: streaming sees the same state). */
export function trackText(l: Lines, s: string): void {
  const nl = s.lastIndexOf("\n");
  if (nl < 0) {
    if (/\S/.test(s)) l.lineText = l.textOnLine = true;
    return;
  }
  const prevNl = nl > 0 ? s.lastIndexOf("\n", nl - 1) : -1;
  const ended = s.slice(prevNl + 1, nl);
  if (prevNl < 0) {
    const text = l.lineText || /\S/.test(ended);
    l.prevLine = l.lineMarkup ? "markup" : text ? "prose" : "blank";
  } else l.prevLine = /\S/.test(ended) ? "prose" : "blank";
  l.lineMarkup = false;
  l.lineText = l.textOnLine = /\S/.test(s.slice(nl + 1));
}

/** Notes removed markup (`raw` is its text). */
export function trackMarkup(l: Lines, raw: string): void {
  if (raw.includes("\n")) {
    l.prevLine = "markup";
    l.lineText = false;
  }
  l.lineMarkup = true;
  l.textOnLine = false;
}

/** Everything so far turned out to be reasoning (an orphan `</think>`). */
export function resetLines(l: Lines): void {
  Object.assign(l, newLines(), { lineMarkup: true });
}

const MARKUP = /[<[{`~]/;
const SENTENCE_END = /[.!?]["')\]]?[ \t]*$/;

function isBlank(c: string): boolean {
  return c === " " || c === "\t" || c === "\r";
}

/**
 * The verdict on a region of plain markup found at the current position: "call",
 * "quote" (show it as text), or "more" (streaming: wait for the next character).
 * `visible` is the length of the visible text before it; `start` is where it starts.
 */
export function place(
  ctx: Ctx,
  l: Lines,
  visible: number,
  start: number,
  m: Extract<Match, { kind: "region" }>,
): "call" | "quote" | "more" {
  const t = ctx.text;
  if (m.standalone === "fence") {
    if (visible > LEAD_IN) return "quote";
    if (visible === 0) return "call";
    const s = skipWs(t, m.end);
    if (s >= t.length) return ctx.final ? "call" : "more";
    return MARKUP.test(t[s]) ? "call" : "quote";
  }
  if (l.textOnLine && !SENTENCE_END.test(t.slice(Math.max(0, start - 8), start))) return "quote";
  let s = m.end;
  while (s < t.length && isBlank(t[s])) s++;
  if (s >= t.length) return ctx.final ? "call" : "more";
  if (t[s] !== "\n") return MARKUP.test(t[s]) ? "call" : "quote";
  if (l.prevLine !== "prose") return "call";
  let n = s + 1;
  while (n < t.length && isBlank(t[n])) n++;
  if (n >= t.length) return ctx.final ? "call" : "more";
  return t[n] === "\n" || MARKUP.test(t[n]) ? "call" : "quote";
}
