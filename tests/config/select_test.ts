import assert from "node:assert/strict";
import { PROVIDER_PRESETS } from "../../src/config/presets.ts";
import { NoProviderError, selectProvider } from "../../src/config/select.ts";
import {
  DEFAULT_BASH,
  DEFAULT_WEB_FETCH,
  type NanocoderConfig,
  type ProviderConfig,
} from "../../src/config/types.ts";
import { ConfigError } from "../../src/errors.ts";

function configWith(
  providers: ProviderConfig[],
  extra: Partial<NanocoderConfig> = {},
): NanocoderConfig {
  return {
    providers,
    ...(providers[0] ? { defaultProvider: providers[0].name } : {}),
    mcpServers: {},
    bash: DEFAULT_BASH,
    sandbox: false,
    allowedDirs: [],
    alwaysAllow: [],
    webFetch: DEFAULT_WEB_FETCH,
    allowGitWrites: false,
    sources: [],
    ...extra,
  };
}

const LOCAL: ProviderConfig = {
  name: "Local",
  baseUrl: "http://localhost:1234/v1",
  models: ["a", "b"],
};
const REMOTE: ProviderConfig = {
  name: "remote",
  baseUrl: "https://api.example/v1",
  apiKey: "cfg-key",
  models: ["big"],
};

Deno.test("selectProvider() builds an ad-hoc provider from --base-url, named by its port", () => {
  const sel = selectProvider(configWith([LOCAL]), {
    baseUrl: "http://gpu-box:11434/v1/",
    model: "qwen3-coder",
    apiKey: "k",
  }, {});
  assert.deepEqual(sel, {
    provider: { name: "ollama", baseUrl: "http://gpu-box:11434/v1", apiKey: "k", models: [] },
    model: "qwen3-coder",
    origin: "flags",
  });
  const custom = selectProvider(configWith([]), {
    baseUrl: "https://llm.corp.example/v1",
    model: "m",
  }, {});
  assert.equal(custom.provider.name, "custom");
});

Deno.test("selectProvider() prefers flags over NANOCODER_* env over config", () => {
  const env = {
    NANOCODER_BASE_URL: "http://127.0.0.1:8080/v1",
    NANOCODER_MODEL: "env-model",
    NANOCODER_API_KEY: "env-key",
  };
  const fromEnv = selectProvider(configWith([LOCAL]), {}, env);
  assert.deepEqual(fromEnv, {
    provider: {
      name: "llamacpp",
      baseUrl: "http://127.0.0.1:8080/v1",
      apiKey: "env-key",
      models: [],
    },
    model: "env-model",
    origin: "env",
  });
  const fromFlags = selectProvider(
    configWith([LOCAL]),
    { baseUrl: "http://h:8000/v1", model: "f" },
    env,
  );
  assert.deepEqual(fromFlags.provider, {
    name: "vllm",
    baseUrl: "http://h:8000/v1",
    apiKey: "env-key",
    models: [],
  });
  assert.equal(fromFlags.model, "f");
  const named = selectProvider(configWith([LOCAL]), { provider: "local" }, env);
  assert.deepEqual(named, { provider: LOCAL, model: "a", origin: "config" });
});

Deno.test("selectProvider() defaults to the first configured provider and its first model", () => {
  assert.deepEqual(selectProvider(configWith([LOCAL, REMOTE]), {}, {}), {
    provider: LOCAL,
    model: "a",
    origin: "config",
  });
  const picked = selectProvider(configWith([LOCAL, REMOTE]), {
    provider: "REMOTE",
    model: "not-listed",
  }, {});
  assert.deepEqual(picked, { provider: REMOTE, model: "not-listed", origin: "config" });
  const keyed = selectProvider(configWith([REMOTE]), { apiKey: "flag-key" }, {});
  assert.equal(keyed.provider.apiKey, "flag-key");
});

Deno.test("selectProvider() lists configured names and presets for an unknown provider", () => {
  assert.throws(
    () => selectProvider(configWith([LOCAL, REMOTE]), { provider: "nope" }, {}),
    new ConfigError(
      `Unknown provider "nope": configured providers are "Local", "remote"; built-in presets are ` +
        PROVIDER_PRESETS.map((p) => `"${p.name}"`).join(", "),
    ),
  );
});

Deno.test("selectProvider() resolves presets without config, with keys from their env vars", () => {
  const ollama = selectProvider(configWith([]), { provider: "ollama", model: "qwen3-coder" }, {});
  assert.deepEqual(ollama, {
    provider: { name: "ollama", baseUrl: "http://localhost:11434/v1", models: [] },
    model: "qwen3-coder",
    origin: "preset",
  });
  const cpp = selectProvider(configWith([]), { provider: "llama.cpp", model: "m" }, {});
  assert.equal(cpp.provider.baseUrl, "http://localhost:8080/v1");
  const or = selectProvider(configWith([]), { provider: "openrouter", model: "x/y" }, {
    OPENROUTER_API_KEY: "sk-or",
  });
  assert.deepEqual(or.provider, {
    name: "openrouter",
    baseUrl: "https://openrouter.ai/api/v1",
    apiKey: "sk-or",
    models: [],
  });
  assert.throws(
    () => selectProvider(configWith([]), { provider: "openai", model: "gpt" }, {}),
    new ConfigError(`Provider "openai" needs an API key: set OPENAI_API_KEY or pass --api-key KEY`),
  );
});

Deno.test("selectProvider() lets a configured provider win over the preset of the same name", () => {
  const mine: ProviderConfig = { name: "Ollama", baseUrl: "http://gpu:11434/v1", models: ["q"] };
  assert.deepEqual(selectProvider(configWith([mine]), { provider: "ollama" }, {}), {
    provider: mine,
    model: "q",
    origin: "config",
  });
});

Deno.test("selectProvider() throws NoProviderError when nothing is configured or no model", () => {
  assert.throws(() => selectProvider(configWith([]), {}, {}), (err: unknown) => {
    assert.ok(err instanceof NoProviderError && err instanceof ConfigError);
    assert.equal(err.reason, "nothing_configured");
    assert.match(err.message, /^No provider configured: pass --provider NAME --model MODEL/);
    return true;
  });
  assert.throws(
    () => selectProvider(configWith([]), { provider: "ollama" }, {}),
    (err: unknown) => {
      assert.ok(err instanceof NoProviderError);
      assert.equal(err.reason, "no_model");
      assert.deepEqual(err.provider, {
        name: "ollama",
        baseUrl: "http://localhost:11434/v1",
        models: [],
      });
      assert.equal(
        err.message,
        `No model chosen for provider "ollama": pass --model NAME (or list "models" for it in agents.config.json)`,
      );
      return true;
    },
  );
});

Deno.test("selectProvider() rejects a --base-url that is not an http(s) URL", () => {
  assert.throws(
    () => selectProvider(configWith([]), { baseUrl: "localhost:11434", model: "m" }, {}),
    new ConfigError(
      `Invalid --base-url "localhost:11434": expected an http(s) URL such as http://localhost:11434/v1`,
    ),
  );
});

Deno.test("selectProvider() moves a named provider to --base-url, keeping its settings", () => {
  const sel = selectProvider(configWith([REMOTE]), {
    provider: "remote",
    baseUrl: "http://proxy:9000/v1",
  }, {});
  assert.deepEqual(sel, {
    provider: { ...REMOTE, baseUrl: "http://proxy:9000/v1" },
    model: "big",
    origin: "flags",
  });
});
