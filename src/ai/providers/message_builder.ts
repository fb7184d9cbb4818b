/**
 * Collects one assistant message from a native wire's events (Anthropic blocks, Gemini
 * parts, Ollama lines) and reports each piece as it arrives, as the OpenAI assembler does.
 */

import type {
  ChatResult,
  ChatStreamEvent,
  FinishReason,
  ProviderReplay,
  ToolCall,
  Usage,
} from "../types.ts";

/** One message under construction. */
export class MessageBuilder {
  #content = "";
  #reasoning = "";
  #calls: ToolCall[] = [];
  #usage?: Usage;
  #finish: FinishReason | null = null;
  #emit: (event: ChatStreamEvent) => void;

  constructor(emit: (event: ChatStreamEvent) => void) {
    this.#emit = emit;
  }

  get finished(): boolean {
    return this.#finish !== null;
  }

  get callCount(): number {
    return this.#calls.length;
  }

  text(text: string): void {
    if (text === "") return;
    this.#content += text;
    this.#emit({ type: "text_delta", text });
  }

  reasoning(text: string): void {
    if (text === "") return;
    this.#reasoning += text;
    this.#emit({ type: "reasoning_delta", text });
  }

  /** Starts a call; returns its position for argument deltas. */
  call(id: string, name: string, args = ""): number {
    const index = this.#calls.length;
    this.#calls.push({ id, type: "function", function: { name, arguments: args } });
    this.#emit({
      type: "tool_call_delta",
      index,
      id,
      name,
      ...(args ? { argumentsDelta: args } : {}),
    });
    return index;
  }

  callArguments(index: number, delta: string): void {
    const call = this.#calls[index];
    if (!call || delta === "") return;
    call.function.arguments += delta;
    this.#emit({ type: "tool_call_delta", index, argumentsDelta: delta });
  }

  usage(usage: Usage): void {
    this.#usage = usage;
  }

  finish(reason: FinishReason): void {
    this.#finish = reason;
  }

  result(replay?: ProviderReplay): ChatResult {
    const toolCalls = this.#calls.map((call) =>
      call.function.arguments === ""
        ? { ...call, function: { ...call.function, arguments: "{}" } }
        : call
    );
    const result: ChatResult = {
      content: this.#content,
      reasoning: this.#reasoning,
      toolCalls,
      finishReason: this.#finish,
    };
    if (this.#usage) result.usage = this.#usage;
    if (replay) result.replay = replay;
    return result;
  }
}

/** Usage from prompt and completion counts. */
export function usageOf(promptTokens: number, completionTokens: number): Usage {
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}
