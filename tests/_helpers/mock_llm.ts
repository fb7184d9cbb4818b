/**
 * A mock model server on 127.0.0.1 that behaves like the real ones: OpenAI-style SSE
 * streams with tool-call deltas in pieces, reasoning deltas, usage in OpenAI's or
 * llama.cpp's style, non-streaming JSON, `GET /v1/models`, Ollama's unknown-model 404, and
 * faults (status codes with retry-after, drops before headers and mid-stream, stalls, an
 * error event ending a 200 stream, a chunk that is not JSON). The same scripted turns are
 * also served in Anthropic's (`POST /v1/messages`), Gemini's
 * (`POST /v1beta/models/{m}:streamGenerateContent`) and Ollama's own (`POST /api/chat`)
 * formats, and `flavor` makes it a particular local server (mock_flavors.ts).
 *
 * Standalone, for manual or tmux testing:
 *   deno run -A tests/_helpers/mock_llm.ts --port 8099 --script turns.json [--flavor llamacpp]
 * where turns.json is an array of MockTurn (or `{"turns": [...], "models": [...]}`).
 */

import { HttpConnection, type HttpRequest } from "./mock_http.ts";
import { faultBody, type MockTurn, openaiRenderer, type RenderContext } from "./mock_turns.ts";
import { requestInvariantViolation } from "./request_invariants.ts";
import {
  anthropicRenderer,
  geminiRenderer,
  ollamaNativeRenderer,
  type WireRenderer,
} from "./mock_wires.ts";
import { answer, sendJson } from "./mock_answer.ts";
import {
  flavorModels,
  type FlavorOptions,
  flavorRefusal,
  flavorRoute,
  flavorTurn,
  type MockFlavor,
} from "./mock_flavors.ts";

export type { MockFault, MockToolCall, MockTurn } from "./mock_turns.ts";
export type { MockFlavor } from "./mock_flavors.ts";

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
export interface MockLlmOptions extends Omit<FlavorOptions, "models"> {
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
  /**
   * When set, every request without `Authorization: Bearer <apiKey>` gets OpenAI's 401,
   * which quotes the key it was given (cut short, as OpenAI does).
   */
  apiKey?: string;
}

/** A running mock server. */
export interface MockLlm {
  /** Base URL ending in /v1. */
  url: string;
  /** The server root, `http://127.0.0.1:PORT` (Gemini's base URL is `${root}/v1beta`). */
  root: string;
  requests: RecordedRequest[];
  /** The chat requests only (every wire's). */
  chatRequests(): RecordedRequest[];
  /** TCP connections accepted so far (keep-alive reuses one). */
  connectionCount(): number;
  enqueue(...turns: MockTurn[]): void;
  close(): Promise<void>;
}

/** What an empty queue answers. */
const FALLBACK_TURN: MockTurn = { text: "Mock: no turn queued." };

/** The chat endpoints and the wire each speaks. */
const CHAT_ROUTES: [RegExp, WireRenderer][] = [
  [/^\/v1\/chat\/completions$/, openaiRenderer],
  [/^\/v1\/messages$/, anthropicRenderer],
  [/^\/v1beta\/models\/[^/]+:(stream)?[gG]enerateContent$/, geminiRenderer],
  [/^\/api\/chat$/, ollamaNativeRenderer],
];

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
    const models = options.models ?? ["mock-model"];
    const given = req.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
    if (options.apiKey !== undefined && given !== options.apiKey) {
      return sendJson(http, 401, {
        error: {
          message: `Incorrect API key provided: ${given.slice(0, 8)}***${given.slice(-4)}. ` +
            "You can find your API key at https://platform.openai.com/account/api-keys.",
          type: "invalid_request_error",
          code: "invalid_api_key",
        },
      });
    }
    if (req.method === "GET" && path === "/v1/models") {
      return sendJson(http, 200, flavorModels(options, models));
    }
    if (req.method === "GET" && path === "/v1beta/models") {
      return sendJson(http, 200, { models: models.map((m) => ({ name: `models/${m}` })) });
    }
    const own = flavorRoute({ ...options, models }, req.method, path, req.body);
    if (own) return sendJson(http, own.status, own.body);
    const route = req.method === "POST" ? CHAT_ROUTES.find(([re]) => re.test(path)) : undefined;
    if (!route) {
      return sendJson(http, 404, { error: { message: `No route for ${req.method} ${path}` } });
    }
    const renderer = route[1];
    if (renderer === openaiRenderer) {
      const broken = requestInvariantViolation(req.body); // a broken history fails loudly
      if (broken) return sendJson(http, 400, { error: { message: `Mock LLM: ${broken}` } });
    }
    const model = renderer === geminiRenderer
      ? decodeURIComponent(path.split("/").at(-1)!.split(":")[0])
      : String(req.body?.model ?? "");
    if (options.models && !options.models.includes(model)) {
      return sendJson(http, 404, faultBody(404, model));
    }
    const refusal = flavorRefusal(options, req.body);
    if (refusal) return sendJson(http, refusal.status, refusal.body);
    const turn = flavorTurn(options.flavor, nextTurn(req));
    const ctx: RenderContext = {
      model,
      promptChars: JSON.stringify(req.body?.messages ?? req.body?.contents ?? []).length,
      includeUsage: req.body?.stream_options?.include_usage === true,
      idPrefix: `call_${++callCounter}`,
    };
    return answer(http, turn, ctx, isStreamed(renderer, path, req.body), renderer, closing.signal);
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
    root: `http://127.0.0.1:${port}`,
    requests,
    chatRequests: () =>
      requests.filter((r) =>
        r.method === "POST" && CHAT_ROUTES.some(([re]) => re.test(r.path.split("?")[0]))
      ),
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

/** Whether the request asked for a stream (each wire says so its own way). */
// deno-lint-ignore no-explicit-any
function isStreamed(renderer: WireRenderer, path: string, body: any): boolean {
  if (renderer === geminiRenderer) return path.includes(":stream");
  if (renderer === ollamaNativeRenderer) return body?.stream !== false; // Ollama streams by default
  return body?.stream === true;
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
    flavor: flag("--flavor") as MockFlavor | undefined,
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
