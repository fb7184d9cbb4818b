/**
 * The local server families — Ollama, llama.cpp, LM Studio, vLLM — and the helpers they
 * share: where a provider runs, its server root, JSON probes of its own endpoints.
 */

import type { ProviderConfig } from "../../config/types.ts";
import type { JsonProbe, ProviderProfile } from "./profile.ts";
import { log } from "../../log/mod.ts";

/** Ports of the local servers, so `http://gpu-box:11434/v1` counts as Ollama. */
export const LOCAL_PORTS = ["11434", "1234", "8080"];

/** Whether the provider looks like a server the user runs (loopback, LAN, known ports, names). */
export function isLocalServer(provider: ProviderConfig): boolean {
  let url: URL;
  try {
    url = new URL(provider.baseUrl);
  } catch {
    return false;
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (/^(localhost|0\.0\.0\.0|::1|host\.docker\.internal)$|\.local$|\.localhost$/.test(host)) {
    return true;
  }
  if (/^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host)) return true;
  if (LOCAL_PORTS.includes(url.port)) return true;
  return /ollama|lm ?studio|llama[.-]?cpp|llamafile/i.test(provider.name);
}

/** The server root: the base URL without trailing slashes and without its `/v1`. */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
}

/**
 * `root` + `path` with exactly one slash between them, so a root with a trailing slash or
 * a path segment starting with one (llama.cpp names a model by its file path,
 * `/models/x.gguf`) never yields `//`.
 */
export function joinUrl(root: string, path: string): string {
  return `${root.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/** Options of {@link jsonProbe}. */
export interface ProbeInit {
  fetch?: typeof fetch;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** A JsonProbe against `root`: every failure (refused, non-2xx, odd body) is undefined. */
export function jsonProbe(root: string, init: ProbeInit = {}): JsonProbe {
  const f = init.fetch ?? fetch;
  return async (path, body) => {
    const url = joinUrl(root, path);
    const started = performance.now();
    const done = <T>(value: T, result: string): T => {
      if (log.enabled("debug")) {
        log.debug("probe", { url, ms: Math.round(performance.now() - started), result });
      }
      return value;
    };
    try {
      const headers: Record<string, string> = { accept: "application/json", ...init.headers };
      if (body !== undefined) headers["content-type"] = "application/json";
      const res = await f(url, {
        method: body === undefined ? "GET" : "POST",
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: init.signal,
      });
      if (!res.ok) {
        await res.body?.cancel();
        return done(undefined, `HTTP ${res.status}`);
      }
      return done(await res.json(), "ok");
    } catch (error) {
      return done(undefined, error instanceof Error ? error.message : String(error));
    }
  };
}

/** A positive integer out of a server's JSON, or undefined. */
export function positive(x: unknown): number | undefined {
  return typeof x === "number" && Number.isFinite(x) && x > 0 ? Math.floor(x) : undefined;
}

/** A field of a JSON object, or undefined. */
export function field(body: unknown, key: string): unknown {
  return body !== null && typeof body === "object"
    ? (body as Record<string, unknown>)[key]
    : undefined;
}

/** The window the user configured for `model` (contextWindows first), if any. */
export function configuredWindow(provider: ProviderConfig, model: string): number | undefined {
  return provider.contextWindows?.[model] ?? provider.contextWindow;
}

/**
 * Ollama (https://ollama.com). Its OpenAI-compatible endpoint ignores any context size a
 * request asks for ("The OpenAI API does not have a way of setting the context size",
 * docs.ollama.com/api/openai-compatibility; `ChatCompletionRequest` in ollama's
 * openai/openai.go has no such field), so a provider with a configured window talks to
 * Ollama's own `/api/chat`, whose `options.num_ctx` loads the model with that window.
 */
export const ollama: ProviderProfile = {
  id: "ollama",
  label: "Ollama",
  defaultPort: 11434,
  matches: (provider) => /ollama/i.test(provider.name),
  isLocal: () => true,
  wireFor: (provider, model) => configuredWindow(provider, model) ? "ollama" : "openai",
  // Ollama answers 400 "<model> does not support tools" when the model's template has none.
  toolsHint: 'the model\'s Ollama template has no tool support: pick a model tagged "tools"',
  async probeWindow(get, model) {
    // POST /api/show: num_ctx from the Modelfile parameters, else the trained length.
    const data = await get("/api/show", { model, name: model });
    const parameters = field(data, "parameters");
    const numCtx = typeof parameters === "string"
      ? /(?:^|\n)\s*num_ctx\s+(\d+)/.exec(parameters)
      : null;
    if (numCtx) return { tokens: Number(numCtx[1]), source: "ollama /api/show num_ctx" };
    const info = field(data, "model_info");
    for (const [key, value] of Object.entries(info && typeof info === "object" ? info : {})) {
      const tokens = key.endsWith(".context_length") ? positive(value) : undefined;
      if (tokens) return { tokens, source: `ollama /api/show ${key}` };
    }
    return undefined;
  },
  // GET /api/version is Ollama's own.
  identify: async (get) => typeof field(await get("/api/version"), "version") === "string",
};

/**
 * llama.cpp's `llama-server` (https://github.com/ggml-org/llama.cpp/tree/master/tools/server).
 * Without `--jinja` it refuses `tools` with HTTP 500 "tools param requires --jinja flag"
 * (older builds: "Unsupported param: tools"); a stream it cannot finish ends with
 * `data: {"error":{"code":500,"message":"Failed to parse input at pos …"}}` (older builds
 * send the same object in an `error:` field). `/props` reports the slot context.
 */
export const llamacpp: ProviderProfile = {
  id: "llamacpp",
  label: "llama.cpp",
  defaultPort: 8080,
  matches: (provider) => /llama[.-]?cpp|llama-server|llamafile/i.test(provider.name),
  isLocal: () => true,
  wireFor: () => "openai",
  toolsHint: "start llama-server with --jinja",
  async probeWindow(get) {
    const data = await get("/props");
    const tokens = positive(field(field(data, "default_generation_settings"), "n_ctx")) ??
      positive(field(data, "n_ctx"));
    return tokens ? { tokens, source: "llama.cpp /props n_ctx" } : undefined;
  },
  identify: async (get) => field(await get("/props"), "default_generation_settings") !== undefined,
};

/**
 * LM Studio (https://lmstudio.ai). It takes `tools` for every model ("all models support
 * at least some degree of tool use": native, or a default tool prompt,
 * lmstudio.ai/docs/advanced/tool-use), so it has no refusal wording of its own. Its REST
 * API `/api/v0/models/{id}` reports the loaded and the maximum context length.
 */
export const lmstudio: ProviderProfile = {
  id: "lmstudio",
  label: "LM Studio",
  defaultPort: 1234,
  matches: (provider) => /lm ?studio/i.test(provider.name),
  isLocal: () => true,
  wireFor: () => "openai",
  async probeWindow(get, model) {
    // Model ids hold slashes ("qwen/qwen3-coder-30b"); the path keeps them, as LM Studio expects.
    const data = await get(`/api/v0/models/${encodeURI(model.replace(/^\/+/, ""))}`);
    const loaded = positive(field(data, "loaded_context_length"));
    if (loaded) return { tokens: loaded, source: "lm studio loaded_context_length" };
    const max = positive(field(data, "max_context_length"));
    return max ? { tokens: max, source: "lm studio max_context_length" } : undefined;
  },
  identify: async (get) => Array.isArray(field(await get("/api/v0/models"), "data")),
};

/**
 * vLLM (https://docs.vllm.ai). Without `--enable-auto-tool-choice --tool-call-parser …` it
 * refuses tools with 400 "\"auto\" tool choice requires --enable-auto-tool-choice and
 * --tool-call-parser to be set". It rejects a request whose prompt plus `max_tokens`
 * exceeds `--max-model-len`, which `/v1/models` reports as `max_model_len`.
 */
export const vllm: ProviderProfile = {
  id: "vllm",
  label: "vLLM",
  defaultPort: 8000,
  matches: (provider) => /vllm/i.test(provider.name),
  isLocal: () => true,
  wireFor: () => "openai",
  toolsHint: "start vLLM with --enable-auto-tool-choice --tool-call-parser <parser>",
  async probeWindow(get, model) {
    const data = field(await get("/v1/models"), "data");
    if (!Array.isArray(data)) return undefined;
    const entry = data.find((m) => field(m, "id") === model) ?? (data.length === 1 ? data[0] : 0);
    const tokens = positive(field(entry, "max_model_len"));
    return tokens ? { tokens, source: "vllm /v1/models max_model_len" } : undefined;
  },
  // GET /version answers {"version": "0.x"}; Ollama's is under /api.
  identify: async (get) => typeof field(await get("/version"), "version") === "string",
};
