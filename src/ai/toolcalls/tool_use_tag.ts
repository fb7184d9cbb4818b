/**
 * `[tool_use: read_file]` / `[Tool: read_file]` on a line of its own: a model that
 * names the call it means to make instead of making it (Nanocoder's own parser tests
 * catch this shape). Nothing runs; the model is told how to write the call.
 */
import { malformed } from "./errors.ts";
import { type Ctx, type Match, MORE, NONE } from "./types.ts";

const TAG = /\[(?:tool_use|tool)[ \t]*:[ \t]*([\w.:-]+)[ \t]*\]/iy;
const PARTIAL =
  /^\[(?:t(?:o(?:o(?:l(?:_(?:u(?:s(?:e)?)?)?)?)?)?)?)?$|^\[(?:tool_use|tool)[ \t]*(?::[ \t]*[\w.:-]*[ \t]*)?$/i;

/** A `[tool_use: NAME]` tag at `pos`. */
export function matchToolUseTag(ctx: Ctx, pos: number): Match {
  TAG.lastIndex = pos;
  const m = TAG.exec(ctx.text);
  if (!m) {
    const rest = ctx.text.slice(pos);
    return !ctx.final && rest.length < 80 && PARTIAL.test(rest) ? MORE : NONE;
  }
  const tool = ctx.resolve(m[1]) ?? undefined;
  const detail = `"${m[0]}" only names a tool, so nothing ran; write the whole call instead`;
  return {
    kind: "region",
    end: pos + m[0].length,
    items: [malformed(ctx, ctx.expectedFormat ?? "xml", m[0], detail, tool)],
    standalone: "line",
  };
}
