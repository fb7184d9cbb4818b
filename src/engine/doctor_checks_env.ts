/**
 * Checks about the environment nanocoder runs in: the program, what Deno granted and
 * which tools follow from it, MCP servers, the sandbox, the log. None of them decides
 * whether a run works (doctor_checks.ts): they are `ok`, `info` or `warn`.
 */
import type { CheckGroup, CheckStatus, DoctorFacts, PermissionFacts } from "./doctor_types.ts";

/** How a check builder adds a check. */
export type Add = (
  group: CheckGroup,
  id: string,
  status: CheckStatus,
  message: string,
  hint?: string,
) => void;

/** "1 model", "3 models". */
export function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Program, permissions, tools, MCP, sandbox and log checks. */
export function environmentChecks(facts: DoctorFacts, add: Add, short: (p: string) => string) {
  const { program } = facts;
  add(
    "program",
    "program.version",
    "info",
    `nanocoder ${program.version} on Deno ${program.deno} (V8 ${program.v8}, TypeScript ` +
      `${program.typescript}), ${program.os}/${program.arch}`,
  );
  const from = program.runsFrom === "binary"
    ? "a compiled binary"
    : program.runsFrom === "bundle"
    ? "the bundle"
    : "source";
  add("program", "program.runs_from", "info", `Runs from ${from}: ${program.entry}`);
  for (const permission of facts.permissions) permissionCheck(permission, add, short);
  toolChecks(facts, add);
  mcpChecks(facts, add);
  sandboxCheck(facts, add);
  logCheck(facts, add, short);
}

const PERMISSION_USE: Record<PermissionFacts["name"], string> = {
  read: "file tools, config",
  write: "file tools, log",
  net: "providers, web tools, MCP over HTTP",
  env: "config variables and keys from the environment",
  run: "execute_bash, ripgrep, stdio MCP servers, the sandbox",
  sys: "not needed",
};

function permissionCheck(p: PermissionFacts, add: Add, short: (p: string) => string): void {
  const id = `permission.${p.name}`;
  const flag = `--allow-${p.name}`;
  if (p.state === "all") {
    add("permissions", id, "ok", `${flag}: granted (${PERMISSION_USE[p.name]})`);
    return;
  }
  const missing = p.needed.filter((n) => !n.granted);
  const grantedScopes = p.needed.filter((n) => n.granted).map((n) => short(n.scope));
  // Deno answers only for the scopes asked about: with none granted among them, some
  // other scope may still be (--allow-net=host:port), so "not granted" alone would lie.
  const only = grantedScopes.length
    ? `granted for ${grantedScopes.join(", ")}`
    : "not granted in full";
  if (p.name === "sys") {
    add("permissions", id, "info", `${flag}: ${only} (not needed)`);
    return;
  }
  if (p.name === "env") {
    add(
      "permissions",
      id,
      "warn",
      `${flag}: ${only}: \${VAR} in config, NANOCODER_* and keys in the environment are not read`,
      "add --allow-env",
    );
    return;
  }
  if (!p.needed.length) {
    add("permissions", id, "info", `${flag}: ${only} (${PERMISSION_USE[p.name]})`);
    return;
  }
  if (!missing.length) {
    add("permissions", id, "ok", `${flag}: ${only}`);
    return;
  }
  const lacks = byReason(missing, short);
  const wanted = [...new Set(p.needed.map((n) => n.scope))];
  add(
    "permissions",
    id,
    "warn",
    grantedScopes.length
      ? `${flag}: ${only}; not for ${lacks}`
      : `${flag}: not granted for ${lacks}`,
    `to allow them: ${flag}=${wanted.join(",")}`,
  );
}

/** "a, b (why), c (other why)": scopes wanted for the same reason named together. */
function byReason(needs: PermissionFacts["needed"], short: (p: string) => string): string {
  const groups = new Map<string, string[]>();
  for (const n of needs) groups.set(n.why, [...(groups.get(n.why) ?? []), short(n.scope)]);
  return [...groups].map(([why, scopes]) => `${scopes.join(", ")} (${why})`).join(", ");
}

function toolChecks(facts: DoctorFacts, add: Add): void {
  const tools = facts.tools;
  if (!tools) return;
  add(
    "tools",
    "tools.enabled",
    tools.enabled.length ? "ok" : "warn",
    `${count(tools.enabled.length, "tool")} offered to the model: ` +
      (tools.enabled.map((t) => t.name).join(", ") || "none"),
  );
  for (const tool of tools.disabled) {
    // A permission left out is worth a warning; a tool nobody configured is a fact.
    const status = /^Needs /.test(tool.reason) ? "warn" : "info";
    add("tools", `tools.${tool.name}`, status, `${tool.name} is off: ${tool.reason}`);
  }
}

function mcpChecks(facts: DoctorFacts, add: Add): void {
  if (!facts.mcp.length) {
    add("mcp", "mcp", "info", "No MCP servers configured (or none this directory may start)");
    return;
  }
  for (const server of facts.mcp) {
    const id = `mcp.${server.name}`;
    const name = `"${server.name}" (${server.transport}: ${server.target})`;
    switch (server.state) {
      case "connected":
        add("mcp", id, "ok", `${name}: connected, ${count(server.tools, "tool")}`);
        break;
      case "needs_login":
        add(
          "mcp",
          id,
          "warn",
          `${name}: needs a sign-in`,
          `run: nanocoder mcp login ${server.name}`,
        );
        break;
      case "disabled": {
        const byPermission = /^Needs /.test(server.error ?? "");
        const why = server.error ?? "disabled in config";
        add("mcp", id, byPermission ? "warn" : "info", `${name}: off: ${why}`);
        break;
      }
      default:
        add("mcp", id, "warn", `${name}: ${server.error ?? server.state}`);
    }
  }
}

function sandboxCheck(facts: DoctorFacts, add: Add): void {
  const { sandbox } = facts;
  if (sandbox.enabled && sandbox.available) {
    add("sandbox", "sandbox", "ok", `On: shell commands run under ${sandbox.tool}`);
  } else if (sandbox.enabled) {
    add(
      "sandbox",
      "sandbox",
      "warn",
      `On, but not usable: ${sandbox.reason}; every shell command will be refused`,
    );
  } else if (sandbox.available) {
    add(
      "sandbox",
      "sandbox",
      "info",
      `Off; ${sandbox.tool} works here`,
      '--sandbox (or "sandbox": true) confines shell commands',
    );
  } else {
    add("sandbox", "sandbox", "info", `Off, and not available: ${sandbox.reason}`);
  }
}

function logCheck(facts: DoctorFacts, add: Add, short: (p: string) => string): void {
  const { log } = facts;
  const tracing = log.tracing ? ", requests traced (--debug)" : "";
  if (!log.file) {
    add("log", "log", "warn", "No log file: no home directory is known (set HOME)");
  } else if (log.level === "off") {
    add("log", "log", "info", `Off (--log-level off); the file would be ${short(log.file)}`);
  } else if (!log.writable) {
    const dir = log.file.replace(/[\\/][^\\/]*$/, "");
    add(
      "log",
      "log",
      "warn",
      `Level ${log.level}, but ${short(log.file)} cannot be written: logging is off`,
      `grant --allow-read=${dir} --allow-write=${dir}`,
    );
  } else {
    add("log", "log", "ok", `Level ${log.level}${tracing}: ${short(log.file)}`);
  }
}
