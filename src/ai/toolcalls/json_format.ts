/**
 * Bare JSON calls: `{"name": ..., "arguments": {...}}` (or `parameters`, as
 * Llama 3.x writes them), an array of them, `{"tool_calls": [...]}`, and the
 * same after Llama's `<|python_tag|>`.
 *
 * Bare JSON is also how people write examples, so it only counts as a call when
 * it is call-shaped (no keys besides name/arguments/id/type), names a known
 * tool and stands on its own lines. Unknown names are left as text (the final
 * pass reports them when the whole message is such an object). Standing alone,
 * an object with a name but no arguments, or arguments but no name, is reported
 * so the model can fix it. Bare JSON has no closing markup: it is complete when
 * balanced, and cut off when the message ends inside it.
 */
import { cutOff, itemFor, itemsFromShapes, malformed } from "./errors.ts";
import {
  argumentsOnly,
  CALL_FIRST_KEYS,
  type CallShape,
  callShapes,
  endsOpen,
  jsonBody,
  parseJsonLoose,
  scanJsonEnd,
  withGuess,
} from "./json_values.ts";
import { openAtEnd } from "./json_text.ts";
import { parsePythonCalls } from "./pythonic.ts";
import { lit, skipWs } from "./text_util.ts";
import { type Ctx, type Item, type Match, MORE, NONE } from "./types.ts";

/** Reads `"..."` at pos: the string, "more" when unfinished, or null. */
function jsonStringAt(ctx: Ctx, pos: number): string | "more" | null {
  const t = ctx.text;
  const q = t[pos];
  if (q !== '"' && q !== "'") return null;
  for (let i = pos + 1; i < t.length && i < pos + 200; i++) {
    if (t[i] === "\\") i++;
    else if (t[i] === q) {
      if (q === "'") return t.slice(pos + 1, i); // Python-style dicts, repaired later
      try {
        return JSON.parse(t.slice(pos, i + 1));
      } catch {
        return null;
      }
    }
  }
  return ctx.final || t.length - pos >= 200 ? null : "more";
}

/**
 * Decides early whether JSON at pos can be a call, so ordinary JSON in an
 * answer is not held back while streaming: the first key must be a call key,
 * and a name given first must be a known tool.
 */
function prefilter(ctx: Ctx, pos: number): "ok" | "more" | "no" {
  const t = ctx.text;
  let p = skipWs(t, pos + 1);
  if (t[pos] === "[") {
    if (p >= t.length) return ctx.final ? "no" : "more";
    if (t[p] !== "{") return "no";
    p = skipWs(t, p + 1);
  }
  if (p >= t.length) return ctx.final ? "no" : "more";
  const key = jsonStringAt(ctx, p);
  if (key === "more") return "more";
  if (key === null || !CALL_FIRST_KEYS.has(key)) return "no";
  if (key !== "name" && key !== "tool_name" && key !== "tool") return "ok";
  p = skipWs(t, p + key.length + 2);
  if (p >= t.length) return ctx.final ? "no" : "more";
  if (t[p] !== ":") return "no";
  p = skipWs(t, p + 1);
  if (p >= t.length) return ctx.final ? "no" : "more";
  const name = jsonStringAt(ctx, p);
  if (name === "more") return "more";
  if (name === null) return "no";
  return ctx.resolve(name) ? "ok" : "no";
}

/** Parses a complete JSON value into call shapes, or null. */
export function shapesOf(raw: string): CallShape[] | null {
  const parsed = parseJsonLoose(raw);
  return parsed.ok ? callShapes(parsed.value) : null;
}

/** What never came when JSON stops open at the end of the message, for `cutOff`. */
export function jsonCutDetail(raw: string): string {
  const { quote, stack } = openAtEnd(raw.trim());
  const where = quote ? "a string" : stack.at(-1) === "]" ? "an array" : "an object";
  const missing = (quote ?? "") + stack.reverse().join("");
  return `its JSON was complete (it stops inside ${where}; the missing end is \`${missing}\`)`;
}

function nameIn(raw: string): string | undefined {
  return /^\s*[[{]?\s*\{?\s*["']?(?:name|tool_name|tool)["']?\s*:\s*["']([^"']+)/.exec(raw)?.[1];
}

/** Bare JSON object or array at `{` / `[`. */
export function matchBareJson(ctx: Ctx, pos: number): Match {
  const pre = prefilter(ctx, pos);
  if (pre !== "ok") return pre === "more" ? MORE : NONE;
  const t = ctx.text;
  const end = scanJsonEnd(t, pos);
  if (end < 0 && !ctx.final) return MORE;
  if (end < 0) {
    // A call of a known tool cut off at the end of the message: report, never repair and run.
    const raw = t.slice(pos);
    const name = nameIn(raw);
    if (!name || !ctx.resolve(name)) return NONE;
    return line(t.length, [cutOff(ctx, "json", raw, jsonCutDetail(raw), name)]);
  }
  const raw = t.slice(pos, end);
  const parsed = parseJsonLoose(raw);
  if (!parsed.ok) return NONE;
  const shapes = callShapes(parsed.value);
  let items: Item[];
  if (!shapes) {
    if (!argumentsOnly(parsed.value)) return NONE;
    items = [malformed(ctx, "json", raw, 'it has "arguments" but no "name"')];
  } else {
    if (!shapes.some((s) => ctx.resolve(s.name))) return NONE;
    items = withGuess(shapes, parsed).map((s) =>
      s.nameOnly && ctx.resolve(s.name)
        ? malformed(
          ctx,
          "json",
          raw,
          'it has no "arguments" (write "arguments": {} for a call without parameters)',
          ctx.resolve(s.name)!,
        )
        : itemFor(ctx, "json", raw, s.name, s)
    );
  }
  // Llama separates several calls with `;`: the separator goes with the call.
  const s = skipWs(t, end);
  if (s >= t.length && !ctx.final) return MORE;
  return line(t[s] === ";" ? s + 1 : end, items);
}

function line(end: number, items: Item[]): Match {
  return { kind: "region", end, items, standalone: "line" };
}

const PYTHON_TAG = "<|python_tag|>";
/** Llama's end-of-message tokens, when the server leaves them in. */
const LLAMA_STOPS = ["<|eom_id|>", "<|eot_id|>"];

/** Llama 3.x: `<|python_tag|>{"name": ..., "parameters": {...}}` (several may follow, `;`-separated). */
export function matchPythonTag(ctx: Ctx, pos: number): Match {
  const r = lit(ctx, pos, PYTHON_TAG);
  if (r !== "yes") return r === "more" ? MORE : NONE;
  const t = ctx.text;
  let p = pos + PYTHON_TAG.length;
  const items: Item[] = [];
  for (;;) {
    const q = skipWs(t, p);
    if (q >= t.length) {
      if (!ctx.final) return MORE;
      break;
    }
    if (t[q] !== "{" && t[q] !== "[") {
      const sub = parsePythonCalls(ctx, q, false);
      if (sub === "more") return MORE;
      if (sub) {
        items.push(...sub.items);
        p = sub.end;
      }
      break;
    }
    const b = jsonBody(ctx, q, LLAMA_STOPS);
    if (b === "more") return MORE;
    const raw = b.body.trim();
    if (endsOpen(t, b)) {
      items.push(cutOff(ctx, "json", raw, jsonCutDetail(raw), nameIn(raw)));
      p = t.length;
      break;
    }
    items.push(...parsedItems(ctx, raw, b.closer !== undefined));
    p = b.end;
    const s = skipWs(t, p);
    if (t[s] === ";") p = s + 1;
  }
  return { kind: "region", end: p, items };
}

function parsedItems(ctx: Ctx, raw: string, closed: boolean): Item[] {
  const parsed = parseJsonLoose(raw, closed);
  const shapes = parsed.ok ? callShapes(parsed.value) : null;
  if (!parsed.ok || !shapes) {
    return [{
      error: {
        kind: "malformed",
        raw,
        message:
          `Malformed tool call: the JSON after <|python_tag|> is not {"name": ..., "parameters": {...}}. Available tools: ${
            ctx.toolNames.map((n) => `"${n}"`).join(", ")
          }.`,
      },
    }];
  }
  return itemsFromShapes(ctx, "json", raw, withGuess(shapes, parsed));
}
