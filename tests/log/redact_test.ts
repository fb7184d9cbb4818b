import assert from "node:assert/strict";
import { ProviderError } from "../../src/errors.ts";
import { addSecrets, isSecretKey, redact, REDACTED, redactString } from "../../src/log/mod.ts";
import { clearSecrets } from "../../src/log/redact.ts";

// One key of a known shape, one configured secret with no recognisable shape.
const OPENAI_KEY = "sk-proj-Abc123def456GHI789jkl012MNO345";
const CUSTOM = "corp-gateway-7f3a9b1c5d";
const SECRETS = [OPENAI_KEY, CUSTOM, encodeURIComponent(CUSTOM)];

function withSecrets(fn: () => void) {
  return () => {
    addSecrets([CUSTOM]);
    try {
      fn();
    } finally {
      clearSecrets();
    }
  };
}

/** No secret survives anywhere in the serialized value. */
function assertClean(value: unknown) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  for (const secret of SECRETS) {
    assert.ok(!text.includes(secret), `"${secret}" left in ${text}`);
  }
}

Deno.test(
  "redact() removes keys from Headers, header objects and every auth header name",
  withSecrets(() => {
    const headers = new Headers({
      authorization: `Bearer ${OPENAI_KEY}`,
      "x-api-key": CUSTOM,
      "api-key": CUSTOM,
      "content-type": "application/json",
    });
    assert.deepEqual(redact(headers), {
      "api-key": REDACTED,
      authorization: REDACTED,
      "content-type": "application/json",
      "x-api-key": REDACTED,
    });
    assert.deepEqual(redact({ Authorization: `Bearer ${OPENAI_KEY}`, Accept: "*/*" }), {
      Authorization: REDACTED,
      Accept: "*/*",
    });
  }),
);

Deno.test(
  "redact() removes keys from URLs: query keys, encoded values, user:password",
  withSecrets(() => {
    const url = `https://gw.example.com/v1/chat?api_key=${
      encodeURIComponent(CUSTOM)
    }&key=AIzaSyA1234567890abcdefghijklmnopqrstu&model=m`;
    assert.equal(
      redactString(url),
      `https://gw.example.com/v1/chat?api_key=${REDACTED}&key=${REDACTED}&model=m`,
    );
    assert.equal(
      redact(new URL(`https://bob:${CUSTOM}@proxy.example.com/v1?token=abc123`)),
      `https://bob:${REDACTED}@proxy.example.com/v1?token=${REDACTED}`,
    );
  }),
);

Deno.test(
  "redact() removes keys from error messages, stacks and causes",
  withSecrets(() => {
    const error = new ProviderError(`Unauthorized (401) for key ${OPENAI_KEY}`, {
      code: "unauthorized",
      status: 401,
      cause: new TypeError(`fetch failed: x-api-key: ${CUSTOM} rejected`),
    });
    const out = redact({ error }) as { error: Record<string, unknown> };
    assertClean(out);
    assert.equal(out.error.name, "ProviderError");
    assert.equal(out.error.message, `Unauthorized (401) for key ${REDACTED}`);
    assert.equal(out.error.status, 401);
    assert.equal(out.error.code, "unauthorized");
    assert.equal(
      (out.error.cause as Record<string, unknown>).message,
      `fetch failed: x-api-key: ${REDACTED} rejected`,
    );
    assert.match(
      String(out.error.stack),
      /ProviderError: Unauthorized \(401\) for key \[REDACTED\]/,
    );
  }),
);

Deno.test(
  "redact() removes keys from nested request bodies and JSON quoted inside strings",
  withSecrets(() => {
    const body = {
      model: "m",
      messages: [
        { role: "user", content: `my key is ${OPENAI_KEY}, the gateway one ${CUSTOM}` },
        { role: "tool", content: '{"api_key":"zz-unknown-shape-9988","path":"a.ts"}' },
      ],
      provider: { apiKey: "anything-at-all", headers: { "X-Api-Key": "x" }, models: ["m"] },
      usage: { prompt_tokens: 12, completion_tokens: 3, max_tokens: 100 },
    };
    const out = redact(body);
    assertClean(out);
    assert.deepEqual(out, {
      model: "m",
      messages: [
        { role: "user", content: `my key is ${REDACTED}, the gateway one ${REDACTED}` },
        { role: "tool", content: `{"api_key":"${REDACTED}","path":"a.ts"}` },
      ],
      provider: { apiKey: REDACTED, headers: { "X-Api-Key": REDACTED }, models: ["m"] },
      usage: { prompt_tokens: 12, completion_tokens: 3, max_tokens: 100 },
    });
    assert.deepEqual(body.provider.apiKey, "anything-at-all", "the input is not changed");
  }),
);

Deno.test("redactString() removes bearer and basic credentials, env dumps and curl headers", () => {
  assert.equal(
    redactString("curl -H 'Authorization: Basic dXNlcjpwYXNzd29yZA==' https://x.test"),
    `curl -H 'Authorization: Basic ${REDACTED}' https://x.test`,
  );
  assert.equal(
    redactString("OPENROUTER_API_KEY=or-abcdef123456 DEBUG=1"),
    `OPENROUTER_API_KEY=${REDACTED} DEBUG=1`,
  );
  assert.equal(redactString("token: abc.def.ghi"), `token: ${REDACTED}`);
});

Deno.test("redactString() leaves placeholders that stand for a key: documentation is not a secret", () => {
  const docs = [
    "NANOCODER_BASE_URL=... [NANOCODER_API_KEY=...] nanocoder run",
    "export OPENAI_API_KEY=<your-key> then OPENAI_API_KEY=<key>",
    "api_key=KEY, apiKey: YOUR_API_KEY, token=TOKEN",
    'apiKey: "${OPENROUTER_API_KEY}", password=$DB_PASSWORD',
    '{"apiKey": "...", "token": "<token>"}',
    "API_KEY=…",
  ];
  for (const text of docs) assert.equal(redactString(text), text);
  // Real values next to placeholders still go, and so do values only shaped a bit like one.
  assert.equal(
    redactString("API_KEY=... OPENAI_API_KEY=abc123def456 password=HUNTER2 token=<a>b"),
    `API_KEY=... OPENAI_API_KEY=${REDACTED} password=${REDACTED} token=${REDACTED}`,
  );
});

Deno.test("redactString() removes well-known key shapes wherever they are", () => {
  const keys = [
    OPENAI_KEY,
    "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWx",
    "sk-or-v1-0123456789abcdef0123456789abcdef",
    "ghp_0123456789abcdefghijABCDEFGHIJ012345",
    "github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
    "AIzaSyA1234567890abcdefghijklmnopqrstu",
    "hf_abcdefghijklmnopqrstuvwxyz0123",
    "gsk_abcdefghijklmnopqrstuvwxyz0123",
    "AKIAIOSFODNN7EXAMPLE",
    "xoxb-1234567890-abcdefghij",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
  ];
  for (const key of keys) {
    assert.equal(redactString(`failed (${key}) twice`), `failed (${REDACTED}) twice`, key);
  }
});

Deno.test("redact() leaves ordinary text, counts and flags alone", () => {
  const plain = {
    text: "ask-me-anything: the task-runner read src/tokenizer.ts with key bindings",
    tokenizer: "o200k_base",
    maxTokens: 4096,
    tokens: 12,
    trusted: true,
    url: "http://127.0.0.1:11434/v1/models?limit=5",
  };
  assert.deepEqual(redact(plain), plain);
});

Deno.test("redact() survives cycles, typed arrays, dates, maps and depth", () => {
  const a: Record<string, unknown> = { name: "a", bytes: new Uint8Array(3) };
  a.self = a;
  a.when = new Date(0);
  a.map = new Map<string, unknown>([["token", "secret-value-123"], ["n", 1]]);
  assert.deepEqual(redact(a), {
    name: "a",
    bytes: "[3 bytes]",
    self: "[Circular]",
    when: "1970-01-01T00:00:00.000Z",
    map: { token: REDACTED, n: 1 },
  });
  let deep: Record<string, unknown> = { v: 1 };
  for (let i = 0; i < 20; i++) deep = { deep };
  assert.match(JSON.stringify(redact(deep)), /\[Truncated\]/);
});

Deno.test('addSecrets() ignores short dummy keys such as "ollama"', () => {
  addSecrets(["ollama", undefined, "lmstudio-key-12345"]);
  try {
    assert.equal(redactString("ollama answered"), "ollama answered");
    assert.equal(redactString("used lmstudio-key-12345"), `used ${REDACTED}`);
  } finally {
    clearSecrets();
  }
});

Deno.test("redact() takes extra secrets for one call", () => {
  assert.equal(redact("value s3cr3t-one-off here", ["s3cr3t-one-off"]), `value ${REDACTED} here`);
  assert.equal(redactString("value s3cr3t-one-off here"), "value s3cr3t-one-off here");
});

Deno.test("isSecretKey() knows header, config and env names, not token counts", () => {
  for (const key of ["Authorization", "x-api-key", "api-key", "apiKey", "OPENAI_API_KEY"]) {
    assert.ok(isSecretKey(key), key);
  }
  for (const key of ["access_token", "clientSecret", "password", "Cookie", "secretValues"]) {
    assert.ok(isSecretKey(key), key);
  }
  for (const key of ["max_tokens", "prompt_tokens", "tokenizer", "model", "keyBindings"]) {
    assert.ok(!isSecretKey(key), key);
  }
});
