/**
 * How tool calls travel for one model: natively (`tools` in the request,
 * `tool_calls` in the answer), as text the model writes (XML / JSON / the model's own
 * format), or both (`auto`: native calls win, text calls are accepted when the model
 * writes them anyway). The loop sees one interface either way.
 */
import type { ChatMessage, ChatResult, ToolCall } from "../ai/types.ts";
import type { ToolCallingMode } from "../config/types.ts";
import {
  createToolCallStream,
  formatToolResultForText,
  type ParseOptions,
  parseToolCallsDetailed,
  toolFormatInstructions,
} from "../ai/toolcalls/mod.ts";
import type { ToolRegistry } from "../tools/registry.ts";
import { jsonrepair } from "jsonrepair";

/** A tool call's outcome as it goes back to the model. */
export interface CallOutcome {
  call: ToolCall;
  output: string;
  ok: boolean;
}

/** A text call that could not be used, answered to the model. */
export interface CallError {
  /** What the failure counts against ("text tool call": the markup was unusable). */
  name: string;
  message: string;
}

/** One assistant message, split into what to show and what to run. */
export interface ParsedTurn {
  visibleText: string;
  /** Reasoning the model wrote into its text (`<think>`...), never executed. */
  textReasoning: string;
  calls: ToolCall[];
  errors: CallError[];
  /** The message as it goes into the history. */
  assistantMessage: ChatMessage;
}

/** Filters streamed text for display (holds back tool-call markup). */
export interface DisplayFilter {
  push(delta: string): string;
  flush(): string;
  reset(): void;
}

/** Tool-call handling for one run. */
export interface TextCalls {
  /** Whether the request carries `tools` (native and auto). */
  sendsNativeTools: boolean;
  display(): DisplayFilter;
  parse(result: ChatResult): ParsedTurn;
  resultMessages(results: CallOutcome[], errors: CallError[]): ChatMessage[];
}

/** The handling for a mode; tool names and schemas come from the registry at call time. */
export function textCallsFor(mode: ToolCallingMode, registry: ToolRegistry): TextCalls {
  const parsesText = mode !== "native";
  const format = mode === "json" ? "json" : "xml";
  let textCallIds = 0;
  let lastTurnWasText = false;
  const options = (): ParseOptions => ({
    schemas: Object.fromEntries(
      registry.specs().map((s) => [s.function.name, s.function.parameters]),
    ),
    expectedFormat: mode === "auto" ? undefined : format,
  });
  return {
    sendsNativeTools: mode === "native" || mode === "auto",
    display() {
      if (!parsesText) return passThrough();
      let stream = createToolCallStream(registry.names(), options());
      return {
        push: (delta) => stream.push(delta),
        flush: () => stream.end().tail,
        reset: () => {
          stream = createToolCallStream(registry.names(), options());
        },
      };
    },
    parse(result) {
      const parsed = parsesText
        ? parseToolCallsDetailed(result.content, registry.names(), options())
        : { text: result.content, calls: [], errors: [], reasoning: "" };
      if (result.toolCalls.length > 0 || !parsesText) {
        // Native calls win; text that looks like calls beside them is only shown.
        lastTurnWasText = false;
        return {
          visibleText: parsed.text,
          textReasoning: parsed.reasoning,
          calls: result.toolCalls,
          errors: [],
          assistantMessage: {
            role: "assistant",
            // `null` is valid only beside tool_calls; OpenAI rejects a bare null content.
            content: result.content || (result.toolCalls.length ? null : ""),
            ...(result.toolCalls.length
              ? { tool_calls: result.toolCalls.map(withJsonArguments) }
              : {}),
            // Some providers need these back with the turn (DeepSeek, Anthropic, Gemini).
            ...(result.reasoning ? { reasoning: result.reasoning } : {}),
            ...(result.replay ? { replay: result.replay } : {}),
          },
        };
      }
      lastTurnWasText = parsed.calls.length > 0 || parsed.errors.length > 0;
      const calls: ToolCall[] = parsed.calls.map((call) => ({
        id: `text_call_${++textCallIds}`,
        type: "function",
        function: { name: call.name, arguments: JSON.stringify(call.arguments) },
      }));
      return {
        visibleText: parsed.text,
        textReasoning: parsed.reasoning,
        calls,
        errors: parsed.errors.map((e) => ({ name: "text tool call", message: e.message })),
        // The model's own words, markup included: that is what it wrote and continues from.
        assistantMessage: { role: "assistant", content: result.content },
      };
    },
    resultMessages(results, errors) {
      if (!lastTurnWasText) {
        return results.map(({ call, output }) => ({
          role: "tool",
          tool_call_id: call.id,
          content: output,
        }));
      }
      // Servers without tool support reject `tool` messages: text calls get their
      // results back as one user message in a form the model understands.
      const parts = results.map(({ call, output, ok }) =>
        formatToolResultForText(call.function.name, output, ok)
      );
      for (const error of errors) {
        parts.push(formatToolResultForText(error.name, error.message, false));
      }
      return parts.length ? [{ role: "user", content: parts.join("\n\n") }] : [];
    },
  };
}

/** The system-prompt section describing the text format, for text modes only. */
export function textFormatInstructions(
  mode: ToolCallingMode,
  registry: ToolRegistry,
): string | undefined {
  if (mode !== "xml" && mode !== "json") return undefined;
  return toolFormatInstructions(
    mode,
    registry.specs().map((s) => ({
      name: s.function.name,
      description: s.function.description,
      parameters: s.function.parameters,
    })),
  );
}

/**
 * The call as it goes back into the history: arguments that are not a JSON object are
 * replaced by their repair (or `{}`), because servers that parse the history's
 * arguments in their chat template reject the whole next request otherwise. The model
 * still gets the parse error as this call's result.
 */
function withJsonArguments(call: ToolCall): ToolCall {
  const args = call.function.arguments;
  if (isJsonObject(args)) return call;
  let repaired = "{}";
  try {
    const fixed = jsonrepair(args);
    if (isJsonObject(fixed)) repaired = fixed;
  } catch {
    // Not repairable: an empty object stands in.
  }
  return { ...call, function: { ...call.function, arguments: repaired } };
}

function isJsonObject(text: string): boolean {
  try {
    const value = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

function passThrough(): DisplayFilter {
  return { push: (delta) => delta, flush: () => "", reset: () => {} };
}
