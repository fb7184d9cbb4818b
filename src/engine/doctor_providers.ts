/**
 * The providers part of `doctor`: which provider and model a `run` would use, and every
 * provider asked for its model list (in parallel, each with a short timeout) and its
 * model's context window. Only the model list is asked for, never a chat completion, so a
 * hosted API bills nothing. A provider only an untrusted project defines is not contacted
 * unless it is the one selected: the project chose that host.
 */
import type { Env, NanocoderConfig, ProviderConfig } from "../config/mod.ts";
import { NoProviderError, probeLocalServers, selectProvider } from "../config/mod.ts";
import { createChatClient } from "../ai/client.ts";
import { profileFor } from "../ai/providers/mod.ts";
import { resolveContextWindow } from "../tokenize/context_window.ts";
import { CancelledError, PermissionDeniedError, ProviderError } from "../errors.ts";
import type { LocalServerFacts, ProviderFacts, SelectionFacts } from "./doctor_types.ts";
import type { ProviderChoice } from "./provider.ts";

/** Default wait for one provider's model list. */
export const PROVIDER_TIMEOUT_MS = 5_000;

/** What the providers part found. */
export interface ProvidersDiagnosis {
  selection: SelectionFacts;
  providers: ProviderFacts[];
  localServers?: LocalServerFacts[];
}

/** Selects like a run would, then asks every provider; never throws. */
export async function diagnoseProviders(
  config: NanocoderConfig,
  choice: ProviderChoice & { contextMax?: number },
  env: Env,
  timeoutMs = PROVIDER_TIMEOUT_MS,
): Promise<ProvidersDiagnosis> {
  let selected: { provider: ProviderConfig; model: string } | undefined;
  let selection: SelectionFacts;
  let localServers: LocalServerFacts[] | undefined;
  try {
    const chosen = selectProvider(config, choice, env);
    selected = chosen;
    selection = { provider: chosen.provider.name, model: chosen.model, origin: chosen.origin };
  } catch (error) {
    selection = { error: messageOf(error) };
    if (error instanceof NoProviderError && error.reason === "nothing_configured") {
      localServers = (await probeLocalServers()).map(({ name, baseUrl, models }) => ({
        name,
        baseUrl,
        models,
      }));
    }
    if (error instanceof NoProviderError && error.provider) {
      selected = { provider: error.provider, model: "" };
      selection.provider = error.provider.name;
    }
  }
  const others = config.providers.filter((p) =>
    p.name !== selected?.provider.name && !config.untrustedProviders?.includes(p.name)
  );
  const asked = [
    ...(selected ? [{ ...selected, selected: true }] : []),
    ...others.map((provider) => ({ provider, model: provider.models[0] ?? "", selected: false })),
  ];
  const providers = await Promise.all(
    asked.map((p) =>
      askProvider(p.provider, p.model, p.selected, {
        timeoutMs,
        contextMax: p.selected ? choice.contextMax : undefined,
      })
    ),
  );
  const skipped = (config.untrustedProviders ?? []).filter((name) =>
    name !== selected?.provider.name
  ).map((name): ProviderFacts => {
    const provider = config.providers.find((p) => p.name === name)!;
    return {
      name,
      baseUrl: provider.baseUrl,
      selected: false,
      status: "skipped",
      error: "defined only by this directory's own config, which is not trusted: not contacted",
    };
  });
  return {
    selection,
    providers: [...providers, ...skipped],
    ...(localServers ? { localServers } : {}),
  };
}

/** Lists one provider's models and resolves its model's window. */
async function askProvider(
  provider: ProviderConfig,
  wanted: string,
  selected: boolean,
  opts: { timeoutMs: number; contextMax?: number },
): Promise<ProviderFacts> {
  const facts: ProviderFacts = {
    name: provider.name,
    baseUrl: provider.baseUrl,
    selected,
    status: "ok",
  };
  const started = performance.now();
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  try {
    facts.models = await createChatClient(provider).listModels(timeout);
  } catch (error) {
    facts.status = "failed";
    if (timeout.aborted) {
      facts.code = "timeout";
      facts.error = `Provider "${provider.name}" (${provider.baseUrl}) did not list its models ` +
        `within ${opts.timeoutMs / 1000} s`;
    } else {
      facts.code = error instanceof ProviderError
        ? error.code
        : error instanceof PermissionDeniedError
        ? "permission"
        : error instanceof CancelledError
        ? "cancelled"
        : "error";
      facts.error = messageOf(error);
    }
  }
  facts.ms = Math.round(performance.now() - started);
  // The selected provider without a model is what a run fails on: no model is made up.
  const model = wanted || (selected ? undefined : facts.models?.[0]);
  if (!model) return facts;
  facts.model = model;
  if (facts.models) facts.modelListed = listed(facts.models, model, provider);
  if (facts.status === "ok") {
    facts.contextWindow = await resolveContextWindow(provider, model, {
      cliMax: opts.contextMax,
      timeoutMs: opts.timeoutMs,
    });
  }
  return facts;
}

/**
 * Whether the server serves `model`: listed as is, or as Ollama's `:latest` tag; llama.cpp
 * answers to any model name with the model it has loaded.
 */
function listed(models: string[], model: string, provider: ProviderConfig): boolean {
  if (models.includes(model) || models.includes(`${model}:latest`)) return true;
  return profileFor(provider).id === "llamacpp" && models.length > 0;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
