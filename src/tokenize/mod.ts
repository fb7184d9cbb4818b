/**
 * Token counting for every model the agent talks to.
 *
 * Behaviour: `countTokens` and `tokenizerFor` are synchronous and always answer. Until the
 * model's tokenizer is loaded (`await loadTokenizer(model)`, once per process: it imports
 * the vocabulary, 0.1–2 s), they answer with the heuristic tokenizer (name `"heuristic"`,
 * `exact: false`: 3% off o200k on average, at worst about ±17% on a 4 KB piece); after it,
 * with the exact one. Nothing is loaded at import, so start-up does not pay for vocabularies.
 *
 * The agent should start `loadTokenizer(model, provider.tokenizer)` in the background when a
 * model is chosen, and count with `tokenizerFor(model, provider.tokenizer)` from then on.
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
