/**
 * A tool call as lines of text: a title line, then its result — a coloured diff for
 * edits, the exit code and the output's tail for commands, the tool's own summary
 * (match counts, lines read) for the rest. Compact by default; `expanded` shows it all.
 * Decided by the call's activity and data, never by its name.
 */
import type { ToolView } from "../state/tool_view.ts";
import { changeDiff, type DiffLine, diffStats, parseUnifiedDiff, renderDiff } from "./diff.ts";
import { style } from "./theme.ts";
import { outputLine } from "./visible.ts";
import { wrapLines } from "./wrap.ts";
import cliTruncate from "cli-truncate";

/** How much of a call to show. */
export interface ToolLinesOptions {
  width: number;
  expanded: boolean;
  /** Marker of a call still running (a spinner frame). */
  spinner?: string;
}

const COMPACT = { diff: 12, output: 4, text: 1 };
const EXPANDED = { diff: 400, output: 200, text: 60 };

/** The lines of one call. */
export function toolLines(view: ToolView, options: ToolLinesOptions): string[] {
  const { width } = options;
  const limits = options.expanded ? EXPANDED : COMPACT;
  const out = [cliTruncate(`${marker(view, options.spinner)} ${titleOf(view)}`, width)];
  const result = resultLines(view, limits, width - 5);
  result.forEach((line, i) => out.push(`${i === 0 ? style.dim("  ⎿  ") : "     "}${line}`));
  return out;
}

function titleOf(view: ToolView): string {
  const title = view.origin === "user" ? `! ${view.title}` : view.title;
  return style.bold(title.split("\n", 1)[0]);
}

function marker(view: ToolView, spinner = "○"): string {
  switch (view.ended?.outcome) {
    case undefined:
      return style.warning(spinner);
    case "ok":
      return style.ok("●");
    case "failed":
      return style.error("●");
    case "denied":
      return style.error("✗");
    case "cancelled":
      return style.dim("■");
  }
}

function resultLines(view: ToolView, limits: typeof COMPACT, width: number): string[] {
  const ended = view.ended;
  if (!ended) return running(view, limits, width);
  switch (ended.outcome) {
    case "denied":
      return [
        style.error(view.denyReason ? `Denied: ${view.denyReason}` : firstLine(ended.result)),
      ];
    case "cancelled":
      return [style.dim("Cancelled")];
    case "failed":
      if (view.activity !== "execute" || ended.exitCode === undefined) {
        return text(ended.result, width, Math.max(2, limits.text), style.error);
      }
  }
  const diff = diffOf(view);
  if (diff.length > 0) {
    const { added, removed } = diffStats(diff);
    const head = ended.summary ?? `${style.added(`+${added}`)} ${style.removed(`-${removed}`)}`;
    const hint = limits === COMPACT ? " (ctrl+o to expand)" : "";
    return [
      head,
      ...renderDiff(diff, width, {
        maxLines: limits.diff,
        moreHint: hint,
        wrap: limits !== COMPACT,
      }),
    ];
  }
  if (view.activity === "execute") return commandLines(view, limits, width);
  const summary = ended.summary ?? firstLine(ended.result);
  if (limits.text <= 1) return [cliTruncate(summary, width)];
  return [summary, ...text(ended.result, width, limits.text, style.dim)];
}

/** While running: a command's output so far; otherwise nothing yet. */
function running(view: ToolView, limits: typeof COMPACT, width: number): string[] {
  if (!view.output) return view.activity === "execute" ? [style.dim("Running…")] : [];
  return tail(view.output, limits.output, width).map(style.dim);
}

function commandLines(view: ToolView, limits: typeof COMPACT, width: number): string[] {
  const ended = view.ended!;
  const code = ended.exitCode ?? exitFromSummary(ended.summary);
  const status = code === undefined
    ? style.ok("done")
    : code === 0
    ? style.ok("exit 0")
    : style.error(code === null ? "killed" : `exit ${code}`);
  const output = view.output || ended.result;
  const lines = tail(stripStatus(output), limits.output, width).map(style.dim);
  return [status, ...lines];
}

function exitFromSummary(summary?: string): number | undefined {
  const match = /Exit code (\d+)/.exec(summary ?? "");
  return match ? Number(match[1]) : undefined;
}

/** Drops the "Exit code: N" note the tool adds for the model (shown as the status). */
function stripStatus(output: string): string {
  return output.replace(/\n*Exit code: -?\d+\s*$/, "");
}

function diffOf(view: ToolView): DiffLine[] {
  const ended = view.ended;
  if (ended?.diff) return parseUnifiedDiff(ended.diff);
  return (ended?.changes ?? []).flatMap(changeDiff);
}

function tail(output: string, count: number, width: number): string[] {
  const trimmed = output.replace(/\s+$/, "");
  if (!trimmed) return [];
  const lines = trimmed.split("\n");
  const kept = lines.slice(-count).map((l) => cliTruncate(outputLine(l), width));
  const above = lines.length - count;
  return above > 0 ? [`… ${above} ${above === 1 ? "line" : "lines"} above`, ...kept] : kept;
}

function text(value: string, width: number, max: number, paint: (s: string) => string) {
  const lines = value.replace(/\s+$/, "").split("\n").flatMap((l) =>
    wrapLines(outputLine(l), width)
  );
  const kept = lines.slice(0, max).map(paint);
  if (lines.length > max) kept.push(style.dim(`… ${lines.length - max} more lines`));
  return kept;
}

function firstLine(value: string): string {
  return outputLine(value.split("\n", 1)[0]);
}
