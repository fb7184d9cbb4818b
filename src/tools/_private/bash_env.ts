/**
 * The environment shell commands get: the user's, without credentials. A command (or the
 * model that wrote it) has no use for the agent's keys, and its output goes back to the
 * model, so every variable that looks like a secret by name or by value is left out.
 *
 * This filters what commands inherit; it cannot stop a command from reading the agent's
 * own environment through `/proc/<pid>/environ` outside the sandbox (see sandbox.ts).
 */

/** Names that hold credentials: keys, tokens, passwords, credentials, auth settings. */
const SECRET_NAME = new RegExp(
  [
    "(^|_)(API_?)?KEYS?(_|$)", // OPENAI_KEY, AWS_ACCESS_KEY_ID, STRIPE_KEYS
    "(^|_)TOKENS?(_|$)", // GITHUB_TOKEN, AWS_SESSION_TOKEN (not TOKENIZER_PATH)
    "(^|_)PAT(_|$)", // GITHUB_PAT
    "SECRET",
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "CREDENTIAL",
    "(^|_)AUTH(_|$)|AUTHTOKEN", // NPM_CONFIG__AUTH, npm_config_//host/:_authToken
    "(^|_)COOKIE",
    "(^|_)DSN$", // SENTRY_DSN carries its key
    "DATABASE_URL", // connection strings, with or without a password today
    "(^|_)(PRIVATE|SIGNING)_?KEY",
    "_PWD$", // MYSQL_PWD (not PWD or OLDPWD)
  ].join("|"),
  "i",
);

/** Names that match a rule above but hold no secret and are needed (git over ssh). */
const NOT_SECRET = new Set(["SSH_AUTH_SOCK"]);

/** A URL with a password in it: `scheme://user:password@host`. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^\/\s:@]*:[^\/\s@]+@/i;

/** Shapes of well-known token formats, whatever the variable is called. */
const TOKEN_SHAPE = new RegExp(
  [
    "^sk-[A-Za-z0-9_-]{20,}", // OpenAI, Anthropic (sk-ant-…)
    "^(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}", // GitHub
    "^github_pat_[A-Za-z0-9_]{30,}",
    "^glpat-[A-Za-z0-9_-]{20,}", // GitLab
    "^xox[abposr]-[A-Za-z0-9-]{10,}", // Slack
    "^(AKIA|ASIA)[0-9A-Z]{16}$", // AWS access key id
    "^AIza[0-9A-Za-z_-]{35}$", // Google API key
    "^hf_[A-Za-z0-9]{30,}", // Hugging Face
    "^npm_[A-Za-z0-9]{36}$", // npm
  ].join("|"),
);

/** Configured secrets shorter than this are matched whole only, never as substrings. */
const MIN_EMBEDDED_SECRET = 8;

/** What the filter knows besides the built-in rules. */
export interface SecretRules {
  /** Env var names never passed to commands (provider key variables from config). */
  secretEnvNames?: string[];
  /** Values never passed: any env var holding one of them is dropped (API keys from config). */
  secretValues?: string[];
}

/** Whether a variable looks like a credential by its name or its value. */
export function isSecretVariable(name: string, value: string, rules: SecretRules = {}): boolean {
  if (rules.secretEnvNames?.includes(name)) return true;
  if (SECRET_NAME.test(name) && !NOT_SECRET.has(name)) return true;
  if (URL_WITH_PASSWORD.test(value) || TOKEN_SHAPE.test(value)) return true;
  return (rules.secretValues ?? []).some((secret) =>
    secret !== "" &&
    (value === secret || (secret.length >= MIN_EMBEDDED_SECRET && value.includes(secret)))
  );
}

/** The environment of a command: the user's, without credentials. */
export function commandEnv(
  rules: SecretRules,
  source: () => Record<string, string> = () => Deno.env.toObject(),
): Record<string, string> {
  let all: Record<string, string>;
  try {
    all = source();
  } catch {
    // No --allow-env: nothing to filter, so pass nothing but a usable PATH.
    all = { PATH: "/usr/local/bin:/usr/bin:/bin" };
  }
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(all)) {
    if (!isSecretVariable(name, value, rules)) env[name] = value;
  }
  env.GIT_TERMINAL_PROMPT = "0";
  return env;
}
