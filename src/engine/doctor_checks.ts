/**
 * Facts into checks, and the verdict. The rule the statuses follow: `fail` means a `run`
 * with these flags would fail (an invalid config source, no provider, the provider
 * unreachable or without the model), `warn` means something works less than it could (a
 * permission left out, an MCP server down, a provider that is not the one in use), `ok`
 * and `info` are facts. So the verdict is simply: no `fail`, and the first `fail` decides.
 */
import type {
  CheckStatus,
  ConfigSourceFacts,
  DoctorCheck,
  DoctorFacts,
  DoctorVerdict,
  ProviderFacts,
} from "./doctor_types.ts";
import { CHECK_GROUPS, LOCAL_SERVER_SEARCH } from "./doctor_types.ts";
import { type Add, count, environmentChecks } from "./doctor_checks_env.ts";

/** Paths are shown relative to the project (`./x`) and the home directory (`~/x`). */
export interface CheckContext {
  home?: string;
}

/** Every check, grouped in CHECK_GROUPS order. */
export function buildChecks(facts: DoctorFacts, ctx: CheckContext = {}): DoctorCheck[] {
  const checks: DoctorCheck[] = [];
  const add: Add = (group, id, status, message, hint) =>
    checks.push({ group, id, status, message, ...(hint ? { hint } : {}) });
  const short = shortener(facts.cwd, ctx.home);
  configChecks(facts, add, short);
  trustChecks(facts, add, short);
  providerChecks(facts, add);
  environmentChecks(facts, add, short);
  return CHECK_GROUPS.flatMap((group) => checks.filter((c) => c.group === group));
}

/** The first failing check decides; else the selected provider that answers. */
export function verdictOf(checks: DoctorCheck[]): DoctorVerdict {
  const failed = checks.find((c) => c.status === "fail");
  if (failed) return { ok: false, decidedBy: failed.id, reason: failed.message };
  const provider = checks.find((c) => c.id.startsWith("provider.") && c.status === "ok");
  return provider
    ? { ok: true, decidedBy: provider.id, reason: provider.message }
    : { ok: false, decidedBy: "provider.selection", reason: "No provider answered" };
}

/** Shortens absolute paths for display: the project as `.`, the home as `~`. */
export function shortener(cwd: string, home?: string): (path: string) => string {
  return (path) => {
    if (path === cwd) return ".";
    if (path.startsWith(`${cwd}/`)) return `./${path.slice(cwd.length + 1)}`;
    if (home && path.startsWith(`${home}/`)) return `~/${path.slice(home.length + 1)}`;
    return path;
  };
}

const KIND_WORDS: Record<ConfigSourceFacts["kind"], string> = {
  config: "config",
  mcp: "MCP servers",
  env: "environment",
  dotenv: ".env",
  preferences: "preferences",
};

function configChecks(facts: DoctorFacts, add: Add, short: (p: string) => string): void {
  const { config } = facts;
  if (config.error) add("config", "config.load", "fail", config.error);
  const skippedDir = config.unreadableUserConfigDir;
  if (skippedDir) {
    add(
      "config",
      "config.user_dir",
      "warn",
      `Your config dir ${short(skippedDir)} is outside --allow-read: its config, MCP ` +
        `servers and preferences (trusted directories) are skipped`,
      `to use them, add it: --allow-read=${facts.cwd},${skippedDir}`,
    );
  }
  const missing: string[] = [];
  for (const source of config.sources) {
    const id = `config.${source.origin}:${source.source}`;
    const what = `${short(source.source)} (${source.origin} ${KIND_WORDS[source.kind]})`;
    // Preferences and .env are read leniently: a broken one never stops a run.
    const breaks = source.kind !== "preferences" && source.kind !== "dotenv";
    switch (source.status) {
      case "missing":
        missing.push(short(source.source));
        break;
      case "loaded":
        add("config", id, "ok", `${what}: loaded`);
        break;
      case "unreadable":
        if (skippedDir && source.source.startsWith(skippedDir)) break;
        add("config", id, breaks ? "fail" : "warn", `${what}: ${source.error}`);
        break;
      case "invalid":
        add(
          "config",
          id,
          breaks ? "fail" : "warn",
          source.error ?? `${what}: invalid`,
          breaks ? "fix the file: a run stops on it" : undefined,
        );
        break;
    }
    source.warnings.forEach((w, i) => add("config", `${id}#${i + 1}`, "warn", w));
  }
  config.warnings.forEach((w, i) => add("config", `config.warning#${i + 1}`, "warn", w));
  if (missing.length) add("config", "config.missing", "info", `Not found: ${missing.join(", ")}`);
}

function trustChecks(facts: DoctorFacts, add: Add, short: (p: string) => string): void {
  const trust = facts.trust;
  if (!trust) return;
  const store = trust.store ? short(trust.store) : undefined;
  const where = store ? ` (trust is stored in ${store})` : "";
  if (trust.trusted) {
    const why = trust.source === "flag"
      ? "--trust-directory"
      : trust.source === "env"
      ? "NANOCODER_TRUST_DIRECTORY"
      : `listed in ${store ?? "your preferences"}`;
    add("trust", "trust", "ok", `This directory is trusted (${why})`);
    return;
  }
  add(
    "trust",
    "trust",
    "info",
    `This directory is not trusted: its own agents.config.json, .mcp.json and .env may ` +
      `not widen what the agent does${where}`,
    "pass --trust-directory, or add it to trustedDirectories in your preferences",
  );
}

function providerChecks(facts: DoctorFacts, add: Add): void {
  const { selection } = facts;
  if (selection.error) {
    add("providers", "provider.selection", "fail", `No provider to run with: ${selection.error}`);
  } else {
    add(
      "providers",
      "provider.selection",
      "info",
      `A run uses provider "${selection.provider}" with model "${selection.model}" ` +
        `(from ${selection.origin})`,
    );
  }
  for (const provider of facts.providers) {
    const [status, message, hint] = describeProvider(provider);
    add("providers", `provider.${provider.name}`, status, message, hint);
  }
  if (facts.localServers?.length === 0) add("providers", "provider.local", "info", noLocal(facts));
  for (const found of facts.localServers ?? []) {
    const model = found.models[0] ?? "MODEL";
    add(
      "providers",
      `provider.local:${found.name}`,
      "info",
      `Found ${found.name} at ${found.baseUrl} (${count(found.models.length, "model")})`,
      `nanocoder --provider ${found.name} --model ${model} run "…"`,
    );
  }
}

function describeProvider(p: ProviderFacts): [CheckStatus, string, string?] {
  const name = `"${p.name}" (${p.baseUrl})`;
  const bad: CheckStatus = p.selected ? "fail" : "warn";
  if (p.status === "skipped") return ["info", `${name}: ${p.error}`];
  if (p.status === "failed") {
    const error = p.error ?? "failed";
    const named = error.includes(`"${p.name}"`) ? error : `"${p.name}": ${error}`;
    return [bad, named, providerHint(p)];
  }
  const models = p.models ?? [];
  const some = models.length
    ? ` (${models.slice(0, 5).join(", ")}${models.length > 5 ? ", …" : ""})`
    : "";
  const answers = `${name} answers in ${p.ms} ms with ${count(models.length, "model")}${some}`;
  if (!p.model) {
    return [bad, `${answers}, but no model is chosen`, "pass --model, or list models in config"];
  }
  if (p.modelListed === false) {
    return [
      bad,
      `${answers}, but not model "${p.model}"`,
      p.selected ? "pass --model with one of them" : undefined,
    ];
  }
  const window = p.contextWindow
    ? `; context window ${p.contextWindow.tokens.toLocaleString("en-US")} tokens ` +
      `(${p.contextWindow.source})`
    : "";
  return ["ok", `${answers}; model "${p.model}"${window}`];
}

/** The client's messages already say what to do, except after a silent timeout. */
function providerHint(p: ProviderFacts): string | undefined {
  return p.code === "timeout"
    ? "is the server overloaded, or behind a firewall that drops packets?"
    : undefined;
}

/** Why no local server was found: none answered, or --allow-net kept doctor from asking. */
function noLocal(facts: DoctorFacts): string {
  const search = facts.permissions.find((p) => p.name === "net")?.needed
    .filter((n) => n.why === LOCAL_SERVER_SEARCH) ?? [];
  const denied = search.filter((n) => !n.granted).map((n) => n.scope);
  if (!denied.length) {
    return "No local model server answered on its default port (Ollama 11434, LM Studio 1234, " +
      "llama.cpp 8080)";
  }
  const asked = search.filter((n) => n.granted).map((n) => n.scope);
  const notAsked = `on ${denied.join(", ")}: --allow-net does not include ${
    denied.length === 1 ? "it" : "them"
  }`;
  return asked.length
    ? `No local model server answered on ${asked.join(", ")}; did not look ${notAsked}`
    : `Did not look for a local model server ${notAsked}`;
}
