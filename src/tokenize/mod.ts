/**
 * Token counting for every model the agent talks to: this file only re-exports (a barrel),
 * so no module of this folder imports it and there is no import cycle.
 *
 * `tokenizerFor`/`countTokens` answer with the heuristic until `loadTokenizer(model)` has
 * loaded the model's vocabulary (see tokenizer.ts); `count.ts` counts whole requests,
 * `tracker.ts` reconciles with server usage, `compaction.ts` and `context_manager.ts` keep
 * the conversation inside the window.
 */

export {
  baseModelName,
  isTokenizerName,
  TOKENIZER_NAMES,
  type TokenizerName,
  tokenizerNameFor,
} from "./models.ts";
export {
  countMessage,
  countMessages,
  countRequest,
  countToolResult,
  countTools,
  IMAGE_TOKENS,
  type MessageOverhead,
  overheadFor,
} from "./count.ts";
export { type ContextSource, ContextTracker } from "./tracker.ts";
export {
  type ContextWindow,
  type ContextWindowOptions,
  DEFAULT_HOSTED_WINDOW,
  DEFAULT_LOCAL_WINDOW,
  isLocalServer,
  parseTokenCount,
  resolveContextWindow,
} from "./context_window.ts";
export { knownContextWindow } from "./known_windows.ts";
export {
  type CompactionOptions,
  type CompactionPlan,
  type CompactionResult,
  compactMessages,
  groupMessages,
  needsCompaction,
  planCompaction,
  PROGRESS_PREFIX,
  shrinkText,
  SUMMARY_PREFIX,
} from "./compaction.ts";
export { estimateTokens } from "./heuristic.ts";
export {
  renderTranscript,
  SUMMARY_INSTRUCTIONS,
  summaryRequestMessages,
} from "./summary_prompt.ts";
export {
  defaultReserve,
  summarizeWith,
  TokenContextManager,
  type TokenContextOptions,
} from "./context_manager.ts";
export {
  countTokens,
  HEURISTIC_TOKENIZER,
  isTokenizerLoaded,
  loadTokenizer,
  loadTokenizerByName,
  type Tokenizer,
  tokenizerFor,
} from "./tokenizer.ts";
