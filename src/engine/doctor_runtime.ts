/**
 * The runtime part of `doctor`: the program and where it runs from, what Deno granted
 * (asked with `Deno.permissions.query`, never tried: a denied call could prompt), the OS
 * sandbox and the log file.
 */
import { dirname } from "node:path";
import { VERSION } from "../version.ts";
import { log } from "../log/mod.ts";
import { sandboxProgram, sandboxStatus } from "../tools/_private/sandbox.ts";
import type { LogFacts, PermissionFacts, ProgramFacts, SandboxFacts } from "./doctor_types.ts";

/** The program: version, Deno, and whether it runs from source, the bundle or a binary. */
export function programFacts(): ProgramFacts {
  const standalone = (Deno.build as { standalone?: boolean }).standalone === true;
  // This module is a .ts file from source and part of a .js chunk in the bundle.
  const fromSource = new URL(import.meta.url).pathname.endsWith(".ts");
  return {
    version: VERSION,
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    os: Deno.build.os,
    arch: Deno.build.arch,
    runsFrom: standalone ? "binary" : fromSource ? "source" : "bundle",
    entry: Deno.mainModule,
  };
}

/** One scope nanocoder would use a permission for, and why. */
export interface PermissionNeed {
  name: PermissionFacts["name"];
  /** A path, host or command; "" for the permission as a whole. */
  scope: string;
  why: string;
}

/** What Deno granted, for the permissions and the scopes nanocoder needs here. */
export async function permissionFacts(needs: PermissionNeed[]): Promise<PermissionFacts[]> {
  const names: PermissionFacts["name"][] = ["read", "write", "net", "env", "run", "sys"];
  return await Promise.all(names.map(async (name) => {
    const all = await granted(name, "");
    const needed = await Promise.all(
      needs.filter((n) => n.name === name).map(async (n) => ({
        scope: n.scope,
        why: n.why,
        granted: all || await granted(name, n.scope),
      })),
    );
    const state = all ? "all" : needed.some((n) => n.granted) ? "some" : "none";
    return { name, state, needed };
  }));
}

async function granted(name: PermissionFacts["name"], scope: string): Promise<boolean> {
  const descriptor: Deno.PermissionDescriptor = !scope
    ? { name }
    : name === "read" || name === "write"
    ? { name, path: scope }
    : name === "net"
    ? { name, host: scope }
    : name === "run"
    ? { name, command: scope }
    : name === "env"
    ? { name, variable: scope }
    : { name: "sys", kind: scope as Deno.SysPermissionDescriptor["kind"] };
  try {
    return (await Deno.permissions.query(descriptor)).state === "granted";
  } catch {
    return false;
  }
}

/** Whether shell commands can run in the OS sandbox here (tried only when allowed to). */
export async function sandboxFacts(enabled: boolean): Promise<SandboxFacts> {
  const program = sandboxProgram();
  if (!program) {
    return { enabled, available: false, reason: `no sandbox is available on "${Deno.build.os}"` };
  }
  if (!await granted("run", program)) {
    return {
      enabled,
      available: false,
      tool: program,
      reason: `running "${program}" is not allowed: add --allow-run=${program}`,
    };
  }
  const status = await sandboxStatus();
  return status.ok
    ? { enabled, available: true, tool: status.tool }
    : { enabled, available: false, tool: program, reason: status.reason };
}

/** The log file, the level in effect, and whether the log's folder may be written. */
export async function logFacts(): Promise<LogFacts> {
  const file = log.filePath;
  const levels = ["debug", "info", "warn", "error"] as const;
  const level = levels.find((l) => log.enabled(l)) ?? "off";
  const dir = file ? dirname(file) : undefined;
  const writable = dir !== undefined && await granted("read", dir) && await granted("write", dir);
  return { ...(file ? { file } : {}), level, tracing: log.tracing, writable };
}
