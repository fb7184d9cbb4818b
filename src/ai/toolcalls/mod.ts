/**
 * Tool calls written as text by local models, and the prompt side of text mode.
 *
 * Recognised (in any mode, because models drift): Nanocoder XML, bare/fenced
 * JSON (`arguments` or `parameters`, object or JSON string, one or an array,
 * Python-style dicts), Hermes/Qwen `<tool_call>`, Qwen3-Coder `<function=…>`,
 * Llama 3.x (`<|python_tag|>`, `<function=…>{…}`, 3.2's `[name(k=v)]`),
 * Mistral `[TOOL_CALLS]` (v3 and v11+), DeepSeek V3/R1/V3.1 tokens and V3.2
 * DSML, GLM 4.5+ `<arg_key>` and GLM-4's markerless `name\n{…}`, gpt-oss harmony,
 * Kimi K2 (and its leaked fragments), MiniMax-M2 `<invoke>`, Granite/Phi
 * `<|tool_call|>`, Nemotron `<TOOLCALL>`, LFM2 `<|tool_call_start|>`, Gemma
 * ```` ```tool_code ````, Gemma 4 `<|tool_call>call:…` and bare `name(k=v)`
 * lines. Reasoning (`<think>`, an orphan `</think>`, harmony analysis, `[THINK]`)
 * is never executed and is removed from the text, as are leaked end tokens and
 * `<tool_result>` / `<tool_response>` blocks the model invents.
 *
 * When text is a call (placement.ts): never inside inline code or a code block,
 * never inside a quotation the model's prose surrounds. Plain markup (tags, JSON,
 * `name(k=v)`) must stand on lines of its own and not inside a paragraph; a fenced
 * block of calls runs only after at most a short lead-in and with no prose after
 * it. Special tokens are calls wherever they appear. Prose naming a tool, JSON that
 * is not call-shaped or names an unknown tool, are text.
 *
 * A call whose markup never closed is never run: when the message ends inside it
 * (the model hit its output limit) it becomes a `truncated` error telling the model
 * to retry with smaller pieces; when other text follows, a `malformed` one. Formats
 * whose end is the stop token servers strip (harmony's `<|call|>`, Llama's
 * `<|eom_id|>`, Mistral, Granite's `<|tool_call|>`, bare JSON) are complete when
 * their JSON is balanced. Repair mends slips inside markup that did close (quotes,
 * trailing commas, Python literals, a missing or extra brace before the closing
 * tag); with `ParseOptions.strict` for a tool (write and execute tools) only a repair
 * that provably kept every string and value (json_text.ts).
 *
 * A clear call format naming an unknown tool, or one that cannot be read, becomes
 * an error whose message shows the expected format and the available tools, as do
 * `[tool_use: NAME]`, `<parameter=…>` inside a Nanocoder tag, and JSON with
 * arguments but no name (or a name but no arguments) standing alone.
 *
 * Parameter values in XML-like formats are byte-exact, except that a newline
 * right after the opening tag is layout and dropped, a single-line value loses
 * a newline before its closing tag (Qwen3-Coder: exactly one newline at each
 * end, as its template writes them), and indentation shared by every line of a
 * value whose closing tag is indented on its own line is layout too. A
 * Qwen3-Coder value may contain `</parameter>` as text: a value ends at the
 * closing tag that the next parameter or `</function>` follows. With `schemas`,
 * values are decoded by the declared type (string stays text; Python literals
 * for objects and arrays). Without, only single-line `true`, `false`, `null`,
 * numbers and JSON objects/arrays are decoded.
 *
 * Visible text: markup is removed, whitespace right after removed markup is
 * dropped, and the result is trimmed.
 */
import { finish, makeCtx, makeSetup, newState, scan } from "./scanner.ts";
import type { DetailedParseResult, ParsedCall, ParseOptions } from "./types.ts";

export type {
  CallFormat,
  DetailedParseResult,
  ParametersSchema,
  ParsedCall,
  ParseOptions,
  ToolCallParseError,
} from "./types.ts";
export { createToolCallStream, type StreamEnd, type ToolCallStream } from "./stream.ts";
export { type ArgumentsOptions, type ArgumentsParse, parseToolArguments } from "./arguments.ts";
export {
  formatToolResultForText,
  type ToolDescription,
  toolFormatInstructions,
} from "./instructions.ts";

/**
 * Parses a complete message: the visible text (calls, reasoning and special
 * tokens removed, trimmed), errors, reasoning, and the calls in order.
 */
export function parseToolCallsDetailed(
  text: string,
  toolNames: readonly string[],
  options: ParseOptions = {},
): DetailedParseResult {
  const setup = makeSetup(toolNames, options);
  const ctx = makeCtx(setup, text, true);
  const st = newState();
  scan(setup, ctx, st);
  return finish(setup, ctx, st);
}

/** Parses a complete message: the visible text and the calls in order. */
export function parseToolCalls(
  text: string,
  toolNames: readonly string[],
): { text: string; calls: ParsedCall[] } {
  const { text: visible, calls } = parseToolCallsDetailed(text, toolNames);
  return { text: visible, calls };
}
