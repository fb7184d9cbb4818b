/**
 * The scanner: walks the text once, hands each position where markup can start
 * to the matchers, and collects visible text, calls, errors and reasoning.
 *
 * It is resumable: with `final: false` it stops where it cannot decide yet
 * (say, inside an unfinished `<tool_call>`) and continues from there when more
 * text arrives. Everything before the stop point is settled, which is what
 * makes streaming give exactly the batch result.
 *
 * Markdown is respected: nothing inside an inline code span or a fenced code
 * block is a call, except a fence that holds only calls (models wrap calls in
 * ```xml / ```json fences). Plain markup must also stand alone to be a call;
 * placement.ts says when, and quotations stay visible text.
 */
import { unknownTool } from "./errors.ts";
import { atLineStart, inlineCode, matchFence } from "./fences.ts";
import { matchGemma4 } from "./gemma.ts";
import { matchGlm4Bare } from "./glm.ts";
import { matchHarmony } from "./harmony.ts";
import { matchBareJson, matchPythonTag, shapesOf } from "./json_format.ts";
import { matchMistral, matchMistralBare } from "./mistral.ts";
import { type Lines, newLines, place, resetLines, trackMarkup, trackText } from "./placement.ts";
import { matchBareCall, matchPythonList, parsePythonCalls } from "./pythonic.ts";
import { matchFakeResult, matchOrphanClose, matchReasoning, matchStrayToken } from "./reasoning.ts";
import { escapeRe, prefixSource } from "./text_util.ts";
import { matchDeepSeek, matchKimi, matchKimiFragment } from "./token_calls.ts";
import { matchToolUseTag } from "./tool_use_tag.ts";
import type { Ctx, DetailedParseResult, Item, Match, ParseOptions } from "./types.ts";
import { NONE } from "./types.ts";
import { matchWrapper } from "./wrappers.ts";
import { parseFunctionCall, parseInvoke, parseXmlCall, toMatch } from "./xml_calls.ts";

/** Where the scanner is, and what it has found so far. */
export interface ScanState {
  pos: number;
  /** Marker of the open fenced code block (```` ``` ````, `~~~`...), or null. */
  fence: string | null;
  /** Whitespace right after removed markup is dropped. */
  afterRegion: boolean;
  sawReasoning: boolean;
  /**
   * Visible text so far in pieces (leading whitespace already dropped); kept
   * as an array because reading a long concatenated string copies it.
   */
  chunks: string[];
  /** Total length of `chunks`. */
  length: number;
  /** Text dropped from the front of the scanned text (streaming keeps a window). */
  dropped: () => string;
  reasoning: string[];
  items: Item[];
  /** How many times an orphan `</think>` turned earlier text into reasoning. */
  resets: number;
  /** Line state for the quotation rules (placement.ts). */
  lines: Lines;
}

/** A fresh scanner state. */
export function newState(): ScanState {
  return {
    pos: 0,
    fence: null,
    afterRegion: true,
    sawReasoning: false,
    chunks: [],
    length: 0,
    dropped: () => "",
    reasoning: [],
    items: [],
    resets: 0,
    lines: newLines(),
  };
}

/** What a scanner needs besides the text: built once per parse or stream. */
export interface Setup {
  toolNames: readonly string[];
  resolve(name: string): string | null;
  paramType(tool: string, param: string): unknown;
  trigger: RegExp;
  expectedFormat?: "xml" | "json";
  strict(tool: string): boolean;
}

/**
 * What may follow a known tool's name to start a call: `[ARGS]` (Mistral without its
 * token), `(` (a bare Python call), `:0<|tool_call_argument_begin|>` (a leaked Kimi
 * call) or a line break and `{` (GLM-4's markerless call).
 */
const NAME_NEXT = String
  .raw`\[(?:ARGS|CALL_ID)\]|\(|:\d+\s*<\|tool_call_argument_begin\|>|[ \t]*\r?\n[ \t]*\{`;

/** Builds name resolution, schema lookup and the trigger regex for a tool list. */
export function makeSetup(toolNames: readonly string[], options: ParseOptions = {}): Setup {
  const names = new Set(toolNames);
  const resolve = (name: string): string | null => {
    const n = name.trim();
    if (names.has(n)) return n;
    const bare = n.replace(/^functions\./, "");
    return names.has(bare) ? bare : null;
  };
  const paramType = (tool: string, param: string): unknown => {
    const schema = options.schemas?.[tool] as { properties?: Record<string, unknown> } | undefined;
    const prop = schema?.properties?.[param] as Record<string, unknown> | undefined;
    if (!prop) return undefined;
    if (prop.type !== undefined) return prop.type;
    const alts = (prop.anyOf ?? prop.oneOf) as Record<string, unknown>[] | undefined;
    return alts?.map((a) => a.type).flat().filter((x) => typeof x === "string");
  };
  const alt = toolNames.filter((n) => /^[\w.-]+$/.test(n)).map(escapeRe).join("|");
  const nameStart = alt ? `|(?<![\\w.-])(?:functions\\.)?(?:${alt})(?=${NAME_NEXT})` : "";
  const trigger = new RegExp(`[<\\[{\`~]${nameStart}`, "g");
  const strict = options.strict ?? (() => false);
  return { toolNames, resolve, paramType, trigger, expectedFormat: options.expectedFormat, strict };
}

/** A matcher context over `text`. */
export function makeCtx(setup: Setup, text: string, final: boolean): Ctx {
  return {
    text,
    final,
    toolNames: setup.toolNames,
    resolve: setup.resolve,
    paramType: setup.paramType,
    expectedFormat: setup.expectedFormat,
    strict: setup.strict,
  };
}

function emit(st: ScanState, s: string): void {
  if (st.afterRegion || st.length === 0) s = s.replace(/^\s+/, "");
  if (s === "") return;
  st.afterRegion = false;
  st.chunks.push(s);
  st.length += s.length;
}

/** Consumes visible text. */
function text(st: ScanState, s: string): void {
  trackText(st.lines, s);
  emit(st, s);
}

function apply(st: ScanState, m: Extract<Match, { kind: "region" }>, raw: string): void {
  if (m.reset) {
    st.chunks = [];
    st.length = 0;
    st.items = [];
    st.reasoning = [];
    st.resets++;
    resetLines(st.lines);
  }
  trackMarkup(st.lines, raw);
  if (m.reasoning !== undefined) {
    st.sawReasoning = true;
    const r = (m.reset ? st.dropped() + m.reasoning : m.reasoning).trim();
    if (r) st.reasoning.push(r);
  }
  st.items.push(...m.items);
  st.afterRegion = true;
}

/** Runs the scanner as far as the text allows. */
export function scan(setup: Setup, ctx: Ctx, st: ScanState): void {
  const t = ctx.text;
  while (st.pos < t.length) {
    if (st.fence) {
      if (!fenceStep(ctx, st)) return;
      continue;
    }
    setup.trigger.lastIndex = st.pos;
    const found = setup.trigger.exec(t);
    const next = found ? found.index : t.length;
    if (next > st.pos || !found) {
      // While streaming, a known tool's name at the end may still become a call.
      const after = !found ? "" : t.length - next <= 40 ? t.slice(next) : null;
      const hold = ctx.final || after === null
        ? 0
        : heldTail(setup, t.slice(Math.max(st.pos, next - 80), next), after);
      text(st, t.slice(st.pos, next - hold));
      st.pos = next - hold;
      if (hold) return;
      continue;
    }
    const m = matchAt(ctx, st, next);
    switch (m.kind) {
      case "more":
        return;
      case "none":
        text(st, t[next]);
        st.pos = next + 1;
        break;
      case "text":
        text(st, t.slice(next, m.end));
        st.pos = m.end;
        break;
      case "fence":
        text(st, t.slice(next, m.end));
        st.fence = m.marker;
        st.pos = m.end;
        break;
      case "region": {
        const verdict = m.standalone && m.items.length
          ? place(ctx, st.lines, st.length, next, m)
          : "call";
        if (verdict === "more") return;
        if (verdict === "quote") text(st, t.slice(next, m.end));
        else apply(st, m, t.slice(next, m.end));
        st.pos = m.end;
        break;
      }
    }
  }
}

/**
 * Length of the end of `before` that, with `after` (the rest of the text), could still
 * become a known tool's name starting a call (see `NAME_NEXT`): held back while
 * streaming, so the name is not shown before the call it starts is known.
 */
function heldTail(setup: Setup, before: string, after: string): number {
  const m = /(?<![\w.-])((?:functions\.)?[\w.-]+)(\[[A-Z_]*|:\d*|[ \t]*(?:\r?\n[ \t]*)?)$/.exec(
    before,
  );
  if (!m) return 0;
  const [all, word, suffix] = m;
  const bare = word.replace(/^functions\./, "");
  if (suffix === "" && after === "" && setup.toolNames.some((n) => n.startsWith(bare))) {
    return all.length;
  }
  if (setup.resolve(word) === null) return 0;
  return CONTINUATIONS.some((re) => re.test(suffix + after)) ? all.length : 0;
}

/** What may still become a `NAME_NEXT` continuation while more text is coming. */
const CONTINUATIONS = [
  new RegExp(`^(?:\\[${prefixSource("ARGS]")}|\\[${prefixSource("CALL_ID]")})?$`),
  /^:\d*$/,
  new RegExp(`^:\\d+\\s*${prefixSource("<|tool_call_argument_begin|>")}$`),
  /^[ \t]*\r?(?:\n[ \t]*)?$/,
];

/**
 * Tries matchers in order: the first that finds something wins. A matcher that
 * cannot decide yet blocks the later ones, or streaming could pick a later
 * matcher that the complete text would not reach.
 */
function first(ctx: Ctx, pos: number, matchers: ((ctx: Ctx, pos: number) => Match)[]): Match {
  for (const matcher of matchers) {
    const m = matcher(ctx, pos);
    if (m.kind !== "none") return m;
  }
  return NONE;
}

const CALLS_AT_LT = [
  matchHarmony,
  matchGemma4,
  matchKimi,
  matchPythonTag,
  matchDeepSeek,
  matchWrapper,
  (ctx: Ctx, pos: number) => toMatch(parseFunctionCall(ctx, pos)),
  (ctx: Ctx, pos: number) => toMatch(parseInvoke(ctx, pos)),
  (ctx: Ctx, pos: number) => toMatch(parseXmlCall(ctx, pos)),
];

/** Calls that start with a known tool's name. */
const CALLS_AT_NAME = [matchMistralBare, matchKimiFragment, matchBareCall, matchGlm4Bare];

/** Fence languages whose content may be bare Python-style calls (Gemma's `tool_code`). */
const CALL_FENCES = new Set(["tool_code", "tool_call", "tool_calls", ""]);

/** Call formats only (used after a fence opener). */
function matchCall(ctx: Ctx, pos: number, lang: string): Match {
  const c = ctx.text[pos];
  if (c === "<") return first(ctx, pos, CALLS_AT_LT);
  if (c === "[") return first(ctx, pos, [matchMistral, matchBareJson, matchPythonList]);
  if (c === "{") return matchBareJson(ctx, pos);
  const mistral = matchMistralBare(ctx, pos);
  if (mistral.kind !== "none" || !CALL_FENCES.has(lang)) return mistral;
  return toMatch(parsePythonCalls(ctx, pos, false));
}

function matchAt(ctx: Ctx, st: ScanState, pos: number): Match {
  const c = ctx.text[pos];
  const orphan = (cx: Ctx, p: number) => matchOrphanClose(cx, p, st.sawReasoning);
  switch (c) {
    case "<":
      return first(ctx, pos, [
        matchReasoning,
        orphan,
        matchFakeResult,
        ...CALLS_AT_LT,
        matchStrayToken,
      ]);
    case "[":
      return first(ctx, pos, [
        matchReasoning,
        orphan,
        matchMistral,
        matchToolUseTag,
        matchBareJson,
        matchPythonList,
      ]);
    case "{":
      return matchBareJson(ctx, pos);
    case "`":
    case "~": {
      if (atLineStart(ctx.text, pos)) {
        const f = matchFence(ctx, pos, matchCall);
        if (f.kind !== "none") return f;
      }
      return c === "`" ? inlineCode(ctx, pos) : NONE;
    }
    default:
      return first(ctx, pos, CALLS_AT_NAME);
  }
}

/** One step inside a fenced code block; false when it must wait for more text. */
function fenceStep(ctx: Ctx, st: ScanState): boolean {
  const t = ctx.text;
  const marker = st.fence!;
  if (st.pos === 0 || t[st.pos - 1] === "\n") {
    const ch = marker[0] === "`" ? "`" : "~";
    const close = new RegExp(` {0,3}${ch}{${marker.length},}[ \\t]*(\\n|$)`, "y");
    close.lastIndex = st.pos;
    const c = close.exec(t);
    if (c) {
      if (c[1] === "" && !ctx.final) return false;
      text(st, c[0]);
      st.fence = null;
      st.pos += c[0].length;
      return true;
    }
    const rest = t.slice(st.pos, st.pos + 40);
    const short = t.length - st.pos <= 40;
    if (!ctx.final && short && !rest.includes("\n") && /^ {0,3}(`+|~+)?[ \t]*$/.test(rest)) {
      return false;
    }
  }
  const nl = t.indexOf("\n", st.pos);
  const end = nl < 0 ? t.length : nl + 1;
  text(st, t.slice(st.pos, end));
  st.pos = end;
  return true;
}

/** The result once the text is complete. */
export function finish(setup: Setup, ctx: Ctx, st: ScanState): DetailedParseResult {
  const visible = st.chunks.join("").trimEnd();
  const calls = st.items.flatMap((i) => ("call" in i ? [i.call] : []));
  const errors = st.items.flatMap((i) => ("error" in i ? [i.error] : []));
  if (calls.length === 0 && errors.length === 0) {
    errors.push(...wholeMessageJson(setup, ctx, visible));
  }
  return { text: visible, calls, errors, reasoning: st.reasoning.join("\n\n") };
}

/** A message that is nothing but a call-shaped JSON for unknown tools: report them. */
function wholeMessageJson(setup: Setup, ctx: Ctx, body0: string) {
  const body = body0.replace(/^```[\w-]*\n([\s\S]*?)\n?```$/, "$1").trim();
  if (!/^[[{][\s\S]*[\]}]$/.test(body)) return [];
  const shapes = shapesOf(body);
  if (!shapes) return [];
  return shapes
    .filter((s) => !setup.resolve(s.name))
    .map((s) => unknownTool(ctx, "json", body, s.name))
    .flatMap((i) => ("error" in i ? [i.error] : []));
}
