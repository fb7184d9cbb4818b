/**
 * Zod schemas of the raw config file, as users write it: Nanocoder's field names
 * (`requestTimeout`, `socketTimeout`, `transport`...) and ours side by side. Every
 * schema carries the phrase of what is expected, so an error reads
 * `nanocoder.providers[0].baseUrl: expected an http(s) URL string, got 42`.
 * Unknown keys are not an error (forward compatible); keys.ts names each one in a warning.
 */
import { z } from "zod";
import { ConfigError } from "../errors.ts";
import { joinPath } from "./expand.ts";
import { isHttpUrl } from "./url.ts";

/** Tokenizer names a provider may ask for. */
export const TOKENIZERS = ["o200k_base", "cl100k_base", "claude", "llama3", "heuristic"] as const;

const phrase = (text: string) => ({ error: text });

function nonEmpty(what: string) {
  const p = phrase(what);
  return z.string(p).min(1, p);
}

function intRange(what: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  const p = phrase(what);
  return z.number(p).int(p).min(min, p).max(max, p);
}

const URL_PHRASE = "an http(s) URL string";
const httpUrl = z.string(phrase(URL_PHRASE)).refine(isHttpUrl, phrase(URL_PHRASE));
const stringList = (what: string) => z.array(z.string(phrase(what)), phrase(what));
const headerMap = z.record(
  z.string(),
  z.string(phrase("a string header value")),
  phrase("an object of header names to string values"),
);
const MS = "a number of milliseconds (-1 for no limit)";
const EFFORTS = ["minimal", "low", "medium", "high"] as const;
const MODES = ["normal", "auto-accept", "yolo", "plan"] as const;

const number = z.number(phrase("a number"));

/** Nanocoder's `tune` (top-level, on a provider, or saved by /tune in the preferences). */
export const tuneSchema = z.object({
  enabled: z.boolean(phrase("true or false")).optional(),
  toolProfile: z.enum(
    ["auto", "full", "minimal", "nano"],
    phrase(oneOf(["auto", "full", "minimal", "nano"])),
  ).optional(),
  aggressiveCompact: z.boolean(phrase("true or false")).optional(),
  toolMode: z.enum(["native", "xml", "json"], phrase(oneOf(["native", "xml", "json"])))
    .optional(),
  disableNativeTools: z.boolean(phrase("true or false")).optional(),
  includeAgentsMd: z.boolean(phrase("true or false")).optional(),
  modelParameters: z.object({
    temperature: number.optional(),
    topP: number.optional(),
    topK: intRange("a positive integer", 1).optional(),
    maxTokens: intRange("a positive integer (tokens)", 1).optional(),
    frequencyPenalty: number.optional(),
    presencePenalty: number.optional(),
    stop: stringList("an array of strings").optional(),
    reasoningEffort: z.enum(EFFORTS, phrase(oneOf(EFFORTS))).optional(),
    reasoningSummary: z.string(phrase("a string")).optional(),
  }, phrase("an object")).optional(),
}, phrase("an object"));

/** One provider as written in `nanocoder.providers` or `NANOCODER_PROVIDERS`. */
export const rawProviderSchema = z.object({
  name: nonEmpty("a non-empty provider name"),
  baseUrl: httpUrl.optional(),
  apiKey: z.string(phrase("a string")).optional(),
  models: stringList("an array of model names (strings)").optional(),
  contextWindow: intRange("a positive integer (tokens)", 1).optional(),
  contextWindows: z.record(
    z.string(),
    intRange("a positive integer (tokens)", 1),
    phrase("an object of model names to token counts"),
  ).optional(),
  disableTools: z.boolean(phrase("true or false")).optional(),
  disableToolModels: stringList("an array of model names (strings)").optional(),
  toolCalling: z.enum(
    ["native", "xml", "json", "auto"],
    phrase(oneOf(["native", "xml", "json", "auto"])),
  )
    .optional(),
  tokenizer: z.enum(TOKENIZERS, phrase(oneOf(TOKENIZERS))).optional(),
  headers: headerMap.optional(),
  requestTimeout: intRange(MS, -1).optional(),
  requestTimeoutMs: intRange(MS, -1).optional(),
  socketTimeout: intRange(MS, -1).optional(),
  idleTimeoutMs: intRange(MS, -1).optional(),
  maxRetries: intRange("an integer from 0 to 20", 0, 20).optional(),
  sdkProvider: z.string(phrase("a string")).optional(),
  maxTokens: z.union([
    intRange("a positive integer (tokens)", 1),
    z.record(z.string(), intRange("a positive integer (tokens)", 1)),
  ], phrase("a positive integer, or an object of model names to token counts")).optional(),
  caCertPath: nonEmpty("a path to a PEM file of CA certificates").optional(),
  connectionPool: z.object({
    idleTimeout: intRange(MS, -1).optional(),
    cumulativeMaxIdleTimeout: intRange(MS, -1).optional(),
  }, phrase("an object")).optional(),
  organizationId: nonEmpty("a non-empty organization ID").optional(),
  /** What Nanocoder's provider wizard writes for the request timeout. */
  timeout: intRange(MS, -1).optional(),
  /** Checked by openrouter.ts (unknown keys there are warnings, as in Nanocoder). */
  openrouter: z.record(z.string(), z.unknown(), phrase("an object")).optional(),
  tune: tuneSchema.optional(),
}, phrase("an object"));

/** Raw provider after validation. */
export type RawProvider = z.infer<typeof rawProviderSchema>;

const GRANTS = `"authorization_code", "client_credentials" or "identity_assertion"`;

/** One MCP server entry, in Nanocoder's or Claude Code's spelling. */
export const rawMcpServerSchema = z.object({
  name: nonEmpty("a non-empty server name").optional(),
  type: z.string(phrase("a string")).optional(),
  transport: z.string(phrase("a string")).optional(),
  command: nonEmpty("a non-empty command").optional(),
  args: stringList("an array of strings").optional(),
  env: z.record(z.string(), z.string(phrase("a string")), phrase("an object of strings"))
    .optional(),
  cwd: z.string(phrase("a string")).optional(),
  // The transport decides which schemes it takes (mcp.ts): a websocket server's
  // ws:// URL must not reject the whole file.
  url: z.string(phrase("a URL string")).optional(),
  headers: headerMap.optional(),
  timeout: intRange("a positive number of milliseconds", 1).optional(),
  timeoutMs: intRange("a positive number of milliseconds", 1).optional(),
  enabled: z.boolean(phrase("true or false")).optional(),
  disabled: z.boolean(phrase("true or false")).optional(),
  alwaysAllow: stringList("an array of tool names").optional(),
  oauth: z.object({
    clientId: nonEmpty("a non-empty client ID").optional(),
    clientSecret: z.string(phrase("a string")).optional(),
    scopes: stringList("an array of scopes (strings)").optional(),
    callbackPort: intRange("a port number (1-65535)", 1, 65535).optional(),
    clientMetadataUrl: httpUrl.optional(),
    grant: z.enum(
      ["authorization_code", "client_credentials", "identity_assertion"],
      phrase(GRANTS),
    )
      .optional(),
    privateKey: z.string(phrase("a PEM private key")).optional(),
    signingAlgorithm: z.string(phrase("a JWS algorithm name")).optional(),
    idToken: z.string(phrase("a string")).optional(),
    idpTokenEndpoint: httpUrl.optional(),
    idpClientId: z.string(phrase("a string")).optional(),
  }, phrase("an object")).optional(),
}, phrase("an object"));

/** Raw MCP server after validation. */
export type RawMcpServer = z.infer<typeof rawMcpServerSchema>;

const WEB_BACKENDS = `an object with "backend": "brave", "tavily", "searxng" or "duckduckgo"`;

/** Our own settings and the Nanocoder ones we map, inside the `nanocoder` object. */
export const rawSettingsSchema = z.object({
  providers: z.array(rawProviderSchema, phrase("an array of providers")).optional(),
  /** Array or object: validated by mcp.ts, which knows which shape it got. */
  mcpServers: z.unknown().optional(),
  bash: z.object({
    allow: stringList("an array of command patterns (strings)").optional(),
    defaultTimeoutMs: intRange("a positive number of milliseconds", 1).optional(),
    maxTimeoutMs: intRange("a positive number of milliseconds", 1).optional(),
  }, phrase("an object")).optional(),
  webSearch: z.discriminatedUnion("backend", [
    z.object({ backend: z.literal("brave"), apiKey: nonEmpty("a non-empty API key") }),
    z.object({ backend: z.literal("tavily"), apiKey: nonEmpty("a non-empty API key") }),
    z.object({ backend: z.literal("searxng"), url: httpUrl }),
    z.object({ backend: z.literal("duckduckgo") }),
  ], phrase(WEB_BACKENDS)).optional(),
  sandbox: z.boolean(phrase("true or false")).optional(),
  allowedDirs: stringList("an array of directory paths").optional(),
  alwaysAllow: stringList("an array of tool names").optional(),
  webFetch: z.object({
    allowPrivate: z.boolean(phrase("true or false")).optional(),
    allowHosts: stringList("an array of host names").optional(),
  }, phrase("an object")).optional(),
  allowGitWrites: z.boolean(phrase("true or false")).optional(),
  nanocoderTools: z.object({
    webSearch: z.object({ apiKey: z.string(phrase("a string")).optional() }).optional(),
  }).optional(),
  disabledTools: stringList("an array of tool names").optional(),
  systemPrompt: z.object({
    mode: z.enum(["replace", "append"], phrase(oneOf(["replace", "append"]))).optional(),
    content: z.string(phrase("a string")).optional(),
    file: nonEmpty("a path to a text file").optional(),
  }, phrase("an object")).optional(),
  autoCompact: z.object({
    enabled: z.boolean(phrase("true or false")).optional(),
    threshold: number.optional(),
    strategy: z.enum(["llm", "mechanical"], phrase(oneOf(["llm", "mechanical"]))).optional(),
    mode: z.enum(
      ["conservative", "default", "aggressive"],
      phrase(oneOf(["conservative", "default", "aggressive"])),
    ).optional(),
    notifyUser: z.boolean(phrase("true or false")).optional(),
  }, phrase("an object")).optional(),
  headless: z.object({
    maxTurns: intRange("a positive integer", 1).optional(),
  }, phrase("an object")).optional(),
  tune: tuneSchema.optional(),
  // Nanocoder trims and lower-cases it.
  defaultMode: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
    z.enum(MODES, phrase(oneOf(MODES))),
  ).optional(),
}, phrase("an object"));

/** Raw settings after validation. */
export type RawSettings = z.infer<typeof rawSettingsSchema>;

/**
 * Validates `data` against `schema`, or throws one ConfigError listing every problem:
 * `Invalid config "<source>": <path>: expected <what>, got <value>`.
 */
export function validate<T>(schema: z.ZodType<T>, data: unknown, source: string, root: string): T {
  const result = schema.safeParse(data, { error: (issue) => defaultPhrase(issue) });
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const at = issue.path.reduce<string>(
      (acc, key) => joinPath(acc, typeof key === "number" ? key : String(key)),
      root,
    );
    return `${at || "(top level)"}: expected ${issue.message}, got ${
      describeValue(valueAt(data, issue.path))
    }`;
  });
  throw new ConfigError(`Invalid config "${source}": ${lines.join("; ")}`);
}

function defaultPhrase(issue: { code?: string; expected?: string }): string {
  if (issue.code === "invalid_type" && issue.expected) return `a value of type ${issue.expected}`;
  return "a valid value";
}

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  let at = data;
  for (const key of path) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** Short description of a bad value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  return String(value);
}

/** `"a", "b" or "c"` — wording for an enum. */
export function oneOf(values: readonly string[]): string {
  const quoted = values.map((v) => `"${v}"`);
  return `one of ${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

/** A ConfigError for one field, in the same words as `validate`. */
export function invalidField(
  source: string,
  at: string,
  expected: string,
  value: unknown,
): ConfigError {
  return new ConfigError(
    `Invalid config "${source}": ${at}: expected ${expected}, got ${describeValue(value)}`,
  );
}
