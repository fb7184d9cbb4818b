/**
 * gpt-oss "harmony" messages, as servers that do not parse them pass them on:
 *
 *   <|channel|>analysis<|message|>thinking...<|end|>
 *   <|start|>assistant<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>{"path":"a"}<|call|>
 *   <|start|>assistant<|channel|>final<|message|>The answer.<|return|>
 *
 * The analysis channel is reasoning; a header with `to=NAME` is a call whose
 * body is the JSON arguments; any other header is removed and its body flows
 * on as visible text (end tokens are stripped by the stray-token matcher).
 *
 * `<|call|>` is the stop token, which servers strip: a call may end with the message,
 * but only with balanced JSON; JSON the message ends inside was cut off. Before
 * `<|call|>` (or the next header) a missing brace is a slip the repair may mend, as
 * gpt-oss-20b leaves them (lmstudio-ai/lmstudio-bug-tracker#942). gpt-oss also writes
 * the recipient with a space, `to=functions sh`, and a bare type after the name,
 * `to=functions.Read code` (tjamescouch/org, akaszubski/anyclaude-local).
 */
import { unclosedAtEnd } from "./arguments.ts";
import { cutOff, itemFor } from "./errors.ts";
import { jsonCutDetail } from "./json_format.ts";
import { argsFromJson } from "./json_values.ts";
import { litAny } from "./text_util.ts";
import { type Ctx, type Match, MORE, NONE } from "./types.ts";

const STARTS = ["<|start|>", "<|channel|>"];
const MESSAGE = "<|message|>";
const MAX_HEADER = 300;

/** Earliest of `tokens` at or after `from`: [index, token] or null. */
function earliest(text: string, from: number, tokens: string[]): [number, string] | null {
  let best: [number, string] | null = null;
  for (const tok of tokens) {
    const i = text.indexOf(tok, from);
    if (i >= 0 && (!best || i < best[0])) best = [i, tok];
  }
  return best;
}

/** A harmony header (`<|start|>` or `<|channel|>`) at `pos`. */
export function matchHarmony(ctx: Ctx, pos: number): Match {
  const t = ctx.text;
  const open = litAny(ctx, pos, STARTS);
  if (open === "more") return MORE;
  if (open === null) return NONE;
  const at = t.slice(pos, pos + MAX_HEADER + MESSAGE.length).indexOf(MESSAGE);
  const msg = at < 0 ? -1 : pos + at;
  if (msg < 0 || msg - pos > MAX_HEADER) {
    if (msg < 0 && !ctx.final && t.length - pos < MAX_HEADER + MESSAGE.length) return MORE;
    return { kind: "region", end: pos + open.length, items: [] };
  }
  const header = t.slice(pos, msg);
  const channel = /<\|channel\|>\s*([\w-]+)/.exec(header)?.[1] ?? "";
  const to = recipient(header);
  const bodyStart = msg + MESSAGE.length;
  const isCall = to !== undefined && !/^(assistant|user|all)$/.test(to);
  if (!isCall && channel !== "analysis") return { kind: "region", end: bodyStart, items: [] };
  const terms = ["<|end|>", "<|start|>", "<|return|>", "<|channel|>", "<|call|>"];
  const found = earliest(t, bodyStart, terms);
  if (!found && !ctx.final) return MORE;
  const bodyEnd = found ? found[0] : t.length;
  const consumed = found && found[1] !== "<|start|>" && found[1] !== "<|channel|>";
  const end = consumed ? bodyEnd + found[1].length : bodyEnd;
  const body = t.slice(bodyStart, bodyEnd);
  if (!isCall) return { kind: "region", end, items: [], reasoning: body };
  const name = to.replace(/^functions\./, "");
  const raw = t.slice(pos, end);
  // Without `<|call|>`, the message ending before the JSON began or ended cuts the call.
  if (!found && (body.trim() === "" || unclosedAtEnd(body.trim()))) {
    const missing = body.trim() === "" ? "its JSON arguments" : jsonCutDetail(body);
    const item = cutOff(ctx, "harmony", raw, missing, name);
    return { kind: "region", end, items: [item] };
  }
  const read = argsFromJson(body.trim(), found !== null);
  return { kind: "region", end, items: [itemFor(ctx, "harmony", raw, name, read)] };
}

/** The `to=` recipient of a header; `to=functions NAME` (a space for the dot) included. */
function recipient(header: string): string | undefined {
  const m = /\bto=([^\s<]+)(?:[ \t]+([\w.-]+))?/.exec(header);
  if (!m) return undefined;
  return m[1] === "functions" && m[2] ? `functions.${m[2]}` : m[1];
}
