/**
 * Nanocoder's documented config examples (tests/fixtures/nanocoder_docs), placed where
 * Nanocoder reads them, and the ways a test looks at their effect: the config loaded from
 * the project, the request a provider sends (to the mock, whatever host the example names:
 * the fetch below records the URL and hands the request to the mock's route of the same
 * wire), and an engine session opened in the project.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Env,
  loadProjectConfig,
  type ProjectConfig,
  selectProvider,
} from "../../src/config/mod.ts";
import { createChatClient } from "../../src/ai/client.ts";
import { type Engine, type EngineOptions, openEngine } from "../../src/engine/mod.ts";
import type { MockLlm, RecordedRequest } from "../_helpers/mock_llm.ts";

const DIR = fileURLToPath(new URL("../fixtures/nanocoder_docs/", import.meta.url));

/** One documented example, as the manifest lists it. */
export interface DocExample {
  id: string;
  file: string;
  /** Nanocoder's file it comes from, and the heading it sits under. */
  source: string;
  heading: string;
  /** Where Nanocoder reads it (see the manifest's `about`). */
  place: string;
}

/** Every example, in the manifest's order. */
export async function docExamples(): Promise<DocExample[]> {
  return JSON.parse(await Deno.readTextFile(join(DIR, "manifest.json"))).examples;
}

/** The example's text, exactly as the docs have it. */
export function exampleText(example: DocExample): Promise<string> {
  return Deno.readTextFile(join(DIR, example.file));
}

/** A project and a user config dir for one example. */
export interface DocProject {
  project: string;
  user: string;
  /** The environment the example runs with (the user's shell). */
  env: Env;
}

/**
 * A fresh project and user config dir; `files` are written into the project (objects as
 * JSON, parent directories made).
 */
export async function docProject(
  files: Record<string, string | unknown> = {},
  env: Env = {},
): Promise<DocProject & AsyncDisposable> {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-docs-" }));
  const project = join(root, "project");
  const user = join(root, "user");
  await Deno.mkdir(project);
  await Deno.mkdir(user);
  for (const [name, content] of Object.entries(files)) await write(project, name, content);
  return {
    project,
    user,
    env: { HOME: root, NANOCODER_CONFIG_DIR: user, ...env },
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

async function write(dir: string, name: string, content: string | unknown): Promise<void> {
  const path = join(dir, name);
  await Deno.mkdir(join(path, ".."), { recursive: true });
  await Deno.writeTextFile(
    path,
    typeof content === "string" ? content : JSON.stringify(content, null, 2),
  );
}

/** A fresh project with `example` in place, and `dotenv` as its `.env` when given. */
export async function placeExample(
  example: DocExample,
  options: { dotenv?: Record<string, string>; files?: Record<string, string> } = {},
): Promise<DocProject & AsyncDisposable> {
  const dp = await docProject(options.files);
  const { project, user, env } = dp;
  const text = await exampleText(example);
  const [kind] = example.place.split("#");
  switch (example.place) {
    case "agents.config.json":
    case ".mcp.json":
      await write(project, kind, text);
      break;
    case ".env":
      await write(project, ".env", text);
      break;
    case "nanocoder-preferences.json":
      await write(user, "nanocoder-preferences.json", text);
      break;
    case "agents.config.json#providers[]":
      await write(project, kind, { nanocoder: { providers: [JSON.parse(text)] } });
      break;
    case "agents.config.json#providers[OpenRouter]":
      await write(project, kind, {
        nanocoder: { providers: [{ ...OPENROUTER_ENTRY, ...JSON.parse(text) }] },
      });
      break;
    case ".mcp.json#mcpServers":
      await write(project, kind, { mcpServers: JSON.parse(text) });
      break;
    case ".mcp.json#mcpServers.<server>":
      await write(project, kind, {
        mcpServers: { example: { command: "example-server", ...JSON.parse(text) } },
      });
      break;
    case "env:NANOCODER_PROVIDERS":
    case "env:NANOCODER_MCPSERVERS":
      env[example.place.slice(4)] = text.trim();
      break;
    default:
      throw new Error(`Unknown place "${example.place}" of ${example.id}`);
  }
  if (options.dotenv) {
    const lines = Object.entries(options.dotenv).map(([k, v]) => `${k}=${v}`);
    await write(project, ".env", lines.join("\n") + "\n");
  }
  return dp;
}

/** The OpenRouter provider entry an `openrouter` slice of the docs sits in (their full example's). */
export const OPENROUTER_ENTRY = {
  name: "OpenRouter",
  baseUrl: "https://openrouter.ai/api/v1",
  apiKey: "${OPENROUTER_API_KEY}",
  models: ["anthropic/claude-4.5-sonnet"],
};

/** The project's config as the engine gets it: a trusted directory, as a Nanocoder user's is. */
export function loadDocProject(dp: DocProject): Promise<ProjectConfig> {
  return loadProjectConfig({
    cwd: dp.project,
    env: dp.env,
    trustDirectory: true,
    userConfigDir: dp.user,
  });
}

/** What one chat request of the configured provider looked like. */
export interface WireCapture {
  /** The URL the client asked for (the documented host), before the mock took it. */
  url: string;
  request: RecordedRequest;
  project: ProjectConfig;
}

/**
 * Sends one chat request the way the engine does (config → selectProvider →
 * createChatClient) and returns what went out. `mock` answers in place of the host.
 */
export async function wireRequest(dp: DocProject, mock: MockLlm): Promise<WireCapture> {
  const project = await loadDocProject(dp);
  const { provider, model } = selectProvider(project.config, {}, project.env);
  const urls: string[] = [];
  const client = createChatClient(provider, { fetch: toMock(mock, urls) });
  const before = mock.chatRequests().length;
  await client.chat({
    model,
    messages: [{ role: "system", content: "S" }, { role: "user", content: "hi" }],
    contextWindow: 32_768,
  });
  return { url: urls[0], request: mock.chatRequests()[before], project };
}

/** A fetch that records the URL asked for and sends the request to the mock's route of that wire. */
export function toMock(mock: MockLlm, urls: string[]): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    urls.push(url.href);
    const path = url.pathname;
    const target = path.endsWith("/chat/completions")
      ? `${mock.url}/chat/completions`
      : path.endsWith("/messages")
      ? `${mock.url}/messages`
      : path.includes("/models/") && path.includes(":")
      ? `${mock.root}/v1beta/models/${path.split("/models/")[1]}${url.search}`
      : path.endsWith("/api/chat")
      ? `${mock.root}/api/chat`
      : `${mock.root}/not-a-chat-route${path}`;
    return fetch(target, init);
  };
}

/**
 * Opens an engine session in the example's project with its environment (the engine
 * reads the process's: set for the opening only, then restored).
 */
export async function openDocEngine(dp: DocProject, options: EngineOptions): Promise<Engine> {
  const saved = new Map(Object.keys(dp.env).map((k) => [k, Deno.env.get(k)]));
  for (const [k, v] of Object.entries(dp.env)) if (v !== undefined) Deno.env.set(k, v);
  try {
    return await openEngine({ cwd: dp.project, trustDirectory: true, ...options });
  } finally {
    for (const [k, v] of saved) v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
  }
}
