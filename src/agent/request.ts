/**
 * One model request as the loop sees it: stream the answer, turning the client's
 * progress into events (text filtered for display, so tool-call markup is not shown),
 * and the small judgements about a request's outcome: whether a failure means the server
 * refuses native `tools`, and why the model stopped.
 */
import type { AgentEventBody, StopReason, ToolCallingMode } from "../protocol.ts";
import type { ChatClient, ChatRequest, ChatResult } from "../ai/types.ts";
import { assertNever, ProviderError } from "../errors.ts";
import { pump } from "./pump.ts";
import type { DisplayFilter } from "./text_calls.ts";

/** Streams one request; yields display events, returns the complete message. */
export function streamTurn(
  client: ChatClient,
  request: ChatRequest,
  display: DisplayFilter,
  signal: AbortSignal,
): AsyncGenerator<AgentEventBody, ChatResult> {
  return pump<AgentEventBody, ChatResult>((push) =>
    client.chat(request, {
      signal,
      onEvent: (event) => {
        switch (event.type) {
          case "text_delta": {
            const visible = display.push(event.text);
            if (visible) push({ type: "text_delta", text: visible });
            return;
          }
          case "reasoning_delta":
            push({ type: "reasoning_delta", text: event.text });
            return;
          case "tool_call_delta":
            return;
          case "retry":
            push(event);
            return;
          case "restart":
            display.reset();
            push({ type: "turn_restart", reason: event.reason });
            return;
          default:
            assertNever(event);
        }
      },
    }).then((result) => {
      const rest = display.flush();
      if (rest) push({ type: "text_delta", text: rest });
      return result;
    })
  );
}

/**
 * Whether a failed request was refused for carrying `tools` (Ollama models without
 * tool support, llama.cpp without --jinja, vLLM without a tool parser): in auto mode
 * the turn is then asked again with tool calls as text. The client recognises each
 * server's wording, on any status, and marks such answers `tools_unsupported`.
 */
export function refusesNativeTools(
  error: unknown,
  toolCalling: ToolCallingMode,
  sentTools: boolean,
): boolean {
  return error instanceof ProviderError && error.code === "tools_unsupported" &&
    toolCalling === "auto" && sentTools;
}

/** Why the model stopped, from the server's finish reason. */
export function stopReasonOf(finishReason: string | null): StopReason {
  switch (finishReason) {
    case "length":
      return "max_tokens";
    case "content_filter":
      return "refusal";
    default:
      return "end_turn";
  }
}
