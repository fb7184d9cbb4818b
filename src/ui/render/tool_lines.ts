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
import { widthOf, wrapLines } from "./wrap.ts";
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

/** Said once where a finished call's compact view left something out. */
const HINT = " (ctrl+o to expand)";

/**
 * Fits a call's lines to the width. Expanded, a long line wraps (Ctrl+O shows it all);
 * compact, it is cut with `…`, and for a finished call the first line cut, or the
 * first "… N more lines", says how to see it whole. A running call is always compact
 * (Ctrl+O does not change the live region), so it offers nothing.
 */
class Fit {
  #hinted = false;
  constructor(readonly wrap: boolean, readonly offer: boolean) {}

  line(text: string, width: number, rest = ""): string[] {
    if (this.wrap) return wrapLines(text, width, "", rest);
    if (widthOf(text) <= width) return [text];
    if (!this.#takeHint()) return [cliTruncate(text, width)];
    return [cliTruncate(text, Math.max(1, width - HINT.length)) + style.dim(HINT)];
  }

  /** The hint, if it is still to be said (after "… N more lines", a diff's head). */
  hint(): string {
    return this.#takeHint() ? HINT : "";
  }

  #takeHint(): boolean {
    if (!this.offer || this.#hinted) return false;
    this.#hinted = true;
    return true;
  }
}

/** The lines of one call. */
export function toolLines(view: ToolView, options: ToolLinesOptions): string[] {
  const { width } = options;
  const limits = options.expanded ? EXPANDED : COMPACT;
  const fit = new Fit(options.expanded, !options.expanded && view.ended !== undefined);
  const out = fit.line(`${marker(view, options.spinner)} ${titleOf(view)}`, width, "  ");
  const result = resultLines(view, limits, width - 5, fit);
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

function resultLines(view: ToolView, limits: typeof COMPACT, width: number, fit: Fit): string[] {
  const ended = view.ended;
  if (!ended) return running(view, limits, width, fit);
  switch (ended.outcome) {
    case "denied":
      return [
        style.error(view.denyReason ? `Denied: ${view.denyReason}` : firstLine(ended.result)),
      ];
    case "cancelled":
      return [style.dim("Cancelled")];
    case "failed":
      if (view.activity !== "execute" || ended.exitCode === undefined) {
        return text(ended.result, width, Math.max(2, limits.text), style.error, fit);
      }
  }
  const diff = diffOf(view);
  if (diff.length > 0) {
    const { added, removed } = diffStats(diff);
    const head = ended.summary ?? `${style.added(`+${added}`)} ${style.removed(`-${removed}`)}`;
    let cut = false;
    const more = diff.length > limits.diff ? fit.hint() : "";
    const body = renderDiff(diff, width, {
      maxLines: limits.diff,
      moreHint: more,
      wrap: fit.wrap,
      onCut: () => (cut = true),
    });
    // Lines cut but none left out: the head says it.
    const [first, ...rest] = fit.line(head, width);
    return [cut && !more ? first + style.dim(fit.hint()) : first, ...rest, ...body];
  }
  if (view.activity === "execute") return commandLines(view, limits, width, fit);
  const summary = ended.summary ?? firstLine(ended.result);
  if (limits.text <= 1) return fit.line(summary, width);
  return [...fit.line(summary, width), ...text(ended.result, width, limits.text, style.dim, fit)];
}

/** While running: a command's output so far; otherwise nothing yet. */
function running(view: ToolView, limits: typeof COMPACT, width: number, fit: Fit): string[] {
  if (!view.output) return view.activity === "execute" ? [style.dim("Running…")] : [];
  return tail(view.output, limits.output, width, fit).map(style.dim);
}

function commandLines(view: ToolView, limits: typeof COMPACT, width: number, fit: Fit): string[] {
  const ended = view.ended!;
  const code = ended.exitCode ?? exitFromSummary(ended.summary);
  const status = code === undefined
    ? style.ok("done")
    : code === 0
    ? style.ok("exit 0")
    : style.error(code === null ? "killed" : `exit ${code}`);
  const output = view.output || ended.result;
  const lines = tail(stripStatus(output), limits.output, width, fit).map(style.dim);
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

function tail(output: string, count: number, width: number, fit: Fit): string[] {
  const trimmed = output.replace(/\s+$/, "");
  if (!trimmed) return [];
  const lines = trimmed.split("\n");
  const above = lines.length - count;
  const said = above > 0 ? [`… ${above} ${above === 1 ? "line" : "lines"} above${fit.hint()}`] : [];
  return [...said, ...lines.slice(-count).flatMap((l) => fit.line(outputLine(l), width))];
}

function text(
  value: string,
  width: number,
  max: number,
  paint: (s: string) => string,
  fit: Fit,
): string[] {
  const lines = value.replace(/\s+$/, "").split("\n").flatMap((l) =>
    wrapLines(outputLine(l), width)
  );
  const kept = lines.slice(0, max).map(paint);
  if (lines.length > max) {
    kept.push(style.dim(`… ${lines.length - max} more lines${fit.hint()}`));
  }
  return kept;
}

function firstLine(value: string): string {
  return outputLine(value.split("\n", 1)[0]);
}
