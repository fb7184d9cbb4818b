/**
 * The mock's scripted turns in the other wire formats, shaped like the real servers'
 * recordings and documentation:
 * - Anthropic Messages streaming: named events message_start → content blocks (thinking
 *   with signature_delta, text, tool_use with input_json_delta) → message_delta →
 *   message_stop, pings between (platform.claude.com/docs/build-with-claude/streaming;
 *   the recorded fixtures of @ai-sdk/anthropic's src/__fixtures__).
 * - Gemini streamGenerateContent?alt=sse: whole GenerateContentResponses, a function call
 *   whole with its thoughtSignature and finishReason "STOP", usageMetadata on the last
 *   (ai.google.dev/api/generate-content; charmbracelet/fantasy providertests recordings).
 * - Ollama /api/chat: one JSON object per line, tool calls whole with object arguments,
 *   `done: true` with done_reason and counts (ollama docs/api.md).
 */

import { type MockTurn, normalizeCalls, type RenderContext, turnUsage } from "./mock_turns.ts";
import { splitText, sseRaw } from "./sse.ts";

/** A rendered turn: the events before the end, the end, and the wire's error event. */
export interface WireRendering {
  contentType: string;
  body: string[];
  tail: string[];
}

/** One wire's way of writing a turn. */
export interface WireRenderer {
  stream(turn: MockTurn, ctx: RenderContext): WireRendering;
  whole(turn: MockTurn, ctx: RenderContext): unknown;
  /** The event a server sends when it fails mid-stream. */
  errorEvent(message: string, code?: number | string): string;
  /** `text` framed as one event, whatever it holds (for malformed chunks). */
  raw(text: string): string;
}

function named(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

const ANTHROPIC_STOP: Record<string, string> = {
  stop: "end_turn",
  length: "max_tokens",
  tool_calls: "tool_use",
  content_filter: "refusal",
};

function finishOf(turn: MockTurn): string {
  return turn.finishReason ?? ((turn.toolCalls ?? []).length > 0 ? "tool_calls" : "stop");
}

/** Anthropic's Messages API. */
export const anthropicRenderer: WireRenderer = {
  stream(turn, ctx) {
    const size = turn.chunkSize ?? 8;
    const usage = turnUsage(turn, ctx);
    const body = [named("message_start", {
      type: "message_start",
      message: {
        id: "msg_mock",
        type: "message",
        role: "assistant",
        model: ctx.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: usage.prompt_tokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: 1,
        },
      },
    })];
    let index = 0;
    const block = (start: unknown, deltas: unknown[]) => {
      body.push(
        named("content_block_start", { type: "content_block_start", index, content_block: start }),
      );
      for (const delta of deltas) {
        body.push(named("content_block_delta", { type: "content_block_delta", index, delta }));
      }
      body.push(named("content_block_stop", { type: "content_block_stop", index }));
      index++;
    };
    if (turn.reasoning) {
      block({ type: "thinking", thinking: "", signature: "" }, [
        ...splitText(turn.reasoning, size).map((thinking) => ({
          type: "thinking_delta",
          thinking,
        })),
        { type: "signature_delta", signature: `sig-${ctx.idPrefix}` },
      ]);
    }
    body.push(named("ping", { type: "ping" }));
    if (turn.text) {
      block(
        { type: "text", text: "" },
        splitText(turn.text, size).map((text) => ({ type: "text_delta", text })),
      );
    }
    for (const call of normalizeCalls(turn, ctx.idPrefix.replace(/^call/, "toolu"))) {
      block({ type: "tool_use", id: call.id, name: call.name, input: {} }, [
        { type: "input_json_delta", partial_json: "" },
        ...splitText(call.arguments, size).map((partial_json) => ({
          type: "input_json_delta",
          partial_json,
        })),
      ]);
    }
    const stop = ANTHROPIC_STOP[finishOf(turn)] ?? finishOf(turn);
    const tail = [
      named("message_delta", {
        type: "message_delta",
        delta: { stop_reason: stop, stop_sequence: null },
        usage: { output_tokens: usage.completion_tokens },
      }),
      named("message_stop", { type: "message_stop" }),
    ];
    return { contentType: "text/event-stream; charset=utf-8", body, tail };
  },
  whole(turn, ctx) {
    const usage = turnUsage(turn, ctx);
    const content: unknown[] = [];
    if (turn.reasoning) {
      content.push({
        type: "thinking",
        thinking: turn.reasoning,
        signature: `sig-${ctx.idPrefix}`,
      });
    }
    if (turn.text) content.push({ type: "text", text: turn.text });
    for (const call of normalizeCalls(turn, ctx.idPrefix.replace(/^call/, "toolu"))) {
      content.push({
        type: "tool_use",
        id: call.id,
        name: call.name,
        input: JSON.parse(call.arguments),
      });
    }
    return {
      id: "msg_mock",
      type: "message",
      role: "assistant",
      model: ctx.model,
      content,
      stop_reason: ANTHROPIC_STOP[finishOf(turn)] ?? finishOf(turn),
      stop_sequence: null,
      usage: { input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens },
    };
  },
  raw: sseRaw,
  errorEvent: (message, code) =>
    named("error", {
      type: "error",
      error: { type: typeof code === "string" ? code : "overloaded_error", message },
    }),
};

const GEMINI_FINISH: Record<string, string> = {
  stop: "STOP",
  tool_calls: "STOP",
  length: "MAX_TOKENS",
  content_filter: "SAFETY",
};

function geminiEvent(parts: unknown[], extra: Record<string, unknown> = {}): string {
  const response = { candidates: [{ content: { role: "model", parts }, index: 0, ...extra }] };
  return `data: ${JSON.stringify(response)}\r\n\r\n`;
}

/** Google's Gemini API. */
export const geminiRenderer: WireRenderer = {
  stream(turn, ctx) {
    const size = turn.chunkSize ?? 8;
    const body: string[] = [];
    for (const text of splitText(turn.reasoning ?? "", size)) {
      body.push(geminiEvent([{ text, thought: true }]));
    }
    for (const text of splitText(turn.text ?? "", size)) body.push(geminiEvent([{ text }]));
    const calls = geminiCalls(turn, ctx);
    const usage = turnUsage(turn, ctx);
    const last = calls.length > 0 ? calls : [{ text: "", thoughtSignature: `sig-${ctx.idPrefix}` }];
    const tail = [`data: ${
      JSON.stringify({
        candidates: [{
          content: { role: "model", parts: last },
          finishReason: GEMINI_FINISH[finishOf(turn)] ?? "OTHER",
          index: 0,
        }],
        usageMetadata: {
          promptTokenCount: usage.prompt_tokens,
          candidatesTokenCount: usage.completion_tokens,
          totalTokenCount: usage.total_tokens,
        },
        modelVersion: ctx.model,
      })
    }\r\n\r\n`];
    return { contentType: "text/event-stream", body, tail };
  },
  whole(turn, ctx) {
    const usage = turnUsage(turn, ctx);
    const parts: unknown[] = [];
    if (turn.reasoning) parts.push({ text: turn.reasoning, thought: true });
    if (turn.text) parts.push({ text: turn.text });
    parts.push(...geminiCalls(turn, ctx));
    return {
      candidates: [{
        content: { role: "model", parts },
        finishReason: GEMINI_FINISH[finishOf(turn)] ?? "OTHER",
        index: 0,
      }],
      usageMetadata: {
        promptTokenCount: usage.prompt_tokens,
        candidatesTokenCount: usage.completion_tokens,
        totalTokenCount: usage.total_tokens,
      },
    };
  },
  raw: sseRaw,
  errorEvent: (message, code) =>
    `data: ${
      JSON.stringify({ error: { code: code ?? 500, message, status: "INTERNAL" } })
    }\r\n\r\n`,
};

function geminiCalls(turn: MockTurn, ctx: RenderContext): unknown[] {
  // Only the first call of a turn carries the signature, as Gemini 3 sends it.
  return normalizeCalls(turn, ctx.idPrefix).map((call, i) => ({
    functionCall: { name: call.name, args: JSON.parse(call.arguments) },
    ...(i === 0 ? { thoughtSignature: `sig-${ctx.idPrefix}` } : {}),
  }));
}

/** Ollama's /api/chat. */
export const ollamaNativeRenderer: WireRenderer = {
  stream(turn, ctx) {
    const size = turn.chunkSize ?? 8;
    const line = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        model: ctx.model,
        created_at: "2026-01-01T00:00:00Z",
        message: { role: "assistant", content: "", ...message },
        done: false,
        ...extra,
      }) + "\n";
    const body: string[] = [];
    for (const thinking of splitText(turn.reasoning ?? "", size)) body.push(line({ thinking }));
    for (const content of splitText(turn.text ?? "", size)) body.push(line({ content }));
    const calls = normalizeCalls(turn, ctx.idPrefix);
    if (calls.length > 0) {
      body.push(line({
        tool_calls: calls.map((c, index) => ({
          function: { index, name: c.name, arguments: JSON.parse(c.arguments) },
        })),
      }));
    }
    const usage = turnUsage(turn, ctx);
    const tail = [line({}, {
      done: true,
      done_reason: turn.finishReason === "length" ? "length" : "stop",
      prompt_eval_count: usage.prompt_tokens,
      eval_count: usage.completion_tokens,
    })];
    return { contentType: "application/x-ndjson", body, tail };
  },
  whole(turn, ctx) {
    const { body, tail } = ollamaNativeRenderer.stream({ ...turn, chunkSize: 1e9 }, ctx);
    const lines = [...body, ...tail].map((l) => JSON.parse(l));
    const message = {
      role: "assistant",
      content: turn.text ?? "",
      ...lines.find((l) => l.message.tool_calls)?.message,
    };
    return { ...lines.at(-1), message };
  },
  raw: (text) => `${text}\n`,
  errorEvent: (message) => JSON.stringify({ error: message }) + "\n",
};
