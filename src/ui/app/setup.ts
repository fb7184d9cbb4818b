/**
 * First run with nothing configured: find the model servers running on this machine
 * (Ollama, LM Studio, llama.cpp), or take the address of another OpenAI-compatible
 * server, let the person pick a model, and write the provider into agents.config.json —
 * the project's or the user's — keeping whatever else the file holds.
 *
 * Each step's Esc goes back one step (the first one's leaves). A server that cannot be
 * asked for its models says why (down, timed out, key refused) on the step that can fix
 * it. A typed API key goes to the user's own config unless the person chooses the
 * project's file, where it is written as `${NANOCODER_API_KEY}` or, if they say so, as
 * it is.
 */
import {
  type EngineOptions,
  findLocalServers,
  listServerModels,
  type LocalServer,
  type ProviderEntry,
  saveProvider,
  userConfigDirectory,
} from "../../engine/mod.ts";
import type { Controller } from "./controller.ts";
import { ask, askText } from "./dialogs.ts";
import { saveChoices, savedNotices } from "./setup_save.ts";

/** What the placeholder of the address field offers (vLLM's and many proxies' default). */
const DEFAULT_URL = "http://localhost:8000/v1";

type Step = "server" | "url" | "key" | "model" | "scope";

/** What has been chosen so far. */
interface Draft {
  server?: LocalServer;
  name: string;
  baseUrl: string;
  apiKey?: string;
  models: string[];
  model?: string;
  /** Why the last attempt to list models failed, shown on the step that can fix it. */
  problem?: string;
}

/** The session options for what was chosen, or undefined when the person left. */
export async function runSetup(
  c: Controller,
  options: EngineOptions,
): Promise<Partial<EngineOptions> | undefined> {
  const store = c.store;
  const cwd = options.cwd ?? Deno.cwd();
  store.state.starting = "Looking for model servers on this machine…";
  store.changed(true);
  const found = await findLocalServers();
  const draft: Draft = { name: "custom", baseUrl: "", models: [] };
  let step: Step = "server";
  for (;;) {
    switch (step) {
      case "server": {
        const choice = await askServer(c, found);
        if (!choice || choice === "exit") return undefined;
        const before = draft.server;
        draft.server = found.find((s) => s.name === choice);
        if (draft.server) {
          const { name, baseUrl, models } = draft.server;
          Object.assign(draft, { name, baseUrl, models, apiKey: undefined });
          step = "model";
        } else {
          // A found server's address is not a typed one to edit.
          Object.assign(draft, {
            name: "custom",
            models: [],
            baseUrl: before ? "" : draft.baseUrl,
          });
          step = "url";
        }
        break;
      }
      case "url": {
        const url = await askText(store, {
          title: "Base URL of the server's OpenAI-compatible API",
          body: draft.problem ? [draft.problem] : undefined,
          value: draft.baseUrl,
          placeholder: DEFAULT_URL,
        });
        draft.problem = undefined;
        if (url === undefined) step = "server";
        else {
          draft.baseUrl = url.trim();
          // Said here, about the address typed (the engine would name --base-url).
          draft.problem = addressProblem(draft.baseUrl);
          if (!draft.problem) step = "key";
        }
        break;
      }
      case "key": {
        const key = await askText(store, {
          title: "API key (Enter for none)",
          body: draft.problem ? [draft.problem] : undefined,
          value: draft.apiKey,
          secret: true,
        });
        draft.problem = undefined;
        if (key === undefined) step = "url";
        else {
          draft.apiKey = key.trim() || undefined;
          step = await listModels(c, options, draft);
        }
        break;
      }
      case "model": {
        const model = await askModel(c, draft);
        if (model === undefined) step = draft.server ? "server" : "key";
        else if (model) {
          draft.model = model;
          step = "scope";
        }
        break;
      }
      case "scope": {
        const saved = await save(c, cwd, draft);
        if (saved) return saved;
        step = "model";
      }
    }
  }
}

/** Why a typed address cannot be a server's API, or undefined when it can. */
function addressProblem(url: string): string | undefined {
  try {
    const { protocol } = new URL(url);
    if (protocol === "http:" || protocol === "https:") return undefined;
  } catch { /* not a URL at all */ }
  return `"${url}" is not an http(s) address: type one such as ${DEFAULT_URL}`;
}

function askServer(c: Controller, found: LocalServer[]): Promise<string | undefined> {
  return ask(c.store, {
    title: "No model provider is configured yet",
    body: found.length ? ["Found on this machine:"] : [
      "No model server answered here (Ollama :11434, LM Studio :1234, llama.cpp :8080).",
      "Start one and run nanocoder again, or give the address of a server.",
    ],
    items: [
      ...found.map((s) => ({
        label: `${s.label} at ${s.baseUrl}`,
        value: s.name,
        hint: s.models.length ? s.models.slice(0, 3).join(", ") : "no models yet",
      })),
      { label: "Another OpenAI-compatible server…", value: "url" },
      { label: "Exit", value: "exit" },
    ],
    escape: "exit",
  });
}

/**
 * Asks the typed server for its models; the next step: the model, or back to the
 * address (or the key, when it was refused) with the reason.
 */
async function listModels(c: Controller, options: EngineOptions, draft: Draft): Promise<Step> {
  c.store.state.starting = `Asking ${draft.baseUrl} for its models…`;
  c.store.changed(true);
  try {
    draft.models = await listServerModels({
      ...options,
      baseUrl: draft.baseUrl,
      apiKey: draft.apiKey,
      modelOptional: true,
    });
    return "model";
  } catch (error) {
    const message = (error as Error).message;
    const refused = (error as { code?: string }).code === "unauthorized";
    draft.problem = refused
      ? `The key was refused: ${message}`
      : `${message}\nFix the address, or Enter to try again.`;
    return refused ? "key" : "url";
  }
}

function askModel(c: Controller, draft: Draft): Promise<string | undefined> {
  if (draft.models.length === 0) {
    return askText(c.store, {
      title: "The server lists no models: name the model to use",
      value: draft.model,
    }).then((name) => name?.trim());
  }
  return ask(c.store, {
    title: "Which model?",
    items: draft.models.map((m) => ({ label: m, value: m })),
    selected: Math.max(0, draft.models.indexOf(draft.model ?? "")),
    filterable: draft.models.length > 8,
  });
}

/** Asks where to save, saves, and says where; undefined when Esc went back. */
async function save(
  c: Controller,
  cwd: string,
  draft: Draft,
): Promise<Partial<EngineOptions> | undefined> {
  const model = draft.model ?? "";
  const choices = saveChoices(!!draft.apiKey, await userConfigDirectory());
  const scope = await ask(c.store, {
    title: "Save this provider for",
    body: draft.apiKey ? ["Where should the API key go?"] : undefined,
    items: choices.map(({ label, value, hint }) => ({ label, value, hint })),
  });
  const chosen = choices.find((choice) => choice.value === scope);
  if (!chosen) return undefined;
  const kept = [model, ...draft.models.filter((m) => m !== model)].slice(0, 20);
  const entry: ProviderEntry = { name: draft.name, baseUrl: draft.baseUrl, models: kept };
  const apiKey = chosen.key === "reference" ? "${NANOCODER_API_KEY}" : draft.apiKey;
  if (apiKey) entry.apiKey = apiKey;
  try {
    const path = await saveProvider(entry, { scope: chosen.scope, cwd });
    for (const [kind, text] of savedNotices(draft.name, draft.baseUrl, path, chosen)) {
      c.store.notice(kind, text);
    }
  } catch (error) {
    c.store.notice("warning", `Could not save the provider: ${(error as Error).message}`);
  }
  // A found server is also a preset (ollama, lmstudio, llamacpp); another server is used
  // by its address (and the key typed), so the session opens even when nothing was saved.
  return draft.server
    ? { provider: draft.name, model }
    : { baseUrl: draft.baseUrl, apiKey: draft.apiKey, model };
}
