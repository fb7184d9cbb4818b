/**
 * What a project's own config may not do before the user trusts its directory: every
 * setting that widens what the agent may do (runs commands, skips approval, reaches
 * more files or hosts, turns the sandbox off) is dropped from the raw file before it is
 * validated, and named so the user is told once per file. Settings that only narrow
 * (`sandbox: true`, `bash.defaultTimeoutMs`, `disabledTools`) still count.
 */
import { joinPath } from "./expand.ts";

/** A raw settings object with the widening keys removed, and their labels. */
export interface Stripped {
  settings: Record<string, unknown>;
  /** One label per dropped key, e.g. `nanocoder.bash.allow` or `mcpServers (db, web)`. */
  ignored: string[];
}

/**
 * Keys of `agents.config.json` that run commands, approve tools, or choose where data
 * goes: dropped whole. `hooks`, `formatters` and `lspServers` are not implemented yet,
 * and are dropped here so they are gated the day they are.
 */
const WIDENING_KEYS = [
  "alwaysAllow",
  "allowedDirs",
  "mcpServers",
  "hooks",
  "formatters",
  "lspServers",
  "webSearch",
  // Nanocoder's spelling of a web search key (`nanocoderTools.webSearch.apiKey`).
  "nanocoderTools",
  "modeProviders",
] as const;

/** Nested keys dropped from their parent object: `[parent, key]`. */
const WIDENING_NESTED = [
  ["bash", "allow"],
  ["webFetch", "allowHosts"],
  ["sessions", "directory"],
] as const;

/**
 * Settings that make tool calls travel as text (`xml`/`json`), as values of a key. When
 * native calls are offered, a call the model writes as text may be one it is quoting from
 * a README or a web page, so it is always asked about; a project that switched calls to
 * text would turn that protection off. `native` and `auto` keep it, so they still count.
 */
const textCalls = {
  toolMode: (value: unknown) => value !== "native",
  disableNativeTools: (value: unknown) => value !== false,
  toolCalling: (value: unknown) => value !== "native" && value !== "auto",
  disableTools: (value: unknown) => value !== false,
  disableToolModels: (value: unknown) => !(Array.isArray(value) && value.length === 0),
};

/** Values of a mode that asks before writing or running: a project may start there. */
const ASKING_MODES = ["normal", "plan"];

/**
 * Keys dropped only when they widen: `sandbox: false` turns the user's sandbox off,
 * `true` keeps it on; `webFetch.allowPrivate` and `allowGitWrites` widen only as `true`;
 * `defaultMode` widens as `auto-accept` or `yolo` (the TUI and editors start in it); a
 * `tune` that sends calls as text (see `textCalls`).
 */
const WIDENING_VALUES: [path: readonly string[], widens: (value: unknown) => boolean][] = [
  [["sandbox"], (value) => value !== true],
  [["webFetch", "allowPrivate"], (value) => value !== false],
  [["allowGitWrites"], (value) => value !== false],
  [["defaultMode"], (v) => !ASKING_MODES.includes(String(v).trim().toLowerCase())],
  [["tune", "toolMode"], textCalls.toolMode],
  [["tune", "disableNativeTools"], textCalls.disableNativeTools],
];

/** A provider's keys dropped when they send its calls as text (its own `tune` too). */
const PROVIDER_WIDENING_VALUES: [path: readonly string[], widens: (value: unknown) => boolean][] = [
  [["toolCalling"], textCalls.toolCalling],
  [["disableTools"], textCalls.disableTools],
  [["disableToolModels"], textCalls.disableToolModels],
  [["tune", "toolMode"], textCalls.toolMode],
  [["tune", "disableNativeTools"], textCalls.disableNativeTools],
];

/** Drops the widening keys of an `agents.config.json` settings object found at `root`. */
export function stripWidening(settings: Record<string, unknown>, root: string): Stripped {
  const out = { ...settings };
  const ignored: string[] = [];
  for (const key of WIDENING_KEYS) {
    if (!(key in out)) continue;
    ignored.push(
      key === "webSearch" ? joinPath(root, key) : withNames(joinPath(root, key), out[key]),
    );
    delete out[key];
  }
  for (const [parent, key] of WIDENING_NESTED) {
    const object = out[parent];
    if (!isObject(object) || !(key in object)) continue;
    const { [key]: _dropped, ...rest } = object;
    out[parent] = rest;
    ignored.push(joinPath(joinPath(root, parent), key));
  }
  ignored.push(...dropValues(out, WIDENING_VALUES, root));
  if (Array.isArray(out.providers)) {
    out.providers = out.providers.map((provider, i) => {
      if (!isObject(provider)) return provider;
      const copy = { ...provider };
      const at = joinPath(joinPath(root, "providers"), i);
      ignored.push(...dropValues(copy, PROVIDER_WIDENING_VALUES, at));
      return copy;
    });
  }
  return { settings: out, ignored };
}

/**
 * Drops from `out` (in place; nested objects are copied, never changed) each value at a
 * path (one or two keys deep) that widens; returns their labels.
 */
function dropValues(
  out: Record<string, unknown>,
  values: typeof WIDENING_VALUES,
  root: string,
): string[] {
  const ignored: string[] = [];
  for (const [path, widens] of values) {
    const parent = path.length === 1 ? out : out[path[0]];
    const key = path[path.length - 1];
    if (!isObject(parent) || !(key in parent) || !widens(parent[key])) continue;
    const label = path.reduce((at, part) => joinPath(at, part), root);
    ignored.push(`${label}: ${JSON.stringify(parent[key])}`);
    if (parent === out) delete out[key];
    else {
      const { [key]: _dropped, ...rest } = parent;
      out[path[0]] = rest;
    }
  }
  return ignored;
}

/** The one warning for a project file whose `ignored` labels are listed. */
export function untrustedWarning(source: string, ignored: string[]): string {
  return `Ignored in "${source}" because this directory is not trusted: ` +
    `${ignored.join("; ")}. Trust it with --trust-directory (or ` +
    `NANOCODER_TRUST_DIRECTORY=1) to use them`;
}

/** Drops the servers of a project's `.mcp.json`. */
export function stripMcpServers(servers: unknown, root: string): string[] {
  return servers === undefined ? [] : [withNames(root, servers)];
}

/**
 * `mcpServers (db, web)`, `alwaysAllow (execute_bash)`: the label with the keys of an
 * object (servers, hook events by name), or the strings and `name`s of an array, so the
 * user sees what was dropped.
 */
function withNames(label: string, value: unknown): string {
  const names = Array.isArray(value)
    ? value.flatMap((item) =>
      typeof item === "string"
        ? [item]
        : isObject(item) && typeof item.name === "string"
        ? [item.name]
        : []
    )
    : isObject(value)
    ? Object.keys(value)
    : [];
  return names.length ? `${label} (${names.join(", ")})` : label;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
