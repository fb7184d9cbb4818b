/** provider_errors: recognizing servers' error texts and wording actionable messages. */

import assert from "node:assert/strict";
import {
  classifyNetworkError,
  httpError,
  isContextLengthError,
  isModelNotFoundError,
  likelyServer,
} from "../../src/ai/provider_errors.ts";

Deno.test("likelyServer() names the usual server of a default port", () => {
  assert.deepEqual(
    [
      "http://localhost:11434/v1",
      "http://127.0.0.1:1234/v1",
      "http://localhost:8080/v1",
      "http://gpu-box:8000/v1",
      "https://openrouter.ai/api/v1",
    ].map(likelyServer),
    ["Ollama", "LM Studio", "llama.cpp", "vLLM", undefined],
  );
});

Deno.test("isContextLengthError() recognizes the usual servers' messages", () => {
  const messages = [
    "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens", // vLLM, OpenAI
    "the request exceeds the available context size, try increasing it", // llama.cpp
    "input length exceeds the context length", // Ollama
    "Trying to keep the first 5000 tokens when context the overflows. However, the model is loaded with context length of only 4096 tokens", // LM Studio
    "prompt is too long: 210000 tokens > 200000 maximum", // Anthropic via OpenRouter
    "Please reduce the length of the messages or completion.", // OpenAI, Groq
  ];
  assert.deepEqual(messages.map((m) => isContextLengthError(m)), messages.map(() => true));
  assert.equal(isContextLengthError("anything", "context_length_exceeded"), true);
  assert.equal(isContextLengthError("Invalid value for temperature"), false);
});

Deno.test("isModelNotFoundError() recognizes the usual servers' messages", () => {
  const messages = [
    'model "qwen3" not found, try pulling it first', // Ollama
    "The model `gpt-9` does not exist.", // vLLM, OpenAI
    'Model "x" not found', // LM Studio
    "No models loaded. Please load a model first", // LM Studio
  ];
  assert.deepEqual(messages.map((m) => isModelNotFoundError(m)), messages.map(() => true));
  assert.equal(isModelNotFoundError("Rate limit reached"), false);
});

Deno.test("classifyNetworkError() reads Deno's fetch failures", () => {
  const wrap = (detail: string) => new TypeError("fetch failed", { cause: new Error(detail) });
  assert.deepEqual(
    classifyNetworkError(
      wrap("client error (Connect): tcp connect error: Connection refused (os error 111)"),
    ),
    { kind: "refused", detail: "connection refused" },
  );
  assert.deepEqual(
    classifyNetworkError(wrap("client error (Connect): dns error: failed to lookup address")),
    { kind: "dns", detail: "host not found" },
  );
  assert.deepEqual(
    classifyNetworkError(
      wrap("client error (SendRequest): connection closed before message completed"),
    ),
    { kind: "reset", detail: "connection closed before message completed" },
  );
});

Deno.test("httpError() advises the provider's usual key variable on a 401 with a key set", async () => {
  const error = await httpError(401, '{"error":{"message":"Invalid key"}}', {
    provider: {
      name: "openrouter",
      baseUrl: "https://openrouter.ai/api/v1",
      apiKey: "x",
      models: [],
    },
    model: "m",
    listModels: () => Promise.resolve([]),
  });
  assert.equal(error.code, "unauthorized");
  assert.match(error.message, /Invalid key: check the API key \("apiKey" of provider "openrouter"/);
  const missing = await httpError(401, "", {
    provider: { name: "openrouter", baseUrl: "https://openrouter.ai/api/v1", models: [] },
    listModels: () => Promise.resolve([]),
  });
  assert.match(missing.message, /\(e\.g\. "\$OPENROUTER_API_KEY"\)/);
});

Deno.test("httpError() treats a 404 for a listed model as a wrong base URL", async () => {
  const error = await httpError(404, "404 page not found", {
    provider: { name: "local", baseUrl: "http://localhost:8080", models: [] },
    model: "m",
    listModels: () => Promise.resolve(["m"]),
  });
  assert.equal(error.code, "bad_request");
  assert.equal(
    error.message,
    'Check that the base URL ends in /v1: provider "local" (http://localhost:8080) answered 404: 404 page not found',
  );
});

Deno.test("httpError() suggests pulling an unknown Ollama model and survives a failed listing", async () => {
  const error = await httpError(404, '{"error":{"message":"model \\"qwen9\\" not found"}}', {
    provider: { name: "ollama", baseUrl: "http://localhost:11434/v1", models: [] },
    model: "qwen9",
    listModels: () => Promise.reject(new Error("boom")),
  });
  assert.equal(error.code, "unknown_model");
  assert.equal(
    error.message,
    'Unknown model "qwen9" on provider "ollama" (http://localhost:11434/v1): could not list the server\'s models: boom (or run "ollama pull qwen9")',
  );
});
