/**
 * The mock as a particular local server, rough edges included:
 * - llama.cpp: `/props` and `/health`; usage with `timings`; without `--jinja` (`jinja:
 *   false`) any request with tools gets HTTP 500 "tools param requires --jinja flag".
 * - Ollama: `/api/version`, `/api/tags`, `POST /api/show` (num_ctx in the Modelfile
 *   parameters, the trained length in model_info), `/api/chat`; a streamed tool call
 *   arrives whole and the stream still finishes with "stop"; reasoning in `reasoning`;
 *   a model without tool support answers 400 "<model> does not support tools".
 * - LM Studio: `/api/v0/models` and `/api/v0/models/{id}` with loaded and maximum context.
 * - vLLM: `/version`, `max_model_len` in `/v1/models`; without the tool flags 400
 *   "\"auto\" tool choice requires …"; a request whose prompt plus max_tokens exceeds the
 *   window is rejected with vLLM's 400.
 */

import type { MockTurn } from "./mock_turns.ts";

/** Which server the mock plays. */
export type MockFlavor = "openai" | "ollama" | "llamacpp" | "lmstudio" | "vllm";

/** How the flavored mock behaves. */
export interface FlavorOptions {
  flavor?: MockFlavor;
  /** The window the server reports (and vLLM enforces). Default 8192. */
  contextLength?: number;
  /** The server refuses `tools` in its own words (llama.cpp without --jinja…). */
  refuseTools?: boolean;
  /** Models listed, when the test gave some. */
  models?: string[];
}

/** An answer: status and JSON body. */
export interface FlavorAnswer {
  status: number;
  body: unknown;
}

const VERSION: Record<MockFlavor, unknown> = {
  openai: undefined,
  ollama: undefined,
  llamacpp: undefined,
  lmstudio: undefined,
  vllm: { version: "0.11.0" },
};

/** The flavor's own endpoints; undefined for paths it does not serve. */
export function flavorRoute(
  opts: FlavorOptions,
  method: string,
  path: string,
  // deno-lint-ignore no-explicit-any
  body: any,
): FlavorAnswer | undefined {
  const flavor = opts.flavor ?? "openai";
  const n = opts.contextLength ?? 8192;
  const models = opts.models ?? ["mock-model"];
  const ok = (value: unknown): FlavorAnswer => ({ status: 200, body: value });
  switch (flavor) {
    case "llamacpp":
      if (method === "GET" && path === "/props") {
        return ok({
          default_generation_settings: { n_ctx: n, params: { n_predict: -1 } },
          total_slots: 1,
          model_path: models[0],
        });
      }
      if (method === "GET" && path === "/health") return ok({ status: "ok" });
      return undefined;
    case "ollama":
      if (method === "GET" && path === "/api/version") return ok({ version: "0.12.6" });
      if (method === "GET" && path === "/api/tags") {
        return ok({ models: models.map((name) => ({ name, model: name, size: 1 })) });
      }
      if (method === "POST" && path === "/api/show") {
        const name = String(body?.model ?? body?.name ?? "");
        if (!models.includes(name)) {
          return { status: 404, body: { error: `model '${name}' not found` } };
        }
        return ok({
          parameters:
            `num_ctx                        ${n}\nstop                           "<|im_end|>"`,
          model_info: { "general.architecture": "qwen3", "qwen3.context_length": 40960 },
          capabilities: opts.refuseTools ? ["completion"] : ["completion", "tools"],
        });
      }
      return undefined;
    case "lmstudio": {
      const entry = (id: string) => ({
        id,
        object: "model",
        type: "llm",
        state: "loaded",
        max_context_length: 131072,
        loaded_context_length: n,
        capabilities: ["tool_use"],
      });
      if (method === "GET" && path === "/api/v0/models") {
        return ok({ object: "list", data: models.map(entry) });
      }
      const one = /^\/api\/v0\/models\/(.+)$/.exec(path);
      if (method === "GET" && one) {
        const id = decodeURI(one[1]);
        return models.includes(id)
          ? ok(entry(id))
          : { status: 404, body: { error: `Model "${id}" not found` } };
      }
      return undefined;
    }
    case "vllm":
      if (method === "GET" && path === "/version") return ok(VERSION.vllm);
      return undefined;
    case "openai":
      return undefined;
  }
}

/** `GET /v1/models`, as the flavor lists them. */
export function flavorModels(opts: FlavorOptions, models: string[]): unknown {
  const data = models.map((id) => ({
    id,
    object: "model",
    created: 1_700_000_000,
    owned_by: opts.flavor === "vllm" ? "vllm" : "mock",
    ...(opts.flavor === "vllm" ? { max_model_len: opts.contextLength ?? 8192 } : {}),
  }));
  return { object: "list", data };
}

/** The flavor's refusal of a chat request, or undefined when it takes it. */
// deno-lint-ignore no-explicit-any
export function flavorRefusal(opts: FlavorOptions, body: any): FlavorAnswer | undefined {
  const tools = Array.isArray(body?.tools) && body.tools.length > 0;
  const model = String(body?.model ?? "");
  if (tools && opts.refuseTools) {
    switch (opts.flavor) {
      case "llamacpp":
        return {
          status: 500,
          body: {
            error: {
              code: 500,
              message: "tools param requires --jinja flag",
              type: "server_error",
            },
          },
        };
      case "ollama":
        return {
          status: 400,
          body: {
            error: {
              message: `registry.ollama.ai/library/${model}:latest does not support tools`,
              type: "invalid_request_error",
              param: null,
              code: null,
            },
          },
        };
      case "vllm":
        return {
          status: 400,
          body: {
            object: "error",
            message:
              '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
            type: "BadRequestError",
            param: null,
            code: 400,
          },
        };
      default:
        break;
    }
  }
  if (opts.flavor === "vllm") return vllmLength(opts.contextLength ?? 8192, body);
  return undefined;
}

/** vLLM refuses a prompt plus max_tokens larger than --max-model-len. */
// deno-lint-ignore no-explicit-any
function vllmLength(window: number, body: any): FlavorAnswer | undefined {
  const prompt = Math.ceil(JSON.stringify(body?.messages ?? []).length / 4);
  const completion = Number(body?.max_tokens ?? body?.max_completion_tokens ?? 0);
  if (prompt + completion <= window) return undefined;
  return {
    status: 400,
    body: {
      object: "error",
      message: `This model's maximum context length is ${window} tokens. However, you requested ${
        prompt + completion
      } tokens (${prompt} in the messages, ${completion} in the completion). Please reduce the length of the messages or completion.`,
      type: "BadRequestError",
      param: null,
      code: 400,
    },
  };
}

/** The turn as the flavor streams it. */
export function flavorTurn(flavor: MockFlavor | undefined, turn: MockTurn): MockTurn {
  switch (flavor) {
    case "ollama":
      // Ollama sends a tool call whole and still finishes with "stop" (ollama/ollama#7963).
      return {
        toolCallStyle: "whole",
        reasoningField: "reasoning",
        ...turn,
        finishReason: turn.finishReason ??
          ((turn.toolCalls ?? []).length > 0 ? "stop" : undefined),
      };
    case "llamacpp":
      return { usageStyle: "llamacpp", ...turn };
    default:
      return turn;
  }
}
