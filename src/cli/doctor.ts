/**
 * `nanocoder doctor`: the engine's diagnosis, printed grouped with one line per check
 * (ok / info / warn / fail, and what to do on the line below), readable in 80 columns;
 * `--json` prints the whole report as one object (README, "nanocoder doctor"). Exits 0
 * when a `run` with the same flags would work, 1 otherwise, and says which check decides.
 */
import { engineOptions, type GlobalFlags } from "./flags.ts";
import { EXIT } from "./exit_codes.ts";
import { CHECK_GROUPS, diagnose, type DoctorCheck, type DoctorReport } from "../engine/mod.ts";
import { redact } from "../log/mod.ts";

/** Runs the checks and prints them; resolves to the exit code. */
export async function doctorCommand(flags: GlobalFlags): Promise<number> {
  const { cwd, provider, model, baseUrl, apiKey, contextMax, sandbox, trustDirectory } =
    engineOptions(flags);
  const report = await diagnose({
    cwd,
    provider,
    model,
    baseUrl,
    apiKey,
    contextMax,
    sandbox,
    trustDirectory,
  });
  // Servers' error messages may quote a key: nothing leaves unredacted.
  const safe = redact(report) as DoctorReport;
  if (flags.json || flags.outputFormat === "json") console.log(JSON.stringify(safe));
  else console.log(formatReport(safe, { color: useColor() }));
  return safe.verdict.ok ? EXIT.ok : EXIT.error;
}

/** Width the text report is wrapped to. */
export const REPORT_WIDTH = 80;

const TITLES: Record<(typeof CHECK_GROUPS)[number], string> = {
  program: "Program",
  permissions: "Permissions (what Deno granted)",
  config: "Config",
  trust: "Trust",
  providers: "Providers",
  tools: "Tools",
  mcp: "MCP servers",
  sandbox: "Sandbox",
  log: "Log",
};

const COLORS: Record<DoctorCheck["status"], string> = {
  ok: "\x1b[32m",
  info: "\x1b[2m",
  warn: "\x1b[33m",
  fail: "\x1b[31m",
};

/** The report as text: a title per group, a status column, wrapped messages, the verdict. */
export function formatReport(report: DoctorReport, options: { color?: boolean } = {}): string {
  const paint = (status: DoctorCheck["status"], text: string) =>
    options.color ? `${COLORS[status]}${text}\x1b[0m` : text;
  const lines = [`nanocoder doctor: ${report.facts.cwd}`];
  for (const group of CHECK_GROUPS) {
    const checks = report.checks.filter((c) => c.group === group);
    if (!checks.length) continue;
    lines.push("", TITLES[group]);
    for (const check of checks) {
      const label = paint(check.status, check.status.padEnd(4));
      const body = wrap(check.message, REPORT_WIDTH - 8);
      lines.push(`  ${label}  ${body[0]}`, ...body.slice(1).map((l) => `${" ".repeat(8)}${l}`));
      if (check.hint) {
        lines.push(...wrap(`→ ${check.hint}`, REPORT_WIDTH - 8).map((l) => `${" ".repeat(8)}${l}`));
      }
    }
  }
  const { verdict } = report;
  // The deciding check is above, with its message: name it, do not repeat it.
  const result = verdict.ok
    ? `Result: a run would work (decided by ${verdict.decidedBy}).`
    : `Result: a run would fail (decided by ${verdict.decidedBy}, marked "fail" above).`;
  lines.push("", ...wrap(result, REPORT_WIDTH).map((l) => paint(verdict.ok ? "ok" : "fail", l)));
  return lines.join("\n");
}

/** Word-wraps `text` to `width` columns; a word longer than a line (a URL) stands alone. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(" ")) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}

function useColor(): boolean {
  return Deno.stdout.isTerminal() && !Deno.noColor;
}
