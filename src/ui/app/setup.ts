/**
 * First run with nothing configured: find the model servers running on this machine
 * (Ollama, LM Studio, llama.cpp), or take the address of another OpenAI-compatible
 * server, let the person pick a model, and write the provider into agents.config.json —
 * the project's or the user's — keeping whatever else the file holds.
 */
import {
  type EngineOptions,
  findLocalServers,
  openEngine,
  saveProvider,
} from "../../engine/mod.ts";
import type { Controller } from "./controller.ts";
import { ask, askText } from "./dialogs.ts";

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
  const choice = await ask(store, {
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
  });
  if (!choice || choice === "exit") return undefined;
  let name: string;
  let baseUrl: string;
  let apiKey: string | undefined;
  let models: string[];
  const server = found.find((s) => s.name === choice);
  if (server) {
    ({ name, baseUrl, models } = server);
  } else {
    const url = await askText(store, {
      title: "Base URL of the server's OpenAI-compatible API",
      value: "http://localhost:8000/v1",
    });
    if (!url) return undefined;
    baseUrl = url.trim();
    apiKey = (await askText(store, { title: "API key (Enter for none)", secret: true }))?.trim() ||
      undefined;
    name = "custom";
    models = await serverModels(cwd, baseUrl, apiKey);
  }
  const model = models.length
    ? await ask(store, {
      title: "Which model?",
      items: models.map((m) => ({ label: m, value: m })),
      filterable: models.length > 8,
    })
    : await askText(store, { title: "The server lists no models: name the model to use" });
  if (!model) return undefined;
  const scope = await ask(store, {
    title: "Save this provider for",
    items: [
      { label: "This project", value: "project", hint: "./agents.config.json" },
      { label: "All my projects", value: "user", hint: "the user config dir" },
    ],
  });
  if (!scope) return undefined;
  try {
    const kept = [model, ...models.filter((m) => m !== model)].slice(0, 20);
    const path = await saveProvider(
      { name, baseUrl, models: kept, ...(apiKey ? { apiKey } : {}) },
      { scope: scope as "project" | "user", cwd },
    );
    store.notice("info", `Saved provider "${name}" (${baseUrl}) in ${path}`);
  } catch (error) {
    store.notice("warning", `Could not save the provider: ${(error as Error).message}`);
  }
  // A found server is also a preset (ollama, lmstudio, llamacpp); another server is used
  // by its address, so the session opens even when the file could not be written.
  return server ? { provider: name, model } : { baseUrl, apiKey, model };
}

/** The models a server lists (none when it cannot say). */
async function serverModels(cwd: string, baseUrl: string, apiKey?: string): Promise<string[]> {
  let engine;
  try {
    engine = await openEngine({ cwd, baseUrl, apiKey, modelOptional: true });
    const id = engine.submit({ type: "list_models" });
    for await (const event of engine.events()) {
      if (event.submissionId !== id) continue;
      if (event.type === "models") return event.models;
      if (event.type === "error") return [];
    }
    return [];
  } catch {
    return [];
  } finally {
    await engine?.close();
  }
}
