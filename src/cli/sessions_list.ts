/** `nanocoder sessions`: this project's saved sessions (every project's with `--all`), newest first. */
import type { GlobalFlags } from "./flags.ts";
import { EXIT } from "./exit_codes.ts";
import { listSessions, type SessionInfo } from "../engine/mod.ts";
import { ConfigError } from "../errors.ts";

/** Prints the listing; resolves to the exit code. */
export async function sessionsListCommand(
  flags: GlobalFlags,
  options: { all?: boolean },
): Promise<number> {
  let sessions: SessionInfo[];
  try {
    sessions = await listSessions(flags.cwd!, { all: options.all });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`error: ${error.message}`);
    return EXIT.error;
  }
  if (flags.json || flags.outputFormat === "json") {
    console.log(JSON.stringify(sessions.map(({ file: _, ...info }) => info)));
    return EXIT.ok;
  }
  if (sessions.length === 0) {
    console.log(options.all ? "No saved sessions." : "No saved sessions in this project.");
    return EXIT.ok;
  }
  console.log(formatSessions(sessions, options.all === true));
  return EXIT.ok;
}

/** The listing as a table: number (for --resume N), short id, time, prompts, model, title. */
export function formatSessions(sessions: readonly SessionInfo[], withProject: boolean): string {
  const rows = sessions.map((s, i) => [
    String(i + 1),
    s.id.slice(0, 8),
    localTime(s.updatedAt),
    String(s.prompts),
    s.model || "-",
    ...(withProject ? [s.cwd] : []),
    s.title || "(no prompt)",
  ]);
  const head = [
    "#",
    "ID",
    "UPDATED",
    "PROMPTS",
    "MODEL",
    ...(withProject ? ["PROJECT"] : []),
    "TITLE",
  ];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) =>
      c === cells.length - 1
        ? cell
        : c === 0 || c === 3
        ? cell.padStart(widths[c])
        : cell.padEnd(widths[c])
    ).join("  ");
  return [line(head), ...rows.map(line)].join("\n");
}

/** `YYYY-MM-DD HH:MM` in local time. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${
    p(d.getMinutes())
  }`;
}
