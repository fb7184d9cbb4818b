/**
 * Mistral:
 * - v3 / Nemo: `[TOOL_CALLS][{"name": "x", "arguments": {...}, "id": "abc123def"}]`
 * - v11+ (Small 3.1, Devstral, Magistral): `[TOOL_CALLS]x[ARGS]{...}`, also
 *   `[TOOL_CALLS]x[CALL_ID]abc123def[ARGS]{...}` and `[TOOL_CALLS]x{...}`;
 *   each call has its own `[TOOL_CALLS]`.
 * - `x[ARGS]{...}` for a known tool when the server dropped the `[TOOL_CALLS]` token.
 *
 * There is no closing markup (the stop token ends the message): a call is complete
 * when its JSON is balanced, or when the next `[TOOL_CALLS]` starts, which makes a
 * missing brace before it a slip the repair mends. JSON the message ends inside is
 * cut off and never run.
 */
import { cutOff, itemFor, itemsFromShapes, malformed } from "./errors.ts";
import { jsonCutDetail } from "./json_format.ts";
import {
  argsFromJson,
  callShapes,
  endsOpen,
  jsonBody,
  parseJsonLoose,
  withGuess,
} from "./json_values.ts";
import { lit, skipWs } from "./text_util.ts";
import { type Ctx, type Match, MORE, NONE } from "./types.ts";

const TOOL_CALLS = "[TOOL_CALLS]";
const NAME = /[A-Za-z_][\w.-]*/y;
const CALL_ID = /\[CALL_ID\]\s*[\w-]*/y;
const ARGS = "[ARGS]";
/** What ends a Mistral call's JSON: the next call, or the end-of-sequence token left in. */
const ENDS = [TOOL_CALLS, "</s>"];

/** `[TOOL_CALLS]` at `pos`. */
export function matchMistral(ctx: Ctx, pos: number): Match {
  const r = lit(ctx, pos, TOOL_CALLS);
  if (r !== "yes") return r === "more" ? MORE : NONE;
  const t = ctx.text;
  const q = skipWs(t, pos + TOOL_CALLS.length);
  if (q >= t.length) {
    if (!ctx.final) return MORE;
    return {
      kind: "region",
      end: t.length,
      items: [malformed(ctx, "mistral", t.slice(pos), "no call follows [TOOL_CALLS]")],
    };
  }
  if (t[q] === "[" || t[q] === "{") {
    const b = jsonBody(ctx, q, ENDS);
    if (b === "more") return MORE;
    const raw = b.body.trim();
    if (endsOpen(t, b)) {
      return {
        kind: "region",
        end: t.length,
        items: [cutOff(ctx, "mistral", raw, jsonCutDetail(raw))],
      };
    }
    const parsed = parseJsonLoose(raw, b.closer !== undefined);
    const shapes = parsed.ok ? callShapes(parsed.value) : null;
    const items = shapes
      ? itemsFromShapes(ctx, "mistral", raw, withGuess(shapes, parsed))
      : [malformed(ctx, "mistral", raw, "the JSON after [TOOL_CALLS] is not a list of calls")];
    return { kind: "region", end: b.closer?.at ?? b.end, items };
  }
  return namedCall(ctx, pos, q, true);
}

/** `name[ARGS]{...}` for a known tool, without the `[TOOL_CALLS]` token. */
export function matchMistralBare(ctx: Ctx, pos: number): Match {
  NAME.lastIndex = pos;
  const m = NAME.exec(ctx.text);
  if (!m || !ctx.resolve(m[0])) return NONE;
  const after = pos + m[0].length;
  const marker = ctx.text.startsWith(ARGS, after) || ctx.text.startsWith("[CALL_ID]", after);
  return marker ? namedCall(ctx, pos, pos, false) : NONE;
}

/** `name` + optional `[CALL_ID]id` + optional `[ARGS]` + JSON object, from `q`. */
function namedCall(ctx: Ctx, pos: number, q: number, clear: boolean): Match {
  const t = ctx.text;
  NAME.lastIndex = q;
  const m = NAME.exec(t);
  if (!m) {
    if (!clear) return NONE;
    const raw = t.slice(pos, q + 1);
    return { kind: "region", end: q, items: [malformed(ctx, "mistral", raw, "no tool name")] };
  }
  let p = q + m[0].length;
  if (p >= t.length && !ctx.final) return MORE;
  if (!ctx.final && t.length - p < 9 && "[CALL_ID]".startsWith(t.slice(p))) return MORE;
  CALL_ID.lastIndex = p;
  const id = CALL_ID.exec(t);
  if (id) p += id[0].length;
  const a = lit(ctx, p, ARGS);
  if (a === "more") return MORE;
  if (a === "yes") p += ARGS.length;
  const s = skipWs(t, p);
  if (s >= t.length && !ctx.final) return MORE;
  if (t[s] !== "{") {
    if (!clear) return NONE;
    const raw = t.slice(pos, s);
    return {
      kind: "region",
      end: s,
      items: [malformed(ctx, "mistral", raw, "the arguments must be a JSON object", m[0])],
    };
  }
  const b = jsonBody(ctx, s, ENDS);
  if (b === "more") return MORE;
  const raw = t.slice(pos, b.end);
  if (endsOpen(t, b)) {
    const item = cutOff(ctx, "mistral", raw, jsonCutDetail(b.body), m[0]);
    return { kind: "region", end: b.end, items: [item] };
  }
  const read = argsFromJson(b.body, b.closer !== undefined);
  const end = b.closer?.at ?? b.end; // a stray brace before the next call goes with this one
  return { kind: "region", end, items: [itemFor(ctx, "mistral", raw, m[0], read)] };
}
