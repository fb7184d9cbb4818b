/**
 * Shared types of the text tool-call parsers.
 *
 * Every format module exports matchers: functions that look at the text at one
 * position and say whether a tool call (or reasoning, or a special token) starts
 * there. The scanner in scanner.ts drives them; batch parsing and streaming use
 * the same scanner, so both give the same result.
 */

/**
 * The markup a call was written in, by family: `xml` (Nanocoder's tags), `json` (bare
 * or fenced JSON, Llama's `<|python_tag|>`), `hermes` (`<tool_call>` JSON: Hermes,
 * Qwen2.5/3, and the other JSON wrappers), `qwen3_coder` (`<function=…><parameter=…>`),
 * `glm` (`<arg_key>`), `invoke` (`<invoke name=…>`), `mistral`, `deepseek`, `kimi`,
 * `harmony` (gpt-oss), `pythonic` (`name(k=v)`: Llama 3.2, Gemma, LFM).
 */
export type CallFormat =
  | "xml"
  | "json"
  | "hermes"
  | "qwen3_coder"
  | "mistral"
  | "deepseek"
  | "glm"
  | "harmony"
  | "invoke"
  | "kimi"
  | "pythonic";

/** One tool call found in text. */
export interface ParsedCall {
  name: string;
  arguments: Record<string, unknown>;
  /** The markup it was written in (results go back in that family's wrapper). */
  format: CallFormat;
}

/** Something that clearly is a tool call but cannot be executed. */
export interface ToolCallParseError {
  /**
   * `truncated`: the call's markup never closed (the message was cut off, or the model
   * stopped); `malformed`: it cannot be read; `unknown_tool`: it names no available tool.
   */
  kind: "malformed" | "unknown_tool" | "truncated";
  /** The markup as the model wrote it. */
  raw: string;
  /** What went wrong, the expected format and the available tools: meant for the model. */
  message: string;
}

/** JSON Schema of a tool's parameters (only `properties[*].type` is read). */
export type ParametersSchema = Record<string, unknown>;

/** Options of the detailed parser. */
export interface ParseOptions {
  /**
   * Parameter schemas by tool name. When given, values of XML-like formats
   * (Nanocoder XML, Qwen3-Coder, GLM, invoke) are decoded by the declared type
   * instead of by the shape of the value.
   */
  schemas?: Readonly<Record<string, ParametersSchema>>;
  /**
   * The format the model was told to use (text mode). Error messages then show
   * an example in that format; without it they show the format the model tried.
   */
  expectedFormat?: "xml" | "json";
  /**
   * Tools whose arguments may only be repaired when the repair provably kept every
   * string and value the model wrote (write and execute tools). Without it every tool
   * gets the lenient repair of syntax slips.
   */
  strict?: (tool: string) => boolean;
}

/** Result of parsing a complete message. */
export interface DetailedParseResult {
  /** Visible text once calls, reasoning and special tokens are removed, trimmed. */
  text: string;
  /** Calls in order of appearance. */
  calls: ParsedCall[];
  /** Calls that could not be used, in order of appearance. */
  errors: ToolCallParseError[];
  /** Reasoning text found in the message (`<think>`, analysis channel...), joined by blank lines. */
  reasoning: string;
}

/** A call or an error, in the order the model wrote them. */
export type Item = { call: ParsedCall } | { error: ToolCallParseError };

/** What a matcher found at a position. */
export type Match =
  /** Nothing of this kind starts here. */
  | { kind: "none" }
  /** Cannot tell yet: more input is needed (never returned when `final`). */
  | { kind: "more" }
  /** Plain text up to `end` (an inline code span: nothing inside it is a call). */
  | { kind: "text"; end: number }
  /** A fenced code block opens here; its body is plain text. */
  | { kind: "fence"; end: number; marker: string }
  /** Markup up to `end` is removed from the visible text. */
  | {
    kind: "region";
    end: number;
    items: Item[];
    /**
     * Plain markup is a call only where it stands alone (placement.ts): "line" for
     * tags, JSON and `name(k=v)` (on lines of their own, not inside a paragraph),
     * "fence" for a fenced block of calls. Special-token formats leave it unset.
     */
    standalone?: "line" | "fence";
    reasoning?: string;
    /** Everything before this point was reasoning (an orphan `</think>`). */
    reset?: boolean;
    /** Text the region contributes to the visible text (harmony final channel...). */
    visible?: string;
  };

/** What every matcher gets. */
export interface Ctx {
  readonly text: string;
  /** True when the text is complete: matchers must decide, never answer "more". */
  readonly final: boolean;
  readonly toolNames: readonly string[];
  /** The known tool this name refers to (exact, or with a `functions.` prefix), or null. */
  resolve(name: string): string | null;
  /** Declared JSON type of a parameter, when a schema was given. */
  paramType(tool: string, param: string): unknown;
  /** Format to show in error messages instead of the one the model tried. */
  readonly expectedFormat?: "xml" | "json";
  /** Whether a repair of this tool's arguments must provably keep their content. */
  strict(tool: string): boolean;
}

/** A matcher: looks at `ctx.text` at `pos`. */
export type Matcher = (ctx: Ctx, pos: number) => Match;

export const NONE: Match = { kind: "none" };
export const MORE: Match = { kind: "more" };
