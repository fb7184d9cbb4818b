/**
 * Removes secrets from anything about to be logged or shown in `--debug` output:
 * API keys, `Authorization` / `x-api-key` / `api-key` headers, bearer tokens, URL query
 * keys and passwords, well-known key shapes (`sk-…`, `ghp_…`, `AIza…`, JWTs…) and the
 * secret values the config holds (registered with `addSecrets`). Works on strings and on
 * any object (headers, errors with causes, nested request bodies), and never mutates
 * its input.
 *
 * Run it before truncating: half a key no longer matches its configured value.
 */

/** What a secret is replaced with. */
export const REDACTED = "[REDACTED]";

/** Configured secrets shorter than this are not registered (they would match ordinary words). */
export const MIN_SECRET_LENGTH = 8;

const registered = new Set<string>();

/**
 * Registers secret values (API keys, header values from config) to be redacted
 * wherever they appear, as they are and URL-encoded. Values shorter than
 * MIN_SECRET_LENGTH are ignored: dummy keys like "ollama" would match ordinary text.
 */
export function addSecrets(values: Iterable<string | undefined>): void {
  for (const value of values) {
    if (typeof value !== "string") continue;
    const trimmed = value.trim();
    if (trimmed.length < MIN_SECRET_LENGTH) continue;
    registered.add(trimmed);
    registered.add(encodeURIComponent(trimmed));
  }
}

/** Forgets registered secrets (tests). */
export function clearSecrets(): void {
  registered.clear();
}

/**
 * A copy of `value` with secrets replaced by "[REDACTED]": strings are scanned, objects
 * walked (a value under a key like `authorization`, `apiKey` or `token` goes whole),
 * errors become `{name, message, stack, cause, …}`. `secrets` adds values for this call.
 */
export function redact(value: string, secrets?: readonly string[]): string;
export function redact(value: unknown, secrets?: readonly string[]): unknown;
export function redact(value: unknown, secrets: readonly string[] = []): unknown {
  const all = secrets.length ? [...registered, ...secrets.filter((s) => s.length > 0)] : [
    ...registered,
  ];
  // Longest first, so a key is not half-replaced by a registered prefix of it.
  all.sort((a, b) => b.length - a.length);
  return walk(value, all, new WeakSet(), 0);
}

/** Whether a field of this name holds a secret (headers, config keys, JSON fields). */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_\s]/g, "");
  if (k === "authorization" || k === "proxyauthorization" || k === "cookie") return true;
  if (k === "setcookie" || k === "xapikey" || k === "xgoogapikey" || k === "bearer") return true;
  // Plural "tokens" is left alone: usage counts (prompt_tokens, maxTokens) are not secrets.
  return /(apikeys?|token|secrets?|secretvalues|passwords?|passwd|credentials?|privatekey)$/
    .test(k);
}

// URL query parameters that carry credentials (besides isSecretKey names).
const QUERY_KEYS = new Set(["key", "auth", "sig", "signature", "code", "apikey", "pass"]);

const TOKEN_SHAPES: RegExp[] = [
  /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{16,}/g, // OpenAI, Anthropic (sk-ant-), OpenRouter, DeepSeek
  /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g,
  /(?<![A-Za-z0-9_])AIza[0-9A-Za-z_-]{30,}/g, // Google
  /(?<![A-Za-z0-9_])(?:hf|gsk|xai|glpat)[_-][A-Za-z0-9_-]{20,}/g, // Hugging Face, Groq, xAI, GitLab
  /(?<![A-Za-z0-9])AKIA[0-9A-Z]{16}(?![A-Za-z0-9])/g, // AWS access key id
  /(?<![A-Za-z0-9])xox[abprs]-[A-Za-z0-9-]{10,}/g, // Slack
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWT
];

/**
 * Values that stand for a secret in documentation and help text rather than being one:
 * `...`, `…`, `<key>`, `${VAR}` / `$VAR` (a reference to an environment variable, not its value), and a capitalized
 * name of what goes there (`KEY`, `YOUR_API_KEY`, `TOKEN`) — never with a digit, so a
 * password such as `HUNTER2` is still taken for one.
 */
const PLACEHOLDER =
  /^(?:\.{3}|…|<[\w.-]+>|\$\{?[A-Z_][A-Z0-9_]*\}?|[A-Z_]*(?:KEY|TOKEN|SECRET|PASSWORD)[A-Z_]*)$/;

/** Whether a value found after a secret's name is a real value to hide. */
function hides(value: string): boolean {
  return value !== REDACTED && !PLACEHOLDER.test(value);
}

/** Redacts one string. */
export function redactString(text: string, secrets: readonly string[] = [...registered]): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.replaceAll(secret, REDACTED);
  }
  // Authorization schemes: "Bearer abc…", "Basic dXNl…".
  out = out.replace(/\b(Bearer|Basic|Token)(\s+)[A-Za-z0-9._~+/=-]{6,}/gi, `$1$2${REDACTED}`);
  // "key": "value" pairs inside JSON text (a body quoted in an error message).
  out = out.replace(
    /("((?:[^"\\]|\\.)*)"\s*:\s*)"((?:[^"\\]|\\.)*)"/g,
    (all, head: string, key: string, value: string) =>
      isSecretKey(key) && hides(value) && !value.endsWith(` ${REDACTED}`)
        ? `${head}"${REDACTED}"`
        : all,
  );
  // Header-like "name: value" / "name=value" in free text (curl lines, messages, env dumps).
  out = out.replace(
    /(?<![A-Za-z0-9_-])([A-Za-z][A-Za-z0-9_-]*)(\s*[:=]\s*)(['"]?)([^\s'",;&}\]]+)/g,
    (all, key: string, sep: string, quote: string, value: string) => {
      if (!isSecretKey(key) || !hides(value) || /^(Bearer|Basic|Token)$/i.test(value)) {
        return all;
      }
      return `${key}${sep}${quote}${REDACTED}`;
    },
  );
  // URL query parameters and the password of user:password@host.
  out = out.replace(
    /([?&#;])([^=&#\s"'<>]+)=([^&#\s"'<>]+)/g,
    (all, lead: string, key: string, value: string) =>
      (isSecretKey(key) || QUERY_KEYS.has(key.toLowerCase())) && hides(value)
        ? `${lead}${key}=${REDACTED}`
        : all,
  );
  out = out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)[^\s/@]+@/gi, `$1${REDACTED}@`);
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, REDACTED);
  return out;
}

const MAX_DEPTH = 12;

function walk(value: unknown, secrets: string[], seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === "string") return redactString(value, secrets);
  if (value === null || typeof value !== "object") {
    return typeof value === "function" || typeof value === "symbol" ? String(value) : value;
  }
  if (seen.has(value)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[Truncated]";
  seen.add(value);
  const next = (v: unknown) => walk(v, secrets, seen, depth + 1);
  if (value instanceof URL) return redactString(value.href, secrets);
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map(next);
  if (value instanceof Headers) return walkEntries([...value.entries()], next);
  if (value instanceof Map) {
    return walkEntries([...value.entries()].map(([k, v]) => [String(k), v]), next);
  }
  if (value instanceof Error) {
    const fields: [string, unknown][] = [["name", value.name], ["message", value.message]];
    if (value.stack) fields.push(["stack", value.stack]);
    if (value.cause !== undefined) fields.push(["cause", value.cause]);
    for (const [k, v] of Object.entries(value)) if (k !== "cause") fields.push([k, v]);
    return walkEntries(fields, next);
  }
  return walkEntries(Object.entries(value), next);
}

function walkEntries(
  entries: [string, unknown][],
  next: (v: unknown) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of entries) {
    // Secrets are strings (or lists and objects of them); numbers and flags stay readable.
    const secret = isSecretKey(key) && v != null && typeof v !== "number" &&
      typeof v !== "boolean";
    out[key] = secret ? REDACTED : next(v);
  }
  return out;
}
