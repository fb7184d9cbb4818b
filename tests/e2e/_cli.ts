/**
 * Spawns the real CLI (`deno run main.ts ...`) in a temp project, isolated from the
 * user's config (HOME and XDG_CONFIG_HOME point into the temp dir).
 */
import { join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { isolatedEnv } from "../_helpers/isolated_env.ts";
import { BINARY_PERMISSIONS } from "../../scripts/compile.ts";

export const ROOT = fromFileUrl(new URL("../..", import.meta.url));
export const MAIN = join(ROOT, "main.ts");

/** All the permissions `deno task start` and the compiled binary have (without --no-prompt). */
export const FULL_PERMISSIONS = BINARY_PERMISSIONS.filter((flag) => flag !== "--no-prompt");

/** What a finished CLI process left. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of one CLI run. */
export interface CliOptions {
  cwd: string;
  permissions?: string[];
  env?: Record<string, string>;
  /** Default "null"; "piped" to write to the program's stdin. */
  stdin?: "null" | "piped";
}

/** Builds the command without running it. */
export function cliCommand(args: string[], options: CliOptions): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", ...(options.permissions ?? FULL_PERMISSIONS), "--no-prompt", MAIN, ...args],
    cwd: options.cwd,
    env: isolatedEnv(options.cwd, options.env),
    clearEnv: true,
    stdin: options.stdin ?? "null",
    stdout: "piped",
    stderr: "piped",
  });
}

/** Runs the CLI to the end. */
export async function runCli(args: string[], options: CliOptions): Promise<CliResult> {
  const out = await cliCommand(args, options).output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

/** Parses stream-json output: one JSON value per line. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout.trim().split("\n").filter(Boolean).map((line) => JSON.parse(line));
}
