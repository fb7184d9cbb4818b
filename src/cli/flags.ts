/** Global flags as commander parses them, and the engine options they stand for. */
import { InvalidArgumentError } from "commander";
import type { EngineOptions } from "../engine/mod.ts";

/** Global flags as commander parses them. */
export interface GlobalFlags {
  provider?: string;
  model?: string;
  baseUrl?: string;
  apiKey?: string;
  mode?: "normal" | "auto-accept" | "yolo" | "plan";
  trustDirectory?: boolean;
  contextMax?: number;
  maxTurns?: number;
  toolCalling?: "native" | "xml" | "json" | "auto";
  sandbox?: boolean;
  json?: boolean;
  outputFormat?: "text" | "json" | "stream-json";
  /** Absolute and checked once parsed (see cwd.ts). */
  cwd?: string;
  /** Continue the project's latest saved session. */
  continue?: boolean;
  /** A saved session to resume; `true` (or "") when given without one (a picker's job). */
  resume?: string | true;
  logLevel?: string;
  debug?: boolean;
  /**
   * Nanocoder's `--plain` (true) / `--no-plain` (false): `run` prints plain text either
   * way; for the terminal UI, a request for no UI chrome (nanocoder_flags.ts).
   */
  plain?: boolean;
  /** `--alt-screen` (true) / `--no-alt-screen` (false, wins): the terminal UI's screen. */
  altScreen?: boolean;
}

/** The session options the global flags ask for. */
export function engineOptions(flags: GlobalFlags): EngineOptions {
  return {
    cwd: flags.cwd,
    provider: flags.provider,
    model: flags.model,
    baseUrl: flags.baseUrl,
    apiKey: flags.apiKey,
    mode: flags.mode,
    contextMax: flags.contextMax,
    maxTurns: flags.maxTurns,
    toolCalling: flags.toolCalling,
    sandbox: flags.sandbox,
    trustDirectory: flags.trustDirectory,
    continue: flags.continue,
    resume: typeof flags.resume === "string" && flags.resume !== "" ? flags.resume : undefined,
  };
}

/** A commander parser for a positive whole number. */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    // Commander prints "option '--x <n>' argument 'v' is invalid." before this.
    throw new InvalidArgumentError("Expected a positive whole number.");
  }
  return n;
}
