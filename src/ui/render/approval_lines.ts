/**
 * What a person sees before answering an approval request: what the call would do —
 * the diff of a write (a new file's whole content), or the call's arguments (a
 * command) — and the warning, if any. From the request's data, never its tool's name.
 */
import type { AgentEventBody } from "../../protocol.ts";
import { changeDiff, type DiffLine, diffStats, parseUnifiedDiff, renderDiff } from "./diff.ts";
import { style } from "./theme.ts";
import { visible } from "./visible.ts";
import { wrapLines } from "./wrap.ts";

type Request = Extract<AgentEventBody, { type: "approval_request" }>;

/** The preview lines (before scrolling). */
export function approvalPreview(request: Request, width: number): string[] {
  const diff = diffOf(request);
  const out: string[] = [];
  if (diff.length > 0) {
    const { added, removed } = diffStats(diff);
    const created = request.changes?.some((c) => c.oldText === null) ??
      /^@@ -0,0 /m.test(request.diff ?? "");
    out.push(
      style.dim(`${created ? "New file" : "Edit"}: `) +
        `${style.added(`+${added}`)} ${style.removed(`-${removed}`)}`,
      ...renderDiff(diff, width, { wrap: true }),
    );
  } else {
    out.push(...argumentLines(request.arguments, width));
  }
  if (request.warning) {
    out.push("", ...wrapLines(request.warning, width, "⚠ ", "  ").map(style.warning));
  }
  return out;
}

function diffOf(request: Request): DiffLine[] {
  if (request.diff) return parseUnifiedDiff(request.diff);
  return (request.changes ?? []).flatMap(changeDiff);
}

/** Each argument as `name: value`; a long or multi-line text below its name. */
function argumentLines(args: Record<string, unknown>, width: number): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(args)) {
    const text = visible(typeof value === "string" ? value : JSON.stringify(value, null, 2));
    const lines = text.split("\n");
    if (lines.length === 1 && name.length + text.length + 2 <= width) {
      out.push(`${style.dim(`${name}:`)} ${style.bold(text)}`);
    } else {
      out.push(style.dim(`${name}:`));
      for (const line of lines) out.push(...wrapLines(line, width, "  "));
    }
  }
  return out;
}
