/**
 * `diagnose()`: everything a person asks when something is wrong, found out the way a
 * session would — config source by source, trust, the provider a `run` would use and
 * every other one (asked for their models, in parallel, each with a short timeout), the
 * tools the registry would offer and why others are off, MCP servers (connected, then
 * closed), what Deno granted, the sandbox, the log file — then turned into checks and a
 * verdict (doctor_checks.ts).
 */
import { join } from "node:path";
import {
  type Env,
  LOCAL_SERVERS,
  processEnv,
  type ProjectConfig,
  userConfigDir,
} from "../config/mod.ts";
import { createBuiltinRegistry } from "../tools/mod.ts";
import { log } from "../log/mod.ts";
import { diagnoseConfig } from "./doctor_config.ts";
import { diagnoseProviders } from "./doctor_providers.ts";
import {
  logFacts,
  permissionFacts,
  type PermissionNeed,
  programFacts,
  sandboxFacts,
} from "./doctor_runtime.ts";
import { buildChecks, verdictOf } from "./doctor_checks.ts";
import type {
  DoctorFacts,
  DoctorOptions,
  DoctorReport,
  McpFacts,
  ProviderFacts,
  ToolFacts,
} from "./doctor_types.ts";
import { LOCAL_SERVER_SEARCH } from "./doctor_types.ts";
import { startMcp } from "./mcp.ts";
import { configSecrets, registerSecrets } from "./secrets.ts";
import { sandboxProgram } from "../tools/_private/sandbox.ts";

/** Where probeLocalServers looks (its default host). */
const LOCAL_PROBE_HOST = "127.0.0.1";

/** Default wait for all MCP servers to connect. */
export const MCP_TIMEOUT_MS = 10_000;

/** Finds out what works and what does not; never throws for what it finds. */
export async function diagnose(options: DoctorOptions = {}): Promise<DoctorReport> {
  const env = processEnv();
  const cwd = options.cwd ?? Deno.cwd();
  const configPart = await diagnoseConfig({ ...options, cwd }, env);
  const project = configPart.project;
  if (project) registerSecrets(configSecrets(project.config), env);
  const [providersPart, tools, mcp, sandbox, logPart] = await Promise.all([
    project
      ? diagnoseProviders(project.config, options, project.env, options.providerTimeoutMs)
      : { selection: { error: "the config could not be loaded" }, providers: [] },
    project ? toolFacts(project) : undefined,
    project ? mcpFacts(project, options.mcpTimeoutMs ?? MCP_TIMEOUT_MS) : [],
    sandboxFacts(project?.config.sandbox ?? options.sandbox ?? false),
    logFacts(),
  ]);
  const facts: DoctorFacts = {
    cwd: project?.cwd ?? cwd,
    program: programFacts(),
    permissions: await permissionFacts(
      permissionNeeds(cwd, env, project, providersPart, logPart.file),
    ),
    config: configPart.config,
    ...(configPart.trust ? { trust: configPart.trust } : {}),
    ...providersPart,
    ...(tools ? { tools } : {}),
    mcp,
    sandbox,
    log: logPart,
  };
  const checks = buildChecks(facts, { home: env.HOME ?? env.USERPROFILE });
  const verdict = verdictOf(checks);
  log.info("doctor", { ok: verdict.ok, decidedBy: verdict.decidedBy });
  return { kind: "doctor", verdict, checks, facts };
}

/** The built-in tools a session here would offer, and the others with the reason. */
async function toolFacts(project: ProjectConfig): Promise<ToolFacts> {
  const registry = await createBuiltinRegistry(project.config, { cwd: project.cwd });
  return {
    enabled: registry.list().map((t) => ({ name: t.name, kind: t.kind })),
    disabled: registry.disabled(),
  };
}

/** Connects every MCP server (at most `timeoutMs` in all), notes its state, closes it. */
async function mcpFacts(project: ProjectConfig, timeoutMs: number): Promise<McpFacts[]> {
  if (Object.keys(project.mcpServers).length === 0) return [];
  const manager = await startMcp(project.mcpServers, project.cwd, {
    roots: [project.cwd, ...project.config.allowedDirs],
  });
  try {
    const statuses = await manager.ready(timeoutMs);
    return statuses.map((s) => ({
      name: s.name,
      transport: s.transport,
      state: s.state === "closed" ? "failed" : s.state,
      tools: s.toolCount,
      target: s.target,
      ...(s.state === "connecting"
        ? { error: `did not connect within ${timeoutMs / 1000} s` }
        : s.lastError
        ? { error: s.lastError }
        : {}),
    }));
  } finally {
    await manager.close();
  }
}

/** The paths, hosts and commands nanocoder would use here, for the permission report. */
function permissionNeeds(
  cwd: string,
  env: Env,
  project: ProjectConfig | undefined,
  { providers, localServers }: { providers: ProviderFacts[]; localServers?: unknown[] },
  logFile: string | undefined,
): PermissionNeed[] {
  const needs: PermissionNeed[] = [
    { name: "read", scope: cwd, why: "file tools" },
    { name: "write", scope: cwd, why: "file tools" },
  ];
  const userDir = userConfigDir(env);
  if (userDir) needs.push({ name: "read", scope: userDir, why: "your config" });
  if (logFile) {
    const dir = join(logFile, "..");
    needs.push({ name: "read", scope: dir, why: "log" }, { name: "write", scope: dir, why: "log" });
  }
  for (const provider of providers) {
    const host = hostOf(provider.baseUrl);
    if (host) needs.push({ name: "net", scope: host, why: `provider ${provider.name}` });
  }
  // With no provider at all, a run (and doctor) looks for a local server on these.
  if (localServers) {
    for (const { port } of Object.values(LOCAL_SERVERS)) {
      needs.push({ name: "net", scope: `${LOCAL_PROBE_HOST}:${port}`, why: LOCAL_SERVER_SEARCH });
    }
  }
  needs.push({ name: "run", scope: "bash", why: "execute_bash" });
  const sandbox = sandboxProgram();
  if (project?.config.sandbox && sandbox) {
    needs.push({ name: "run", scope: sandbox, why: "sandbox" });
  }
  for (const [name, server] of Object.entries(project?.mcpServers ?? {})) {
    const host = "url" in server ? hostOf(server.url) : undefined;
    if (host) needs.push({ name: "net", scope: host, why: `MCP ${name}` });
    else if ("command" in server) {
      needs.push({ name: "run", scope: server.command, why: `MCP ${name}` });
    }
  }
  return needs;
}

/** `host:port` of a URL, as `--allow-net` takes it. */
function hostOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === "https:" ? "443" : "80")}`;
  } catch {
    return undefined;
  }
}
