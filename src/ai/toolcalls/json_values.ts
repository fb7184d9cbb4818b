/**
 * JSON helpers shared by the formats: finding where a JSON value ends in running
 * text, parsing with repair, recognising the shapes of a call object, and
 * decoding parameter values written as text.
 */
import { jsonrepair } from "jsonrepair";
import { unclosedAtEnd } from "./arguments.ts";
import { openAtEnd, repairKeptContent } from "./json_text.ts";
import { litAny } from "./text_util.ts";
import type { Ctx } from "./types.ts";

/**
 * Index just past the balanced JSON object/array that starts at `start`
 * (`{` or `[`), or -1 when the text ends first. Strings and escapes are
 * respected, so braces inside strings do not count.
 */
export function scanJsonEnd(text: string, start: number): number {
  let depth = 0;
  let quote = ""; // the open string's quote; `'` too, for Python-style dicts
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** A JSON body and what follows it. */
export interface JsonBody {
  body: string;
  /** Index just past the body. */
  end: number;
  /** The closing markup right after the body, when there is one. */
  closer?: { at: number; text: string };
}

function firstOf(text: string, from: number, closers: readonly string[]) {
  let best: { at: number; text: string } | undefined;
  for (const c of closers) {
    const at = text.indexOf(c, from);
    if (at >= 0 && (!best || at < best.at)) best = { at, text: c };
  }
  return best;
}

/** A closer after `p`, past whitespace and stray `}` / `]` (a model's extra brace). */
function closerAfter(ctx: Ctx, p: number, closers: readonly string[]) {
  const t = ctx.text;
  let s = p;
  while (s < t.length && /[\s}\]]/.test(t[s])) s++;
  const found = litAny(ctx, s, closers);
  if (found === "more" || (s >= t.length && !ctx.final)) return "more";
  return found ? { at: s, text: found } : undefined;
}

/**
 * The JSON value starting at `q` (`{` or `[`) inside markup that `closers` end. A
 * balanced value is taken as it is (a closer inside one of its strings is content); an
 * unbalanced one (a missing brace) runs to the first closer, which makes it a slip the
 * repair may mend. Without a closer the body runs to the end of the message (cut off).
 * While streaming, an unbalanced value waits for the whole message.
 */
export function jsonBody(ctx: Ctx, q: number, closers: readonly string[]): JsonBody | "more" {
  const t = ctx.text;
  const end = scanJsonEnd(t, q);
  if (end < 0 && !ctx.final) return "more";
  const first = firstOf(t, q, closers);
  if (end >= 0) {
    const after = closerAfter(ctx, end, closers);
    if (after === "more") return "more";
    if (after || !first || first.at >= end) return { body: t.slice(q, end), end, closer: after };
  }
  if (first) return { body: t.slice(q, first.at), end: first.at, closer: first };
  return { body: t.slice(q), end: t.length };
}

/** Whether the message ended inside the JSON body: the call was cut off. */
export function endsOpen(text: string, b: JsonBody): boolean {
  return !b.closer && b.end >= text.length && unclosedAtEnd(b.body.trim()) !== undefined;
}

/** A parsed value; `guessed` when a repair may have changed or invented content. */
export type Loose = { ok: true; value: unknown; guessed: boolean } | { ok: false };

/**
 * Parses JSON; on failure repairs it (trailing commas, raw newlines, quotes...) and
 * tries again. JSON left open at its end is refused (the output was cut off and a
 * repair would invent the missing end) unless `closed`: the call's closing markup came
 * after it, so a missing `}` is a slip, not a cut.
 */
export function parseJsonLoose(source: string, closed = false): Loose {
  try {
    return { ok: true, value: JSON.parse(source), guessed: false };
  } catch {
    // Damaged JSON is common in model output: fall through to repair.
  }
  const s = source.trim();
  if (!closed && /^[[{]/.test(s) && unclosedAtEnd(s)) return { ok: false };
  try {
    const repaired = jsonrepair(s);
    const guessed = !repairKeptContent(s, repaired);
    // A repair that invents values (`{"path": }` -> null) guesses too much to execute.
    if (/\bnull\b/.test(repaired) && !/\b(?:null|None)\b/.test(s)) return { ok: false };
    return { ok: true, value: JSON.parse(repaired), guessed };
  } catch {
    return { ok: false };
  }
}

/** A call-shaped object: its name and its raw arguments, or why the arguments are unusable. */
export interface CallShape {
  name: string;
  args?: Record<string, unknown>;
  problem?: string;
  /** The JSON needed a repair that may have changed content. */
  guessed?: boolean;
  /** Only a name, no arguments key: a call inside a wrapper, an error when bare. */
  nameOnly?: boolean;
}

const NAME_KEYS = ["name", "tool_name", "toolName", "tool", "function"];
const ARG_KEYS = ["arguments", "parameters", "args", "params", "input", "tool_input"];
const EXTRA_KEYS = new Set(["id", "type", "call_id", "index"]);

/** Keys a call object may start with: used to let go of ordinary JSON early while streaming. */
export const CALL_FIRST_KEYS = new Set([
  ...NAME_KEYS,
  ...ARG_KEYS,
  ...EXTRA_KEYS,
  "tool_calls",
  "function_call",
]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Normalises arguments given as an object, a JSON string, or nothing. */
export function normalizeArgs(
  raw: unknown,
): { args?: Record<string, unknown>; problem?: string; guessed?: boolean } {
  if (raw === undefined || raw === null) return { args: {} };
  if (isRecord(raw)) return { args: raw };
  if (typeof raw === "string") {
    if (raw.trim() === "") return { args: {} };
    const parsed = parseJsonLoose(raw);
    if (parsed.ok && isRecord(parsed.value)) return { args: parsed.value, guessed: parsed.guessed };
    return { problem: "the arguments string is not a JSON object" };
  }
  return { problem: "the arguments must be a JSON object" };
}

/** Arguments from a JSON body (`<function=x>{...}`, harmony, Mistral `[ARGS]`...). */
export function argsFromJson(
  body: string,
  closed: boolean,
): { args?: Record<string, unknown>; problem?: string; guessed?: boolean } {
  if (body.trim() === "") return { args: {} };
  const parsed = parseJsonLoose(body, closed);
  if (!parsed.ok) return { problem: jsonProblem(body) };
  const norm = normalizeArgs(parsed.value);
  return { ...norm, guessed: parsed.guessed || norm.guessed };
}

/** What is wrong with JSON that would not parse, and how to fix it: meant for the model. */
export function jsonProblem(body: string): string {
  const s = body.trim();
  const open = unclosedAtEnd(s);
  if (open === "an object" || open === "an array") {
    const missing = openAtEnd(s).stack.reverse().join("");
    return `the JSON is not terminated: ${open} is never closed ` +
      `(add the missing \`${missing}\` at the end of the arguments)`;
  }
  if (open) return "the JSON is not terminated: a string is never closed";
  return "the arguments are not valid JSON (escape quotes and backslashes inside strings)";
}

/** A JSON Schema rather than arguments: a tool definition, not a call. */
function looksLikeSchema(v: unknown): boolean {
  return isRecord(v) && v.type === "object" && isRecord(v.properties);
}

/** Reads one object as a call, or returns null when it is not call-shaped. */
export function callShape(obj: unknown): CallShape | null {
  if (!isRecord(obj)) return null;
  if (isRecord(obj.function) && typeof obj.function.name === "string") {
    // OpenAI style: {"type": "function", "function": {"name", "arguments"}}.
    const extra = Object.keys(obj).filter((k) => k !== "function" && !EXTRA_KEYS.has(k));
    if (extra.length > 0) return null;
    return callShape(obj.function);
  }
  if (isRecord(obj.function_call)) return callShape(obj.function_call);
  const nameKey = NAME_KEYS.find((k) => typeof obj[k] === "string");
  if (!nameKey) return null;
  const argKeys = ARG_KEYS.filter((k) => k in obj);
  if (argKeys.length > 1) return null;
  const extra = Object.keys(obj).filter(
    (k) => k !== nameKey && !argKeys.includes(k) && !EXTRA_KEYS.has(k),
  );
  if (extra.length > 0) return null;
  const rawArgs = argKeys.length ? obj[argKeys[0]] : undefined;
  if (looksLikeSchema(rawArgs)) return null;
  const name = obj[nameKey] as string;
  return { name, ...normalizeArgs(rawArgs), ...(argKeys.length ? {} : { nameOnly: true }) };
}

/**
 * Reads a parsed JSON value as a list of calls: one call object, an array of
 * them, or `{"tool_calls": [...]}`. Null when any element is not call-shaped.
 */
export function callShapes(value: unknown): CallShape[] | null {
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    const shapes = value.map(callShape);
    return shapes.every((s) => s !== null) ? shapes as CallShape[] : null;
  }
  if (isRecord(value) && Array.isArray(value.tool_calls) && Object.keys(value).length === 1) {
    return callShapes(value.tool_calls);
  }
  const one = callShape(value);
  return one ? [one] : null;
}

/** `{"arguments": {...}}` with no name: a call that forgot to say which tool. */
export function argumentsOnly(value: unknown): boolean {
  if (!isRecord(value) || NAME_KEYS.some((k) => k in value)) return false;
  const keys = Object.keys(value);
  return keys.some((k) => ARG_KEYS.includes(k)) &&
    keys.every((k) => ARG_KEYS.includes(k) || EXTRA_KEYS.has(k));
}

/** Marks shapes read from JSON that a repair may have changed. */
export function withGuess(shapes: CallShape[], parsed: Loose): CallShape[] {
  return parsed.ok && parsed.guessed ? shapes.map((s) => ({ ...s, guessed: true })) : shapes;
}

/** Why parsed JSON is not a call, for the model. */
export function shapeProblem(value: unknown): string {
  const wanted = '{"name": "tool_name", "arguments": {...}}';
  const obj = Array.isArray(value) ? value.find((v) => !callShape(v)) : value;
  if (!isRecord(obj)) return `the JSON is not an object like ${wanted}`;
  if (!NAME_KEYS.some((k) => typeof obj[k] === "string")) {
    return `the JSON has no "name": write ${wanted}`;
  }
  return `the JSON has keys besides "name" and "arguments": write ${wanted}`;
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function typeList(t: unknown): string[] {
  if (typeof t === "string") return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === "string");
  return [];
}

/**
 * Decodes a parameter value written as text (XML-like formats).
 *
 * With a declared type: `string` keeps the text exactly; `number`/`integer`,
 * `boolean`, `null`, `object`/`array` decode when the text is a valid value of
 * that type, else the text is kept so validation can report it.
 * Without a schema, single-line values that are `true`, `false`, `null`, a JSON
 * number, or a JSON object/array (or a Python literal one, repaired exactly) are
 * decoded; everything else (including any multi-line value) stays the exact text.
 */
export function decodeValue(raw: string, declared: unknown): unknown {
  const types = typeList(declared);
  const t = raw.trim();
  if (types.length > 0) {
    if (types.includes("string")) return raw;
    if ((types.includes("number") || types.includes("integer")) && NUMBER.test(t)) return Number(t);
    if (types.includes("boolean") && (t === "true" || t === "false")) return t === "true";
    if (types.includes("null") && t === "null") return null;
    if ((types.includes("object") || types.includes("array")) && /^[[{]/.test(t)) {
      // Python literals (`{'unit': 'c'}`, `True`) repair exactly; a guess stays text.
      const parsed = parseJsonLoose(t);
      if (parsed.ok && !parsed.guessed && typeof parsed.value === "object") return parsed.value;
    }
    return raw;
  }
  // Multi-line text is content (a JSON file, a script), never a typed value.
  if (t.includes("\n")) return raw;
  if (t === "true" || t === "false") return t === "true";
  if (t === "null") return null;
  if (NUMBER.test(t) && t.length < 16) return Number(t);
  if (/^\{[\s\S]*\}$|^\[[\s\S]*\]$/.test(t)) {
    // JSON, or a Python literal that repairs exactly (Qwen3-Coder writes `{'k': 'v'}`).
    const parsed = parseJsonLoose(t);
    if (parsed.ok && !parsed.guessed && typeof parsed.value === "object" && parsed.value) {
      return parsed.value;
    }
  }
  return raw;
}
