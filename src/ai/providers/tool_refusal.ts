/**
 * "This server will not take `tools`", recognised by the server's words whatever the
 * status: llama.cpp says it with a 500, Ollama with a 400, OpenRouter with a 404. Each
 * wording was seen from the real server (source in the comment).
 */

const REFUSALS: readonly RegExp[] = [
  // llama.cpp without --jinja: 500 {"code":500,"message":"tools param requires --jinja flag",
  // "type":"server_error"} (containers/ramalama#988; defilantech/LLMKube#126).
  /tools param requires --jinja/i,
  // llama.cpp builds before --jinja: 500 "Unsupported param: tools" (ggml-org/llama.cpp#10920).
  /unsupported param: tools/i,
  // Ollama, a model whose template has no tools: 400 "registry.ollama.ai/library/gemma:2b does
  // not support tools" (ollama/ollama#6027, #14795).
  /does not support tools/i,
  // vLLM without the flags: 400 "\"auto\" tool choice requires --enable-auto-tool-choice and
  // --tool-call-parser to be set" (vllm-project/vllm#9986).
  /tool choice requires --enable-auto-tool-choice/i,
  // OpenRouter, no provider of the model takes tools: 404 "No endpoints found that support
  // tool use".
  /no endpoints found that support tool use/i,
  // Other OpenAI-compatible proxies.
  /\btools? (?:are|is) not supported|does not support (?:tool|function) (?:use|calling)/i,
];

/** Whether a server's error message means it refuses the request's `tools`. */
export function refusesTools(message: string): boolean {
  return REFUSALS.some((pattern) => pattern.test(message));
}
