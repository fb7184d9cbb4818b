/**
 * First run: whether a session can start with what is configured, the model servers
 * running on this machine, and writing the provider a person picked into
 * `agents.config.json` (the project's or the user's) without losing anything else the
 * file holds.
 */
import { join } from "node:path";
import {
  CONFIG_FILE_NAME,
  type FoundServer,
  LOCAL_SERVERS,
  NoProviderError,
  probeLocalServers,
  processEnv,
  selectProvider,
  userConfigDir,
} from "../config/mod.ts";
import { parseJsonText } from "../config/json_file.ts";
import { readConfigForUpdate } from "../config/project_file.ts";
import { atomicWrite } from "../tools/_private/atomic_write.ts";
import { ConfigError, ProviderError } from "../errors.ts";
import type { EngineOptions } from "./options.ts";
import { loadProjectConfig } from "./project.ts";
import { chooseProvider, modelsToChooseFrom } from "./provider.ts";

/** What must be set up before a session can open. */
export type SetupNeed =
  /** A provider and model are known. */
  | { kind: "none" }
  /** No provider at all: find one and write it down. */
  | { kind: "provider" }
  /** A provider without any model: open with `modelOptional` and let the person pick. */
  | { kind: "model"; provider: string };

/** Decides from the config, flags and environment (trust applied) what is missing. */
export async function setupNeed(options: EngineOptions): Promise<SetupNeed> {
  const project = await loadProjectConfig(options);
  try {
    selectProvider(project.config, options, project.env);
    return { kind: "none" };
  } catch (error) {
    if (!(error instanceof NoProviderError)) throw error;
    if (error.reason === "no_model" && error.provider) {
      return { kind: "model", provider: error.provider.name };
    }
    return { kind: "provider" };
  }
}

/** A model server found on this machine, with a name a person recognises. */
export interface LocalServer extends FoundServer {
  label: string;
}

/** Looks for Ollama, LM Studio and llama.cpp on their default ports (never throws). */
export async function findLocalServers(): Promise<LocalServer[]> {
  const found = await probeLocalServers();
  return found.map((server) => ({ ...server, label: LOCAL_SERVERS[server.name].label }));
}

/**
 * The models the server a session with these options would use lists (its address and
 * key as given, the config's provider otherwise; trust applied), for a person to pick
 * one. [] when the server answered without a list: ask for a name. Throws the
 * ProviderError (`code` "unreachable", "timeout", "unauthorized") or
 * PermissionDeniedError when no model name would help: show its message, ask again.
 */
export async function listServerModels(options: EngineOptions): Promise<string[]> {
  const project = await loadProjectConfig(options);
  const { provider } = await chooseProvider(project.config, options, project.env, true);
  const models = await modelsToChooseFrom(provider);
  if (models.length > 0 || /\/v1\/?$/.test(provider.baseUrl)) return models;
  // Typed without /v1 (http://localhost:8080), most servers answer 404: if the /v1 of the
  // address lists models, the address is what needs fixing, not the model's name.
  const withV1 = `${provider.baseUrl.replace(/\/+$/, "")}/v1`;
  const there = await modelsToChooseFrom({ ...provider, baseUrl: withV1 }).catch(() => []);
  if (there.length === 0) return models;
  throw new ProviderError(
    `${provider.baseUrl} lists no models, but ${withV1} does (${there.length}): the address ` +
      "should end in /v1",
    { code: "bad_request" },
  );
}

/** A provider entry as agents.config.json holds it. */
export interface ProviderEntry {
  name: string;
  baseUrl: string;
  models: string[];
  apiKey?: string;
}

/** Where the provider is written: the project's file or the user's. */
export interface SaveProviderOptions {
  scope: "project" | "user";
  cwd: string;
  /** The user config dir; default as Nanocoder (tests point it elsewhere). */
  userConfigDir?: string;
}

/** The file `saveProvider` writes for a scope, or undefined when no user dir is known. */
export function providerConfigPath(options: SaveProviderOptions): string | undefined {
  if (options.scope === "project") return join(options.cwd, CONFIG_FILE_NAME);
  const dir = options.userConfigDir ?? userConfigDir(processEnv());
  return dir ? join(dir, CONFIG_FILE_NAME) : undefined;
}

/**
 * Adds `entry` to `nanocoder.providers` of the chosen agents.config.json (replacing a
 * provider of the same name) and writes it atomically, keeping every other key. A file
 * with a key in it is made private to the user. Returns the path written; throws
 * ConfigError when the file is not valid JSON (left as it is) or cannot be written.
 */
export async function saveProvider(
  entry: ProviderEntry,
  options: SaveProviderOptions,
): Promise<string> {
  const path = providerConfigPath(options);
  if (!path) {
    throw new ConfigError("Cannot save the provider: no user config directory is known (set HOME)");
  }
  let data: Record<string, unknown> = {};
  // The project's file is the project's: only a regular file inside it is read.
  const text = await readConfigForUpdate(
    path,
    options.scope === "project" ? options.cwd : undefined,
  );
  if (text?.trim()) {
    const parsed = parseJsonText(text, path);
    if (!isObject(parsed)) throw new ConfigError(`Invalid config "${path}": not a JSON object`);
    data = parsed;
  }
  const nanocoder = isObject(data.nanocoder) ? data.nanocoder : {};
  const providers = Array.isArray(nanocoder.providers) ? nanocoder.providers : [];
  const kept = providers.filter((p) => !(isObject(p) && p.name === entry.name));
  const written = { name: entry.name, baseUrl: entry.baseUrl, models: entry.models };
  if (entry.apiKey) Object.assign(written, { apiKey: entry.apiKey });
  data.nanocoder = { ...nanocoder, providers: [...kept, written] };
  const bytes = new TextEncoder().encode(JSON.stringify(data, null, 2) + "\n");
  try {
    await atomicWrite(path, bytes, { mode: entry.apiKey ? 0o600 : 0o644 });
    if (entry.apiKey && Deno.build.os !== "windows") await Deno.chmod(path, 0o600);
  } catch (error) {
    throw new ConfigError(`Cannot write "${path}": ${(error as Error).message}`, { cause: error });
  }
  return path;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
