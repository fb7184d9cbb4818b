/**
 * How tool calls travel for one model: natively (`tools` in the request,
 * `tool_calls` in the answer), as text the model writes (XML / JSON / the model's own
 * format), or both (`auto`: native calls win, text calls are accepted when the model
 * writes them anyway). The loop sees one interface either way.
 */
import type { ChatMessage, ChatResult, ToolCall } from "../ai/types.ts";
import type { ToolCallingMode } from "../config/types.ts";
import {
  type CallFormat,
  createToolCallStream,
  formatToolResultForText,
  type ParseOptions,
  parseToolCallsDetailed,
  toolFormatInstructions,
} from "../ai/toolcalls/mod.ts";
import { parseToolArguments } from "../ai/toolcalls/arguments.ts";
import type { ToolRegistry } from "../tools/registry.ts";
import { isStrict } from "../tools/executor.ts";
import { argumentBytes, MAX_ARGUMENT_BYTES } from "./limits.ts";

/**
 * What an answer with no text and no calls (a model that only reasoned, or said nothing)
 * stands as in the history: an empty assistant message is rejected by strict servers,
 * and leaving it out would put two user messages in a row.
 */
export const EMPTY_ANSWER = "(no answer)";

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
  /** The calls were written as text (markup in the message), not as native `tool_calls`. */
  callsWrittenAsText: boolean;
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

/**
 * The handling for a mode; tool names and schemas come from the registry at call time.
 * `nextId` names calls written as text (unique for the session, as frontends expect).
 */
export function textCallsFor(
  mode: ToolCallingMode,
  registry: ToolRegistry,
  nextId: () => string = counter("text_call_"),
): TextCalls {
  const parsesText = mode !== "native";
  const format = mode === "json" ? "json" : "xml";
  let lastTurnWasText = false;
  // The markup each text call was written in, by call id: its result goes back in that
  // family's own wrapper (`<tool_response>` for Hermes/Qwen, which are trained on it).
  const formats = new Map<string, CallFormat>();
  const options = (): ParseOptions => ({
    schemas: Object.fromEntries(
      registry.specs().map((s) => [s.function.name, s.function.parameters]),
    ),
    expectedFormat: mode === "auto" ? undefined : format,
    strict: (name) => isStrict(registry.get(name)),
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
          callsWrittenAsText: false,
          assistantMessage: {
            role: "assistant",
            // `null` is valid only beside tool_calls; an empty answer gets a stand-in,
            // since strict servers reject an empty assistant message.
            content: result.content || (result.toolCalls.length ? null : EMPTY_ANSWER),
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
      formats.clear();
      const calls: ToolCall[] = parsed.calls.map((call) => {
        const id = nextId();
        formats.set(id, call.format);
        return {
          id,
          type: "function",
          function: { name: call.name, arguments: JSON.stringify(call.arguments) },
        };
      });
      return {
        visibleText: parsed.text,
        textReasoning: parsed.reasoning,
        calls,
        errors: parsed.errors.map((e) => ({ name: "text tool call", message: e.message })),
        callsWrittenAsText: calls.length > 0,
        // The model's own words, markup included: that is what it wrote and continues from
        // (unless a call is too big to send back on every request).
        assistantMessage: {
          role: "assistant",
          content: calls.some((c) => argumentBytes(c.function.arguments) > MAX_ARGUMENT_BYTES)
            ? `${parsed.text}\n\n[A tool call too large to keep in the conversation was left out here.]`
            : result.content || EMPTY_ANSWER,
        },
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
        formatToolResultForText(call.function.name, output, ok, formats.get(call.id))
      );
      const turnFormat = formats.values().next().value;
      for (const error of errors) {
        parts.push(formatToolResultForText(error.name, error.message, false, turnFormat));
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
 * arguments in their chat template reject the whole next request otherwise; arguments
 * over the size limit are replaced by `{}` so they are not sent again on every request.
 * The model still gets the parse or size error as this call's result.
 */
function withJsonArguments(call: ToolCall): ToolCall {
  const args = call.function.arguments;
  let replacement = "{}";
  if (argumentBytes(args) <= MAX_ARGUMENT_BYTES) {
    const parsed = parseToolArguments(args);
    if (parsed.ok && isObject(parsed.value)) {
      if (!parsed.repaired && args.trim() !== "") return call;
      replacement = JSON.stringify(parsed.value);
    }
  }
  return { ...call, function: { ...call.function, arguments: replacement } };
}

function isObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function counter(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

function passThrough(): DisplayFilter {
  return { push: (delta) => delta, flush: () => "", reset: () => {} };
}
