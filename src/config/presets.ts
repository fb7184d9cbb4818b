/**
 * Providers users name without configuring them: `--provider ollama --model qwen3-coder`
 * works with no config file, `--provider anthropic` with only ANTHROPIC_API_KEY set. A
 * configured provider of the same name wins; a configured provider of a preset's name
 * without a `baseUrl` takes the preset's URL and wire.
 */
import type { ProviderConfig } from "./types.ts";
import type { Env } from "./paths.ts";

/** A well-known model server. */
export interface ProviderPreset {
  name: string;
  baseUrl: string;
  /** Other spellings users type, lower case (Nanocoder's display names among them). */
  aliases: string[];
  /** Env vars that may hold the API key of a hosted service, first found wins. */
  apiKeyEnv?: readonly string[];
  /** The wire when it is not OpenAI's chat completions. */
  sdkProvider?: "anthropic" | "google";
}

/**
 * The presets, local servers first, then the hosted services Nanocoder's provider wizard
 * offers (base URLs as in its templates and docs/configuration/providers), plus DeepSeek
 * and Moonshot. The key variables are those the services' own tools read.
 */
export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  { name: "ollama", baseUrl: "http://localhost:11434/v1", aliases: [] },
  { name: "lmstudio", baseUrl: "http://localhost:1234/v1", aliases: ["lm-studio", "lm studio"] },
  {
    name: "llamacpp",
    baseUrl: "http://localhost:8080/v1",
    aliases: ["llama.cpp", "llama-cpp", "llama-server"],
  },
  { name: "vllm", baseUrl: "http://localhost:8000/v1", aliases: [] },
  { name: "mlx", baseUrl: "http://localhost:8080/v1", aliases: ["mlx server", "mlx-server"] },
  { name: "localai", baseUrl: "http://localhost:8080/v1", aliases: [] },
  { name: "llama-swap", baseUrl: "http://localhost:9292/v1", aliases: ["llamaswap"] },
  { name: "atomic-chat", baseUrl: "http://127.0.0.1:1337/v1", aliases: ["atomic chat"] },
  hosted("openrouter", "https://openrouter.ai/api/v1", ["OPENROUTER_API_KEY"]),
  hosted("openai", "https://api.openai.com/v1", ["OPENAI_API_KEY"]),
  {
    ...hosted("anthropic", "https://api.anthropic.com/v1", ["ANTHROPIC_API_KEY"]),
    aliases: ["claude", "anthropic claude"],
    sdkProvider: "anthropic",
  },
  {
    ...hosted("gemini", "https://generativelanguage.googleapis.com/v1beta", [
      "GEMINI_API_KEY",
      "GOOGLE_API_KEY",
    ]),
    aliases: ["google", "google gemini"],
    sdkProvider: "google",
  },
  {
    ...hosted("kimi-code", "https://api.kimi.com/coding/v1", ["KIMI_API_KEY"]),
    aliases: ["kimi code", "kimi"],
    sdkProvider: "anthropic",
  },
  {
    ...hosted("minimax", "https://api.minimax.io/anthropic/v1", ["MINIMAX_API_KEY"]),
    aliases: ["minimax coding", "minimax-coding", "minimax coding plan"],
    sdkProvider: "anthropic",
  },
  {
    ...hosted("zai", "https://api.z.ai/api/paas/v4", ["ZAI_API_KEY", "ZAI_AUTH_TOKEN"]),
    aliases: ["z.ai", "z-ai"],
  },
  {
    ...hosted("zai-coding", "https://api.z.ai/api/coding/paas/v4", [
      "ZAI_CODING_API_KEY",
      "ZAI_CODING_AUTH_TOKEN",
    ]),
    aliases: ["z.ai coding", "z-ai-coding", "z.ai coding subscription"],
  },
  hosted("moonshot", "https://api.moonshot.ai/v1", ["MOONSHOT_API_KEY"]),
  hosted("deepseek", "https://api.deepseek.com/v1", ["DEEPSEEK_API_KEY"]),
  { ...hosted("mistral", "https://api.mistral.ai/v1", ["MISTRAL_API_KEY"]), aliases: [] },
  hosted("groq", "https://api.groq.com/openai/v1", ["GROQ_API_KEY"]),
  {
    ...hosted("together", "https://api.together.ai/v1", ["TOGETHER_API_KEY"]),
    aliases: ["together ai", "together-ai"],
  },
  hosted("requesty", "https://router.requesty.ai/v1", ["REQUESTY_API_KEY"]),
  hosted("orcarouter", "https://api.orcarouter.ai/v1", ["ORCAROUTER_API_KEY"]),
  {
    ...hosted("github-models", "https://models.github.ai/inference", [
      "GITHUB_MODELS_TOKEN",
      "GITHUB_TOKEN",
    ]),
    aliases: ["github models"],
  },
  hosted("poe", "https://api.poe.com/v1", ["POE_API_KEY"]),
  {
    ...hosted("atlas-cloud", "https://api.atlascloud.ai/v1", ["ATLASCLOUD_API_KEY"]),
    aliases: ["atlas cloud", "atlascloud"],
  },
  {
    ...hosted("thesean", "https://api.thesean.ai", ["THESEAN_API_KEY"]),
    aliases: ["thesean ai"],
    sdkProvider: "anthropic",
  },
];

function hosted(name: string, baseUrl: string, apiKeyEnv: string[]): ProviderPreset {
  return { name, baseUrl, aliases: [], apiKeyEnv };
}

/** The key for `preset` from the first of its variables that is set in `env`. */
export function presetKey(preset: ProviderPreset, env: Env): string | undefined {
  for (const name of preset.apiKeyEnv ?? []) {
    const value = env[name];
    if (value) return value;
  }
  return undefined;
}

/** The preset called `name` (case-insensitive, aliases included). */
export function findPreset(name: string): ProviderPreset | undefined {
  const key = name.trim().toLowerCase();
  return PROVIDER_PRESETS.find((p) => p.name === key || p.aliases.includes(key));
}

/** A ProviderConfig from a preset; the API key comes from its env vars when set. */
export function presetProvider(preset: ProviderPreset, env: Env): ProviderConfig {
  const apiKey = presetKey(preset, env);
  return {
    name: preset.name,
    ...(preset.sdkProvider ? { sdkProvider: preset.sdkProvider } : {}),
    baseUrl: preset.baseUrl,
    ...(apiKey ? { apiKey } : {}),
    models: [],
  };
}

/**
 * A name for a provider known only by its URL: the preset whose host and port match
 * (`ollama` for :11434 on any host, `openrouter` for openrouter.ai), else `custom`.
 */
export function providerNameForUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return "custom";
  }
  for (const preset of PROVIDER_PRESETS) {
    const known = new URL(preset.baseUrl);
    const local = known.hostname === "localhost" || known.hostname === "127.0.0.1";
    if (local ? url.port === known.port : url.hostname === known.hostname) return preset.name;
  }
  return "custom";
}
