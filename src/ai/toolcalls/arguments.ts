/**
 * Parsing a native tool call's `arguments` string, with the one rule that keeps a cut-off
 * call from running: repair is for syntax slips (single quotes, trailing commas, Python
 * literals), never for completing text that stopped early. A model that hit its output
 * limit leaves an argument string with an open string, bracket or brace at the end; the
 * repair would close it and a 50-line file would be overwritten with the first 8 lines.
 *
 * `strict` (for write and execute tools) goes further: a repair is accepted only when it
 * provably kept every string and scalar the model wrote (see json_text.ts). Unescaped
 * quotes inside a string, an invalid escape such as `\d`, a bare word or a missing value
 * make the repair a guess, and a guess is refused with a message saying what to fix.
 */
import { jsonrepair } from "jsonrepair";
import { openAtEnd, repairKeptContent } from "./json_text.ts";

/** The outcome of parsing one call's arguments. */
export type ArgumentsParse =
  /** `repaired`: false for strict JSON, "syntax" when a slip was mended. */
  | { ok: true; value: unknown; repaired: false | "syntax" }
  /**
   * "truncated": the text stops inside a string, array or object; "invalid": not JSON;
   * "ambiguous" (strict only): only a repair that may have changed content makes it JSON.
   */
  | { ok: false; reason: "truncated" | "invalid" | "ambiguous"; message: string };

/** Options of `parseToolArguments`. */
export interface ArgumentsOptions {
  /** Accept a repair only when it provably kept the content (write and execute tools). */
  strict?: boolean;
  /**
   * The text is known to be whole: the message it came in ended normally (finish reason
   * `stop` or `tool_calls`, not `length`). Then a string or bracket still open at the
   * end is a malformation (most often an unescaped quote), not a cut-off, and the model
   * is told what to fix rather than to retry in smaller pieces.
   */
  complete?: boolean;
}

/** Parses arguments as the model wrote them; an empty string is `{}`. */
export function parseToolArguments(text: string, options: ArgumentsOptions = {}): ArgumentsParse {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: {}, repaired: false };
  try {
    return { ok: true, value: JSON.parse(trimmed), repaired: false };
  } catch (error) {
    const open = unclosedAtEnd(trimmed);
    if (open && options.complete) {
      return { ok: false, reason: "invalid", message: stillOpen(open, error as Error) };
    }
    if (open) {
      return {
        ok: false,
        reason: "truncated",
        message:
          `the arguments stop inside ${open}: the call was cut off (retry with smaller pieces)`,
      };
    }
    let repaired: string;
    try {
      repaired = jsonrepair(trimmed);
    } catch {
      return { ok: false, reason: "invalid", message: (error as Error).message };
    }
    if (options.strict && !repairKeptContent(trimmed, repaired)) {
      return {
        ok: false,
        reason: "ambiguous",
        message:
          `the arguments are not valid JSON (${(error as Error).message}) and repairing them ` +
          "could change a value: write valid JSON, escaping quotes and backslashes inside strings",
      };
    }
    return { ok: true, value: JSON.parse(repaired), repaired: "syntax" };
  }
}

/**
 * What is still open at the end of `text` ("a string", "an object", "an array"), or
 * undefined when every string, bracket and brace it opened was closed. Strings in
 * double or single quotes (Python-style dicts) count, with backslash escapes.
 */
export function unclosedAtEnd(text: string): string | undefined {
  const { quote, stack } = openAtEnd(text);
  if (quote) return "a string";
  if (stack.length) return stack.at(-1) === "}" ? "an object" : "an array";
  return undefined;
}

/** What is wrong with complete arguments that leave `open` open at their end. */
function stillOpen(open: string, error: Error): string {
  if (open === "a string") {
    return `a string is still open at the end of the arguments (${error.message}): a quote ` +
      'inside a string value was most likely not escaped; write it as \\" (and a backslash ' +
      "as \\\\)";
  }
  const closer = open === "an object" ? "}" : "]";
  return `${open} is not closed at the end of the arguments (${error.message}): add the ` +
    `missing ${closer}`;
}
