/**
 * Configuration: Nanocoder-compatible config files, `.env` and env vars, the trust
 * boundary (what a project's own files may do before the user trusts it), preferences,
 * provider selection from flags, presets for well-known servers, and a probe for local
 * model servers.
 */
export { loadProjectConfig, type ProjectConfig, type ProjectConfigOptions } from "./project.ts";
export { loadConfig, type LoadConfigOptions } from "./load.ts";
export {
  decideTrust,
  isTrusted,
  type TrustDecision,
  trustDirectory,
  type TrustOptions,
  type TrustSource,
  type TrustStoreOptions,
  trustStorePath,
} from "./trust.ts";
export {
  type LoadedPreferences,
  loadPreferences,
  type LoadPreferencesOptions,
  type Preferences,
  PREFERENCES_FILE_NAME,
  readPreferences,
  recordLastUsed,
  updatePreferences,
  userPreferencesPath,
} from "./preferences.ts";
export { type DotEnv, DOTENV_FILE_NAME, readDotEnv } from "./env_file.ts";
export {
  NoProviderError,
  type ProviderFlags,
  type ProviderSelection,
  selectProvider,
} from "./select.ts";
export {
  formatProbeReport,
  type FoundServer,
  LOCAL_SERVERS,
  type LocalServerName,
  probeLocalServers,
  type ProbeOptions,
} from "./probe.ts";
export {
  findPreset,
  PROVIDER_PRESETS,
  providerNameForUrl,
  type ProviderPreset,
} from "./presets.ts";
export { CONFIG_FILE_NAME, type Env, MCP_FILE_NAME, processEnv, userConfigDir } from "./paths.ts";
export type * from "./types.ts";
export { DEFAULT_BASH, DEFAULT_WEB_FETCH } from "./types.ts";
