/**
 * What each provider example of Nanocoder's docs must do on the wire: the URL asked for
 * (the documented host and path), the key in that API's own header, the model, and the
 * body fields its settings add. Keyed by the example's number in the manifest.
 */
import assert from "node:assert/strict";
import { type DocProject, type WireCapture, wireRequest } from "./_nanocoder_docs.ts";
import type { MockLlm } from "../_helpers/mock_llm.ts";
import { resolveContextWindow } from "../../src/tokenize/context_window.ts";

/** What a test of one example gets. */
export interface CheckContext {
  dp: DocProject;
  mock: MockLlm;
  /** The example's JSON (the provider entry, the slice…). */
  json: () => Promise<Record<string, unknown>>;
}

/** How an example counts, and what it must show. */
export interface Expectation {
  /**
   * "effect": its settings act (on the wire or in behaviour); "warned": what it asks for is
   * not done here and a warning names it; "ui": a terminal-UI preference, read and handed
   * to the UI (headless runs have no use for it, Nanocoder's neither).
   */
  outcome: "effect" | "warned" | "ui";
  /** The warnings it must give (each names the file and the key); no other warning is allowed. */
  warns?: RegExp[];
  /** The project's `.env`, where a Nanocoder user keeps the keys its `$VAR`s name. */
  dotenv?: Record<string, string>;
  /** Files written into the project besides the example. */
  files?: Record<string, string>;
  check?: (ctx: CheckContext) => Promise<void>;
}

const BEARER = (key: string) => ({ authorization: `Bearer ${key}` });
const NO_KEY = { authorization: undefined };

/**
 * An example whose request goes to `url` with `headers` (undefined: the header is absent)
 * for the example's first model, and passes `more`.
 */
export function sends(
  url: string,
  headers: Record<string, string | undefined>,
  more?: (wire: WireCapture, json: Record<string, unknown>) => void | Promise<void>,
  extra: Partial<Expectation> = {},
): Expectation {
  return {
    outcome: "effect",
    ...extra,
    async check({ dp, mock, json }) {
      const wire = await wireRequest(dp, mock);
      assert.equal(wire.url, url);
      for (const [name, value] of Object.entries(headers)) {
        assert.equal(wire.request.headers.get(name), value ?? null, name);
      }
      const example = await json();
      const models = (example.models ?? [example.model]) as string[] | undefined;
      if (wire.request.body?.model !== undefined && models?.[0]) {
        assert.equal(wire.request.body.model, models[0]);
      }
      await more?.(wire, example);
    },
  };
}

/** The body fields an `openrouter` slice puts into the request, as written. */
function openrouterBody(field: string, bodyField = field) {
  return sends(
    "https://openrouter.ai/api/v1/chat/completions",
    BEARER("sk-or-from-dotenv"),
    (wire, json) => {
      const slice = (json.openrouter as Record<string, unknown>)[field];
      const sent = field === "extraBody" ? wire.request.body.debug : wire.request.body[bodyField];
      assert.deepEqual(sent, field === "extraBody" ? (slice as { debug: unknown }).debug : slice);
    },
    { dotenv: { OPENROUTER_API_KEY: "sk-or-from-dotenv" } },
  );
}

const skipped = (name: string, sdk: string) =>
  new RegExp(`^Skipped provider "${name}" in ".*agents\\.config\\.json": sdkProvider "${sdk}"`);

/** Provider examples by number. */
export const PROVIDER_EXPECTATIONS: Record<string, Expectation> = {
  "23": sends("https://api.anthropic.com/v1/messages", {
    "x-api-key": "your-anthropic-api-key",
    "anthropic-version": "2023-06-01",
    ...NO_KEY,
  }),
  "24": sends(
    "https://api.atlascloud.ai/v1/chat/completions",
    BEARER("your-atlas-cloud-api-key"),
  ),
  "25": sends("http://127.0.0.1:1337/v1/chat/completions", BEARER("atomic")),
  "26": sends("http://host.docker.internal:1337/v1/chat/completions", BEARER("atomic")),
  "27": { outcome: "warned", warns: [skipped("ChatGPT", "chatgpt-codex")] },
  "28": {
    outcome: "warned",
    warns: [
      /^Unknown key "nanocoder\.providers\[0\]\.config" in ".*agents\.config\.json" \(ignored\)$/,
      /^"nanocoder\.providers\[0\]\.tune\.modelParameters\.reasoningSummary" in ".*" is not supported/,
      skipped("ChatGPT", "chatgpt-codex"),
    ],
  },
  "29": {
    outcome: "effect",
    // The docs' placeholder path: the bundle is read for the request, and its absence said
    // (tests/e2e/dropin_tls_test.ts trusts a real private CA through the same setting).
    async check({ dp, mock }) {
      await assert.rejects(
        wireRequest(dp, mock),
        /Cannot read caCertPath "\/path\/to\/internal-ca\.pem" of provider "My Provider": no such file/,
      );
    },
  },
  "30": sends(
    "https://generativelanguage.googleapis.com/v1beta/models/your-model-name:streamGenerateContent?alt=sse",
    { "x-goog-api-key": "your-gemini-api-key", ...NO_KEY },
  ),
  "31": { outcome: "warned", warns: [skipped("GitHub Copilot", "github-copilot")] },
  "32": sends("https://models.github.ai/inference/chat/completions", BEARER("your-github-pat")),
  "33": sends("http://localhost:11434/api/chat", NO_KEY, async (wire) => {
    // Ollama's own API, the only one that takes a window: num_ctx from contextWindows.
    assert.equal(wire.request.body.options.num_ctx, 131072);
    const provider = wire.project.config.providers[0];
    assert.deepEqual(await resolveContextWindow(provider, "custom-model"), {
      tokens: 131072,
      source: `config contextWindows["custom-model"] of "Local Ollama"`,
    });
  }),
  "34": sends(
    "https://openrouter.ai/api/v1/chat/completions",
    BEARER("sk-or-from-dotenv"),
    undefined,
    { dotenv: { OPENROUTER_API_KEY: "sk-or-from-dotenv" } },
  ),
  "35": sends(
    "http://localhost:8080/v1/chat/completions",
    NO_KEY,
    (wire) => {
      const { requestTimeoutMs, idleTimeoutMs, poolIdleTimeoutMs } =
        wire.project.config.providers[0];
      assert.deepEqual({ requestTimeoutMs, idleTimeoutMs, poolIdleTimeoutMs }, {
        requestTimeoutMs: 0,
        idleTimeoutMs: 0,
        poolIdleTimeoutMs: 30000,
      });
    },
    { warns: [/connectionPool\.cumulativeMaxIdleTimeout" in ".*" is not supported/] },
  ),
  "36": sends("http://localhost:1234/v1/chat/completions", NO_KEY),
  "37": sends("http://localhost:1234/v1/chat/completions", NO_KEY),
  "38": sends("https://api.kimi.com/coding/v1/messages", { "x-api-key": "your-kimi-api-key" }),
  "39": sends("http://localhost:8080/v1/chat/completions", NO_KEY),
  "40": sends("http://localhost:9292/v1/chat/completions", NO_KEY),
  "41": sends("http://localhost:1234/v1/chat/completions", NO_KEY),
  "42": sends("http://localhost:8080/v1/chat/completions", NO_KEY),
  "43": sends("https://api.minimax.io/anthropic/v1/messages", {
    "x-api-key": "your-minimax-api-key",
  }),
  "44": sends("https://api.mistral.ai/v1/chat/completions", BEARER("your-mistral-api-key")),
  "45": sends("http://localhost:8080/v1/chat/completions", NO_KEY),
  "46": sends("http://localhost:11434/v1/chat/completions", NO_KEY),
  "47": sends("https://api.openai.com/v1/chat/completions", BEARER("your-openai-api-key")),
  "48": sends("https://api.openai.com/v1/chat/completions", {
    ...BEARER("your-openai-api-key"),
    "openai-organization": "your-org-id",
  }),
  "49": sends(
    "https://openrouter.ai/api/v1/chat/completions",
    BEARER("your-openrouter-api-key"),
  ),
  "50": sends(
    "https://openrouter.ai/api/v1/chat/completions",
    BEARER("sk-or-from-dotenv"),
    (wire) => {
      const { provider, reasoning, service_tier } = wire.request.body;
      assert.deepEqual({ provider, reasoning, service_tier }, {
        provider: { sort: "price", allow_fallbacks: true },
        reasoning: { effort: "high" },
        service_tier: "flex",
      });
    },
    { dotenv: { OPENROUTER_API_KEY: "sk-or-from-dotenv" } },
  ),
  "51": openrouterBody("provider"),
  "52": openrouterBody("reasoning"),
  "53": openrouterBody("plugins"),
  "54": openrouterBody("models"),
  "55": openrouterBody("service_tier"),
  "56": openrouterBody("extraBody"),
  "57": sends(
    "https://api.orcarouter.ai/v1/chat/completions",
    BEARER("orca-from-dotenv"),
    undefined,
    { dotenv: { ORCAROUTER_API_KEY: "orca-from-dotenv" } },
  ),
  "58": sends("https://api.poe.com/v1/chat/completions", BEARER("your-poe-api-key")),
  "59": sends(
    "https://router.requesty.ai/v1/chat/completions",
    BEARER("requesty-from-dotenv"),
    undefined,
    { dotenv: { REQUESTY_API_KEY: "requesty-from-dotenv" } },
  ),
  "60": sends("https://api.thesean.ai/messages", { "x-api-key": "your-thesean-api-key" }),
  "61": sends("https://api.together.ai/v1/chat/completions", BEARER("your-together-api-key")),
  "62": sends("http://localhost:8000/v1/chat/completions", NO_KEY),
  "63": sends(
    "https://api.z.ai/api/coding/paas/v4/chat/completions",
    BEARER("your-z.ai-coding-api-key"),
  ),
  "64": sends("https://api.z.ai/api/paas/v4/chat/completions", BEARER("your-z.ai-api-key")),
};
