/**
 * What `diagnose()` finds out (`nanocoder doctor`): the facts, the checks made of them
 * (ok / warn / fail, one line each) and the verdict (would a `run` work, and which check
 * decides). Types only, so a frontend pays nothing to import them. `--json` prints a
 * DoctorReport as it is: fields are added, never renamed or removed.
 */
import type { ToolKind } from "../protocol.ts";

/** How a check came out. `info` states a fact that is neither good nor bad. */
export type CheckStatus = "ok" | "info" | "warn" | "fail";

/** The groups checks are shown in, in this order. */
export const CHECK_GROUPS = [
  "program",
  "permissions",
  "config",
  "trust",
  "providers",
  "tools",
  "mcp",
  "sandbox",
  "log",
] as const;
/** A group of checks. */
export type CheckGroup = (typeof CHECK_GROUPS)[number];

/** One line of the report. */
export interface DoctorCheck {
  group: CheckGroup;
  /** Stable id, e.g. `config.user:agents.config.json`, `provider.ollama`, `mcp.fs`. */
  id: string;
  status: CheckStatus;
  /** What was checked and what came out, one sentence. */
  message: string;
  /** What to do about it (a flag to pass, a command to run), when something is. */
  hint?: string;
}

/** Whether a `run` would work, and the check that decides it. */
export interface DoctorVerdict {
  ok: boolean;
  /** Id of the deciding check: the first failing one, else the provider that answers. */
  decidedBy: string;
  /** The deciding check's message. */
  reason: string;
}

/** The program and where it runs from. */
export interface ProgramFacts {
  version: string;
  deno: string;
  v8: string;
  typescript: string;
  os: string;
  arch: string;
  /** From the TypeScript sources, the bundle (`dist/main.js`) or a compiled binary. */
  runsFrom: "source" | "bundle" | "binary";
  /** The main module's URL. */
  entry: string;
}

/** The `why` of the hosts a run without any provider probes for a local model server. */
export const LOCAL_SERVER_SEARCH = "local server search";

/** One Deno permission as granted to this process. */
export interface PermissionFacts {
  name: "read" | "write" | "net" | "env" | "run" | "sys";
  /** `all`: granted without limits; `some`: only for some of `needed`; `none`. */
  state: "all" | "some" | "none";
  /** What nanocoder would use it for here (paths, hosts, commands), and whether granted. */
  needed: { scope: string; why: string; granted: boolean }[];
}

/** One place config is read from. */
export interface ConfigSourceFacts {
  /** A file path, or an environment variable's name. */
  source: string;
  /** `project`: the project's own file; `user`: the user's files and environment. */
  origin: "project" | "user";
  kind: "config" | "mcp" | "env" | "dotenv" | "preferences";
  status: "loaded" | "missing" | "unreadable" | "invalid";
  /** Why it is invalid or unreadable. */
  error?: string;
  /** Warnings that name this source (ignored settings, unset variables…). */
  warnings: string[];
}

/** Config: the sources, and warnings that belong to none of them. */
export interface ConfigFacts {
  sources: ConfigSourceFacts[];
  warnings: string[];
  /** The user config dir, when `--allow-read` leaves it out (skipped on purpose). */
  unreadableUserConfigDir?: string;
  /** A failure that stopped loading altogether (not one file's). */
  error?: string;
}

/** Whether the project's own files count in full. */
export interface TrustFacts {
  trusted: boolean;
  /** `flag` (--trust-directory), `env` (NANOCODER_TRUST_DIRECTORY), `store`, or `none`. */
  source: "flag" | "env" | "store" | "none";
  /** The preferences file holding `trustedDirectories`. */
  store?: string;
}

/** The provider and model a `run` would use. */
export interface SelectionFacts {
  provider?: string;
  model?: string;
  /** Where the choice came from: flags, env, config or a preset. */
  origin?: string;
  /** Why nothing could be chosen. */
  error?: string;
}

/** One provider asked for its models. */
export interface ProviderFacts {
  name: string;
  baseUrl: string;
  /** The one a `run` would use. */
  selected: boolean;
  /** `ok`: it listed its models; `skipped`: not asked (see `error`). */
  status: "ok" | "failed" | "skipped";
  /** The error code of a failure (`unreachable`, `unauthorized`, `timeout`…). */
  code?: string;
  error?: string;
  /** What it serves, when it answered. */
  models?: string[];
  /** The model checked: the selected one, else the provider's first. */
  model?: string;
  /** The model is among `models` (undefined when they are unknown). */
  modelListed?: boolean;
  contextWindow?: { tokens: number; source: string };
  ms?: number;
}

/** A local model server found with nothing configured. */
export interface LocalServerFacts {
  name: string;
  baseUrl: string;
  models: string[];
}

/** Tools the model would be offered, and those it would not (with the reason). */
export interface ToolFacts {
  enabled: { name: string; kind: ToolKind }[];
  disabled: { name: string; reason: string }[];
}

/** One MCP server, connected and closed again. */
export interface McpFacts {
  name: string;
  transport: string;
  state: "connected" | "failed" | "needs_login" | "disabled" | "connecting";
  tools: number;
  /** The command or URL. */
  target: string;
  error?: string;
}

/** The OS sandbox for shell commands. */
export interface SandboxFacts {
  /** `sandbox: true` in config or `--sandbox`. */
  enabled: boolean;
  available: boolean;
  tool?: string;
  reason?: string;
}

/** The log file. */
export interface LogFacts {
  file?: string;
  level: "debug" | "info" | "warn" | "error" | "off";
  tracing: boolean;
  /** `--allow-read` and `--allow-write` cover the log's folder. */
  writable: boolean;
}

/** Everything `diagnose()` found. */
export interface DoctorFacts {
  cwd: string;
  program: ProgramFacts;
  permissions: PermissionFacts[];
  config: ConfigFacts;
  trust?: TrustFacts;
  selection: SelectionFacts;
  providers: ProviderFacts[];
  localServers?: LocalServerFacts[];
  tools?: ToolFacts;
  mcp: McpFacts[];
  sandbox: SandboxFacts;
  log: LogFacts;
}

/** The whole report; `nanocoder doctor --json` prints it. */
export interface DoctorReport {
  kind: "doctor";
  verdict: DoctorVerdict;
  checks: DoctorCheck[];
  facts: DoctorFacts;
}

/** Options of `diagnose()`: the session flags, and how long to wait for servers. */
export interface DoctorOptions {
  cwd?: string;
  provider?: string;
  model?: string;
  baseUrl?: string;
  apiKey?: string;
  contextMax?: number;
  sandbox?: boolean;
  trustDirectory?: boolean;
  /** Per provider, for its model list (default 5 s). */
  providerTimeoutMs?: number;
  /** For all MCP servers to connect (default 10 s). */
  mcpTimeoutMs?: number;
}
