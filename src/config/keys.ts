/**
 * Every key a config file may hold, as a tree, so that nothing a user writes is dropped
 * without a word: a key nobody reads gets `Unknown key "<path>" in "<file>" (ignored)`,
 * with "did you mean" when it looks like a misspelt known one, and a key Nanocoder reads
 * but this program does not honour gets `"<path>" in "<file>" is not supported (ignored):
 * <why>`. Values are validated elsewhere (schema.ts); this only looks at names.
 */
import { joinPath } from "./expand.ts";

/** What a key may hold: anything, an object of known keys, a list of such, or nothing we honour. */
export type KeySpec =
  | true
  | { keys: Record<string, KeySpec> }
  | { each: KeySpec }
  | { unsupported: string };

const keys = (spec: Record<string, KeySpec>): KeySpec => ({ keys: spec });
const leaves = (...names: string[]): Record<string, KeySpec> =>
  Object.fromEntries(names.map((name) => [name, true]));

/** `tune`, top-level or on a provider (Nanocoder's TuneConfig). */
const TUNE: KeySpec = keys({
  ...leaves("enabled", "toolProfile", "aggressiveCompact", "toolMode", "disableNativeTools"),
  includeAgentsMd: true,
  modelParameters: keys({
    ...leaves("temperature", "topP", "topK", "maxTokens", "frequencyPenalty", "presencePenalty"),
    ...leaves("stop", "reasoningEffort"),
    reasoningSummary: {
      unsupported: "only Nanocoder's ChatGPT/Codex provider (the Responses API) uses it",
    },
  }),
});

/** One provider entry (Nanocoder's fields and ours). */
export const PROVIDER_KEYS: KeySpec = keys({
  ...leaves("name", "baseUrl", "apiKey", "models", "contextWindow", "contextWindows"),
  ...leaves("disableTools", "disableToolModels", "toolCalling", "tokenizer", "headers"),
  ...leaves("requestTimeout", "requestTimeoutMs", "socketTimeout", "idleTimeoutMs", "timeout"),
  ...leaves("maxRetries", "sdkProvider", "maxTokens", "caCertPath", "organizationId"),
  connectionPool: keys({
    idleTimeout: true,
    cumulativeMaxIdleTimeout: {
      unsupported: "Deno's HTTP client has no maximum keep-alive time (idleTimeout is used)",
    },
  }),
  // Its own keys are checked by openrouter.ts, with Nanocoder's wording.
  openrouter: true,
  tune: TUNE,
});

/** One MCP server entry, as Nanocoder's `.mcp.json` and Claude Code's write it. */
export const MCP_SERVER_KEYS: KeySpec = keys({
  ...leaves("name", "type", "transport", "command", "args", "env", "cwd", "url", "headers"),
  ...leaves("timeout", "timeoutMs", "enabled", "disabled", "alwaysAllow", "oauth"),
  // Shown by Nanocoder's /mcp; informational, they change nothing.
  ...leaves("description", "tags"),
});

const PREFERENCES_ONLY = "Nanocoder reads it from nanocoder-preferences.json, not from " +
  "agents.config.json (a setting of the terminal UI)";

/** What may sit inside `nanocoder` (or at the top of a file without it). */
export const SETTINGS_KEYS: Record<string, KeySpec> = {
  providers: { each: PROVIDER_KEYS },
  // Checked by mcp.ts per entry (it knows whether it got an array or an object).
  mcpServers: true,
  bash: keys(leaves("allow", "defaultTimeoutMs", "maxTimeoutMs")),
  ...leaves("webSearch", "sandbox", "allowedDirs", "alwaysAllow", "allowGitWrites"),
  webFetch: keys(leaves("allowPrivate", "allowHosts")),
  nanocoderTools: keys({ webSearch: keys({ apiKey: true }) }),
  disabledTools: true,
  systemPrompt: keys(leaves("mode", "content", "file")),
  autoCompact: keys(leaves("enabled", "threshold", "strategy", "mode", "notifyUser")),
  headless: keys({ maxTurns: true }),
  tune: TUNE,
  defaultMode: true,
  modeProviders: {
    unsupported: "switching provider and model with the mode is not implemented (the " +
      "mode changes, the model stays)",
  },
  sessions: {
    unsupported: "Nanocoder reads it from nanocoder-preferences.json, not from " +
      "agents.config.json; sessions are configured there",
  },
  paste: { unsupported: PREFERENCES_ONLY },
  notifications: { unsupported: PREFERENCES_ONLY },
  lspServers: { unsupported: "there is no LSP integration (Nanocoder does not load it either)" },
  hooks: { unsupported: "hooks are not implemented" },
  formatters: { unsupported: "formatters are not implemented" },
};

/** The top of an `agents.config.json` that has a `nanocoder` object. */
export const WRAPPED_FILE_KEYS: Record<string, KeySpec> = {
  nanocoder: true,
  $schema: true,
  // Nanocoder also takes providers at the top level beside `nanocoder`.
  providers: { each: PROVIDER_KEYS },
};

/**
 * Whether `label` (what untrusted.ts says it dropped: `lspServers (evil)`, `sessions.directory`,
 * `sandbox: false`) is about a setting of `SETTINGS_KEYS` that is not supported at all.
 */
export function isUnsupportedLabel(label: string, root: string): boolean {
  return Object.entries(SETTINGS_KEYS).some(([key, spec]) => {
    if (spec === true || !("unsupported" in spec)) return false;
    const at = joinPath(root, key);
    return label === at || [" ", ".", ":"].some((c) => label.startsWith(at + c));
  });
}

/** The top of a `.mcp.json` (its servers are checked one by one in mcp.ts). */
export const MCP_FILE_KEYS: Record<string, KeySpec> = { mcpServers: true, $schema: true };

/**
 * Warnings for the keys of `value` (found at `path` in `source`) that `spec` does not
 * know or marks unsupported, in the order they appear.
 */
export function keyWarnings(value: unknown, spec: KeySpec, path: string, source: string): string[] {
  const warnings: string[] = [];
  walk(value, spec, path, source, warnings);
  return warnings;
}

function walk(value: unknown, spec: KeySpec, path: string, source: string, out: string[]): void {
  if (spec === true || value === undefined) return;
  if ("unsupported" in spec) {
    out.push(`"${path}" in "${source}" is not supported (ignored): ${spec.unsupported}`);
  } else if ("each" in spec) {
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, spec.each, `${path}[${i}]`, source, out));
    }
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const at = joinPath(path, key);
      const known = spec.keys[key];
      if (known === undefined) out.push(unknownKey(at, source, Object.keys(spec.keys), key));
      else walk(item, known, at, source, out);
    }
  }
}

/** `Unknown key "<at>" in "<source>" (ignored)`, with the nearest known name when there is one. */
export function unknownKey(at: string, source: string, known: string[], key: string): string {
  const near = nearest(key, known);
  return `Unknown key "${at}" in "${source}" (ignored)${near ? `: did you mean "${near}"?` : ""}`;
}

/** The known name `key` is most likely a typo of: same letters in another case, or 1-2 edits away. */
export function nearest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const limit = key.length >= 8 ? 2 : key.length >= 4 ? 1 : 0;
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = name.toLowerCase() === lower ? 0 : editDistance(name.toLowerCase(), lower);
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
