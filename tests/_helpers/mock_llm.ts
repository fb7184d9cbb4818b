/**
 * A mock OpenAI-compatible server on 127.0.0.1 that behaves like the real ones:
 * SSE streams with tool-call deltas in pieces, reasoning deltas, usage in OpenAI's or
 * llama.cpp's style, non-streaming JSON, `GET /v1/models`, Ollama's unknown-model 404,
 * and faults (status codes with retry-after, drops before headers and mid-stream, stalls).
 *
 * Standalone, for manual or tmux testing:
 *   deno run -A tests/_helpers/mock_llm.ts --port 8099 --script turns.json
 * where turns.json is an array of MockTurn (or `{"turns": [...], "models": [...]}`).
 */

import { HttpConnection, type HttpRequest } from "./mock_http.ts";
import {
  faultBody,
  type MockTurn,
  renderCompletion,
  type RenderContext,
  renderStream,
} from "./mock_turns.ts";
import { requestInvariantViolation } from "./request_invariants.ts";

export type { MockFault, MockToolCall, MockTurn } from "./mock_turns.ts";

/** A request the mock received. */
export interface RecordedRequest {
  method: string;
  path: string;
  // deno-lint-ignore no-explicit-any
  body: any;
  headers: Headers;
  /** Which TCP connection carried it (1-based, in accept order). */
  connectionId: number;
}

/** How the mock answers. */
export interface MockLlmOptions {
  /** Answers in order; each chat request takes the next one. */
  turns?: MockTurn[];
  /** Answers when the queue is empty. */
  handler?: (req: RecordedRequest) => MockTurn;
  /** When given, other models get Ollama's 404 and `GET /v1/models` lists these. */
  models?: string[];
  /** Port to listen on, default 0 (any free port). */
  port?: number;
  /** With an empty queue and no handler, answer the last turn again (default: a plain text). */
  repeatLast?: boolean;
}

/** A running mock server. */
export interface MockLlm {
  /** Base URL ending in /v1. */
  url: string;
  requests: RecordedRequest[];
  /** The `POST /v1/chat/completions` requests only. */
  chatRequests(): RecordedRequest[];
  /** TCP connections accepted so far (keep-alive reuses one). */
  connectionCount(): number;
  enqueue(...turns: MockTurn[]): void;
  close(): Promise<void>;
}

const JSON_HEADERS = { "content-type": "application/json" };
/** What an empty queue answers. */
const FALLBACK_TURN: MockTurn = { text: "Mock: no turn queued." };

/** Starts the mock on 127.0.0.1. Always `await mock.close()`. */
export function startMockLlm(options: MockLlmOptions = {}): Promise<MockLlm> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: options.port ?? 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const queue = [...(options.turns ?? [])];
  const requests: RecordedRequest[] = [];
  const connections = new Set<HttpConnection>();
  const tasks = new Set<Promise<void>>();
  const closing = new AbortController();
  let accepted = 0;
  let lastTurn: MockTurn | undefined;
  let callCounter = 0;

  const nextTurn = (req: RecordedRequest): MockTurn => {
    const head = queue[0];
    if (head) {
      if (head.fault && head.consume === false) {
        queue[0] = { ...head, fault: undefined };
        return head;
      }
      queue.shift();
      return (lastTurn = head);
    }
    if (options.handler) return options.handler(req);
    return options.repeatLast && lastTurn ? lastTurn : FALLBACK_TURN;
  };

  const serveConnection = async (http: HttpConnection) => {
    try {
      while (!closing.signal.aborted) {
        const raw = await http.readRequest();
        if (!raw) break;
        const req = record(raw, http.id);
        requests.push(req);
        const keepAlive = await respond(http, req).catch(() => false);
        if (!keepAlive || raw.headers.get("connection") === "close") break;
      }
    } finally {
      http.close();
      connections.delete(http);
    }
  };

  const respond = (http: HttpConnection, req: RecordedRequest): Promise<boolean> => {
    const path = req.path.split("?")[0].replace(/\/+$/, "");
    if (req.method === "GET" && path === "/v1/models") return listModels(http, options.models);
    if (req.method === "POST" && path === "/v1/chat/completions") {
      const broken = requestInvariantViolation(req.body); // a broken history fails loudly
      if (broken) return sendJson(http, 400, { error: { message: `Mock LLM: ${broken}` } });
      const model = String(req.body?.model ?? "");
      if (options.models && !options.models.includes(model)) {
        return sendJson(http, 404, faultBody(404, model));
      }
      const turn = nextTurn(req);
      const ctx: RenderContext = {
        model,
        promptChars: JSON.stringify(req.body?.messages ?? []).length,
        includeUsage: req.body?.stream_options?.include_usage === true,
        idPrefix: `call_${++callCounter}`,
      };
      return answer(http, turn, ctx, req.body?.stream === true, closing.signal);
    }
    return sendJson(http, 404, { error: { message: `No route for ${req.method} ${path}` } });
  };

  const acceptLoop = (async () => {
    try {
      for await (const conn of listener) {
        // Small writes must not wait for ACKs (Nagle), or every response takes 40 ms.
        conn.setNoDelay(true);
        const http = new HttpConnection(conn, ++accepted);
        connections.add(http);
        const task = serveConnection(http);
        tasks.add(task);
        task.finally(() => tasks.delete(task));
      }
    } catch { /* listener closed */ }
  })();

  const mock: MockLlm = {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path.startsWith("/v1/chat/completions")),
    connectionCount: () => accepted,
    enqueue: (...turns) => void queue.push(...turns),
    async close() {
      if (closing.signal.aborted) return;
      closing.abort();
      try {
        listener.close();
      } catch { /* already closed */ }
      for (const http of connections) http.close();
      await acceptLoop;
      await Promise.all([...tasks]);
    },
  };
  return Promise.resolve(mock);
}

function record(raw: HttpRequest, connectionId: number): RecordedRequest {
  let body: unknown = null;
  if (raw.body !== "") {
    try {
      body = JSON.parse(raw.body);
    } catch {
      body = raw.body;
    }
  }
  return { method: raw.method, path: raw.path, headers: raw.headers, body, connectionId };
}

async function sendJson(http: HttpConnection, status: number, body: unknown): Promise<boolean> {
  await http.writeResponse(status, JSON_HEADERS, JSON.stringify(body));
  return true;
}

function listModels(http: HttpConnection, models: string[] = ["mock-model"]): Promise<boolean> {
  const data = models.map((id) => ({
    id,
    object: "model",
    created: 1_700_000_000,
    owned_by: "mock",
  }));
  return sendJson(http, 200, { object: "list", data });
}

/** Serves one turn; false when the connection must not be reused. */
async function answer(
  http: HttpConnection,
  turn: MockTurn,
  ctx: RenderContext,
  stream: boolean,
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
  if (typeof fault === "object") {
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
  if (!stream) return await answerWhole(http, turn, ctx, fault);
  const { body, tail } = renderStream(turn, ctx);
  await http.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    "transfer-encoding": "chunked",
  });
  // A fault sends the first half of the message (never its finish chunk).
  const cut = fault ? Math.max(1, Math.ceil(body.length / 2)) : body.length;
  const events = fault ? body.slice(0, cut) : [...body, ...tail];
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
  fault: MockTurn["fault"],
): Promise<boolean> {
  const text = JSON.stringify(renderCompletion(turn, ctx));
  if (fault === "drop_mid_stream" || fault === "stall_mid_stream") {
    const length = new TextEncoder().encode(text).length;
    await http.writeHead(200, { ...JSON_HEADERS, "content-length": String(length) });
    await http.write(text.slice(0, Math.floor(text.length / 2)));
    if (fault === "stall_mid_stream") await http.waitForPeerClose();
    http.close();
    return false;
  }
  await sendJson(http, 200, JSON.parse(text));
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

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

async function main(args: string[]): Promise<void> {
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i === -1 ? undefined : args[i + 1];
  };
  const script = flag("--script");
  let turns: MockTurn[] = [];
  let models: string[] | undefined;
  if (script) {
    const parsed = JSON.parse(await Deno.readTextFile(script));
    turns = Array.isArray(parsed) ? parsed : parsed.turns ?? [];
    models = Array.isArray(parsed) ? undefined : parsed.models;
  }
  const mock = await startMockLlm({
    turns,
    models,
    port: Number(flag("--port") ?? 0),
    repeatLast: true,
  });
  console.log(mock.url);
  const stop = async () => {
    await mock.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
}

if (import.meta.main) await main(Deno.args);
