/**
 * The config part of `doctor`: the project loaded with every invalid source reported and
 * left out (so one broken file is named while the rest still counts), and each place
 * config is read from, with its state and the warnings that name it.
 */
import { join } from "node:path";
import {
  CONFIG_FILE_NAME,
  DOTENV_FILE_NAME,
  type Env,
  loadProjectConfig,
  MCP_FILE_NAME,
  processEnv,
  type ProjectConfig,
  trustStorePath,
  userConfigDir,
  userPreferencesPath,
} from "../config/mod.ts";
import type { ConfigError } from "../errors.ts";
import type { ConfigFacts, ConfigSourceFacts, TrustFacts } from "./doctor_types.ts";
import { projectDirectory } from "./project_dir.ts";

/** The project as a session would load it (or undefined), and what doctor reports. */
export interface ConfigDiagnosis {
  project?: ProjectConfig;
  config: ConfigFacts;
  trust?: TrustFacts;
}

/** Loads the project's config source by source; never throws. */
export async function diagnoseConfig(
  options: { cwd: string; trustDirectory?: boolean; sandbox?: boolean },
  env: Env = processEnv(),
): Promise<ConfigDiagnosis> {
  const invalid = new Map<string, string>();
  let project: ProjectConfig | undefined;
  let error: string | undefined;
  try {
    project = await loadProjectConfig({
      cwd: await projectDirectory(options.cwd),
      env,
      trustDirectory: options.trustDirectory,
      sandbox: options.sandbox,
      onInvalidSource: (source, e: ConfigError) => invalid.set(source, e.message),
    });
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const warnings = [...project?.warnings ?? []];
  const skipped = project?.unreadableUserConfigDir;
  const sources = await Promise.all(
    candidates(options.cwd, env, skipped).map((c) => describe(c, invalid, warnings, skipped)),
  );
  const unclaimed = warnings.filter((w) => !sources.some((s) => s.warnings.includes(w)));
  const config: ConfigFacts = {
    sources,
    warnings: unclaimed,
    ...(skipped ? { unreadableUserConfigDir: skipped } : {}),
    ...(error ? { error } : {}),
  };
  if (!project) return { config };
  const store = skipped ? undefined : trustStorePath({ env });
  return {
    project,
    config,
    trust: {
      trusted: project.trusted,
      source: project.trustSource,
      ...(store ? { store } : {}),
    },
  };
}

type Candidate = Pick<ConfigSourceFacts, "source" | "origin" | "kind"> & { file?: string };

/** Every place config may come from, in precedence order (highest first). */
function candidates(cwd: string, env: Env, skippedDir: string | undefined): Candidate[] {
  const list: Candidate[] = [];
  for (const name of ["NANOCODER_PROVIDERS", "NANOCODER_MCPSERVERS"]) {
    if (env[name]?.trim()) list.push({ source: name, origin: "user", kind: "env" });
    else if (env[`${name}_FILE`]) {
      const file = env[`${name}_FILE`]!;
      list.push({ source: file, origin: "user", kind: "env", file });
    }
  }
  if (!env.NANOCODER_IGNORE_PROJECT_CONFIG) {
    list.push(file(join(cwd, CONFIG_FILE_NAME), "project", "config"));
    list.push(file(join(cwd, MCP_FILE_NAME), "project", "mcp"));
  }
  list.push(file(join(cwd, DOTENV_FILE_NAME), "project", "dotenv"));
  const userDir = skippedDir ?? userConfigDir(env);
  if (userDir) {
    list.push(file(join(userDir, CONFIG_FILE_NAME), "user", "config"));
    list.push(file(join(userDir, MCP_FILE_NAME), "user", "mcp"));
    const prefs = userPreferencesPath(env, userDir);
    if (prefs) list.push(file(prefs, "user", "preferences"));
  }
  return list;
}

function file(path: string, origin: Candidate["origin"], kind: Candidate["kind"]): Candidate {
  return { source: path, origin, kind, file: path };
}

async function describe(
  candidate: Candidate,
  invalid: Map<string, string>,
  warnings: string[],
  skippedDir: string | undefined,
): Promise<ConfigSourceFacts> {
  const { file: path, ...base } = candidate;
  const own = warnings.filter((w) => w.includes(`"${candidate.source}"`));
  const facts = (status: ConfigSourceFacts["status"], error?: string): ConfigSourceFacts => ({
    ...base,
    status,
    ...(error ? { error } : {}),
    warnings: own,
  });
  const problem = invalid.get(candidate.source);
  if (problem) return facts("invalid", problem);
  if (!path) return facts("loaded");
  if (skippedDir && path.startsWith(skippedDir)) {
    return facts("unreadable", `no read permission (--allow-read=${skippedDir})`);
  }
  if (Deno.permissions.querySync({ name: "read", path }).state !== "granted") {
    return facts("unreadable", `no read permission (--allow-read=${path})`);
  }
  try {
    await Deno.stat(path);
  } catch {
    return facts("missing");
  }
  // Preferences and .env never stop a run: a broken one is reported in a warning.
  const broken = own.find((w) => /^(Invalid JSON|Invalid preferences|Cannot read|Skipped)/.test(w));
  if (broken) return { ...facts("invalid", broken), warnings: own.filter((w) => w !== broken) };
  return facts("loaded");
}
