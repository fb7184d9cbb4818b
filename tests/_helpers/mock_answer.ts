/**
 * Writes one scripted turn on a connection in a wire's format, applying its fault: a
 * status, a drop or stall before the headers or mid-stream, an error event that ends a
 * 200 stream, a chunk that is not JSON.
 */

import type { HttpConnection } from "./mock_http.ts";
import type { MockTurn, RenderContext } from "./mock_turns.ts";
import type { WireRenderer } from "./mock_wires.ts";
import { faultBody } from "./mock_turns.ts";

const JSON_HEADERS = { "content-type": "application/json" };

/** Sends a JSON response; true: the connection may be reused. */
export async function sendJson(
  http: HttpConnection,
  status: number,
  body: unknown,
): Promise<boolean> {
  await http.writeResponse(status, JSON_HEADERS, JSON.stringify(body));
  return true;
}

/** Serves one turn; false when the connection must not be reused. */
export async function answer(
  http: HttpConnection,
  turn: MockTurn,
  ctx: RenderContext,
  stream: boolean,
  renderer: WireRenderer,
  closing: AbortSignal,
): Promise<boolean> {
  const fault = turn.fault;
  if (fault === "drop_before_headers") {
    http.close();
    return false;
  }
  if (fault === "stall_before_headers") {
    await Promise.race([http.waitForPeerClose(), aborted(closing)]);
    return false;
  }
  if (typeof fault === "object" && "status" in fault) {
    const headers: Record<string, string> = { ...JSON_HEADERS };
    if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter;
    if (fault.retryAfterMs !== undefined) headers["retry-after-ms"] = String(fault.retryAfterMs);
    const body = fault.body ?? faultBody(fault.status, ctx.model);
    await http.writeResponse(
      fault.status,
      headers,
      typeof body === "string" ? body : JSON.stringify(body),
    );
    return true;
  }
  if (!stream) return await answerWhole(http, turn, ctx, renderer);
  const { contentType, body, tail } = renderer.stream(turn, ctx);
  await http.writeHead(200, {
    "content-type": contentType,
    "cache-control": "no-cache",
    "transfer-encoding": "chunked",
  });
  // A fault sends the first half of the message (never its finish event).
  const half = Math.max(1, Math.ceil(body.length / 2));
  let events = [...body, ...tail];
  if (fault === "drop_mid_stream" || fault === "stall_mid_stream") events = body.slice(0, half);
  else if (typeof fault === "object" && "streamError" in fault) {
    const error = fault.legacyField
      ? `error: ${
        JSON.stringify({
          code: fault.code ?? 500,
          message: fault.streamError,
          type: "server_error",
        })
      }\n\n`
      : renderer.errorEvent(fault.streamError, fault.code);
    events = [...body.slice(0, half), error];
  } else if (typeof fault === "object" && "malformedChunk" in fault) {
    const line = renderer.raw(fault.malformedChunk);
    events = [...body.slice(0, half), line, ...body.slice(half), ...tail];
  }
  for (const event of events) {
    await http.writeChunk(event);
    if (turn.delayMs) await pause(turn.delayMs, closing);
    if (closing.aborted) return false;
  }
  if (fault === "drop_mid_stream") {
    http.close();
    return false;
  }
  if (fault === "stall_mid_stream") {
    await Promise.race([http.waitForPeerClose(), aborted(closing)]);
    return false;
  }
  await http.endChunks();
  return true;
}

async function answerWhole(
  http: HttpConnection,
  turn: MockTurn,
  ctx: RenderContext,
  renderer: WireRenderer,
): Promise<boolean> {
  const text = JSON.stringify(renderer.whole(turn, ctx));
  const fault = turn.fault;
  if (fault === "drop_mid_stream" || fault === "stall_mid_stream") {
    const length = new TextEncoder().encode(text).length;
    await http.writeHead(200, { ...JSON_HEADERS, "content-length": String(length) });
    await http.write(text.slice(0, Math.floor(text.length / 2)));
    if (fault === "stall_mid_stream") await http.waitForPeerClose();
    http.close();
    return false;
  }
  await http.writeResponse(200, JSON_HEADERS, text);
  return true;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

/** Resolves when `signal` aborts. */
export function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
