/**
 * Reasoning blocks and stray special tokens. Reasoning is never executed and
 * never shown as text: `<think>…</think>` (Qwen3, DeepSeek R1, GLM...),
 * `<thinking>`, Seed-OSS `<seed:think>`, Magistral `[THINK]…[/THINK]`.
 * Tags match in any case (`<THINK>`, `<Think>`). An unclosed block runs to the
 * end of the message. A closing tag with no opening one (templates that put
 * `<think>` in the prompt) makes everything before it reasoning.
 */
import { escapeRe, litAny, litCi } from "./text_util.ts";
import { type Ctx, type Match, MORE, NONE } from "./types.ts";

const BLOCKS: [string, string][] = [
  ["<think>", "</think>"],
  ["<thinking>", "</thinking>"],
  ["<seed:think>", "</seed:think>"],
  ["[think]", "[/think]"],
];

/** An opening reasoning tag at `pos`: the block up to its closing tag. */
export function matchReasoning(ctx: Ctx, pos: number): Match {
  for (const [open, close] of BLOCKS) {
    const r = litCi(ctx, pos, open);
    if (r === "more") return MORE;
    if (r !== "yes") continue;
    const start = pos + open.length;
    const closeRe = new RegExp(escapeRe(close), "gi");
    closeRe.lastIndex = start;
    const end = closeRe.exec(ctx.text)?.index ?? -1;
    if (end < 0) {
      if (!ctx.final) return MORE;
      return { kind: "region", end: ctx.text.length, items: [], reasoning: ctx.text.slice(start) };
    }
    return {
      kind: "region",
      end: end + close.length,
      items: [],
      reasoning: ctx.text.slice(start, end),
    };
  }
  return NONE;
}

const CLOSERS = BLOCKS.map(([, close]) => close);

/**
 * A closing reasoning tag at `pos`. When no reasoning block was seen before,
 * everything before it is reasoning (`reset`); otherwise it is a stray tag.
 */
export function matchOrphanClose(ctx: Ctx, pos: number, sawReasoning: boolean): Match {
  const r = litAny(ctx, pos, CLOSERS, true);
  if (r === "more") return MORE;
  if (r === null) return NONE;
  const end = pos + r.length;
  if (sawReasoning) return { kind: "region", end, items: [] };
  return { kind: "region", end, items: [], reasoning: ctx.text.slice(0, pos), reset: true };
}

/** End-of-turn and role tokens that servers sometimes leave in the text. */
const STRAY_TOKENS = [
  "<|im_end|>",
  "<|im_start|>assistant",
  "<|eot_id|>",
  "<|eom_id|>",
  "<|end|>",
  "<|return|>",
  "<|call|>",
  "<|endoftext|>",
  "<|end_of_text|>",
  "<|end_of_turn|>",
  "<|user|>",
  "<|assistant|>",
  "<|observation|>",
  "<｜end▁of▁sentence｜>",
  "<｜Assistant｜>",
  "<｜tool▁calls▁end｜>",
  "<|tool_calls_section_end|>",
  "</tool_call>",
  "</function>",
  "</s>",
];

/** A stray special token at `pos`: removed from the text. */
export function matchStrayToken(ctx: Ctx, pos: number): Match {
  const r = litAny(ctx, pos, STRAY_TOKENS);
  if (r === "more") return MORE;
  if (r === null) return NONE;
  return { kind: "region", end: pos + r.length, items: [] };
}

const RESULT_OPEN = /<(tool_result|tool_response)(?:\s[^>\n]*)?>/y;

/**
 * A `<tool_result>` (or Hermes' `<tool_response>`) block written by the model itself:
 * a hallucinated result. Never executed and not shown; real results only come from
 * the executor.
 */
export function matchFakeResult(ctx: Ctx, pos: number): Match {
  const t = ctx.text;
  RESULT_OPEN.lastIndex = pos;
  const open = RESULT_OPEN.exec(t);
  if (!open) {
    const rest = t.slice(pos, pos + 200);
    const partial = !ctx.final && !rest.includes(">") && t.length - pos < 200 &&
      ("<tool_result".startsWith(rest) || "<tool_response".startsWith(rest) ||
        /^<tool_(?:result|response)\s/.test(rest));
    return partial ? MORE : NONE;
  }
  const closeTag = `</${open[1]}>`;
  const close = t.indexOf(closeTag, pos + open[0].length);
  if (close < 0 && !ctx.final) return MORE;
  return { kind: "region", end: close < 0 ? t.length : close + closeTag.length, items: [] };
}
