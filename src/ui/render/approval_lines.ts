/**
 * What a person sees before answering an approval request: what the call would do —
 * the diff of a write (a new file's whole content), or the call's arguments (a
 * command) — and the warning, if any. From the request's data, never its tool's name.
 */
import type { AgentEventBody } from "../../protocol.ts";
import { changeDiff, type DiffLine, diffRows, diffStats, parseUnifiedDiff } from "./diff.ts";
import { style } from "./theme.ts";
import { visible } from "./visible.ts";
import { wrapLines } from "./wrap.ts";

type Request = Extract<AgentEventBody, { type: "approval_request" }>;

/**
 * What the approval prompt previews: a head (the diff's counts) and a tail (the
 * warning) that always show, and between them the lines that scroll — each line of the
 * diff (or of an argument) as the rows it takes once wrapped.
 */
export interface ApprovalPreview {
  head: string[];
  lines: string[][];
  tail: string[];
}

/** The preview of a request at `width` columns. */
export function approvalPreview(request: Request, width: number): ApprovalPreview {
  const diff = diffOf(request);
  const preview: ApprovalPreview = { head: [], lines: [], tail: [] };
  if (diff.length > 0) {
    const { added, removed } = diffStats(diff);
    const created = request.changes?.some((c) => c.oldText === null) ??
      /^@@ -0,0 /m.test(request.diff ?? "");
    preview.head.push(
      style.dim(`${created ? "New file" : "Edit"}: `) +
        `${style.added(`+${added}`)} ${style.removed(`-${removed}`)}`,
    );
    const rows = diffRows(diff, width, { wrap: true });
    // A hunk's "⋮" is no line of the file: it goes with the line after it.
    preview.lines = withLeaders(rows, diff.map((l) => l.kind === "gap"));
  } else {
    preview.lines = argumentLines(request.arguments, width);
  }
  if (request.warning) {
    preview.tail.push("", ...wrapLines(request.warning, width, "⚠ ", "  ").map(style.warning));
  }
  return preview;
}

/** Rows marked as leaders are joined to the line after them (or, last, the one before). */
function withLeaders(rows: string[][], leader: boolean[]): string[][] {
  const out: string[][] = [];
  let pending: string[] = [];
  rows.forEach((r, i) => {
    if (leader[i]) pending.push(...r);
    else {
      out.push([...pending, ...r]);
      pending = [];
    }
  });
  if (pending.length > 0) out.length > 0 ? out.at(-1)!.push(...pending) : out.push(pending);
  return out;
}

function diffOf(request: Request): DiffLine[] {
  if (request.diff) return parseUnifiedDiff(request.diff);
  return (request.changes ?? []).flatMap(changeDiff);
}

/** Each argument as `name: value`; a long or multi-line text below its name, line by line. */
function argumentLines(args: Record<string, unknown>, width: number): string[][] {
  const rows: string[][] = [];
  const leader: boolean[] = [];
  for (const [name, value] of Object.entries(args)) {
    const text = visible(typeof value === "string" ? value : JSON.stringify(value, null, 2));
    const lines = text.split("\n");
    if (lines.length === 1 && name.length + text.length + 2 <= width) {
      rows.push([`${style.dim(`${name}:`)} ${style.bold(text)}`]);
      leader.push(false);
    } else {
      rows.push([style.dim(`${name}:`)], ...lines.map((line) => wrapLines(line, width, "  ")));
      leader.push(true, ...lines.map(() => false));
    }
  }
  return withLeaders(rows, leader);
}
