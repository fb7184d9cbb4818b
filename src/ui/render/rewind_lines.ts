/**
 * Checkpoints and rewinds as a person reads them: a point as its prompt's number, title
 * and age (the /rewind picker), and a rewind's outcome as the files it put back,
 * brought back and removed (/undo, /rewind).
 */
import type { AgentEventBody, CheckpointInfo } from "../../protocol.ts";
import type { EntryBody } from "../state/types.ts";
import { style } from "./theme.ts";

type Rewound = Extract<AgentEventBody, { type: "rewound" }>;

/** Files named per kind of change before the rest are counted. */
const FILES_SHOWN = 8;

/** "prompt #3 “fix the test”", or what a rewind point did. */
export function checkpointName(checkpoint: CheckpointInfo): string {
  return checkpoint.kind === "prompt"
    ? `prompt #${checkpoint.prompt} “${checkpoint.title}”`
    : `the rewind “${checkpoint.title}”`;
}

/** A picker item for a checkpoint: its name, then its age and what it changed. */
export function checkpointItem(checkpoint: CheckpointInfo, now: number) {
  const files = checkpoint.files?.length;
  const facts = [
    formatAgo(checkpoint.createdAt, now),
    files === undefined ? "" : files === 0 ? "no files changed" : plural(files, "file"),
    checkpoint.undone ? "undone" : "",
  ].filter(Boolean);
  const label = checkpoint.kind === "prompt"
    ? `#${checkpoint.prompt} ${checkpoint.title}`
    : `↺ ${checkpoint.title}`;
  return { label, value: checkpoint.id, hint: facts.join(" · ") };
}

/** What a rewind did, as a panel entry. */
export function rewoundPanel(event: Rewound, known: readonly CheckpointInfo[]): EntryBody {
  const target = known.find((c) => c.id === event.target);
  const where = target ? `to before ${checkpointName(target)}` : "";
  const rows: [string, string[], (s: string) => string][] = [
    ["restored", event.restored, (s) => s],
    ["brought back", event.created, style.ok],
    ["removed", event.removed, style.removed],
    ["not restored", event.skipped, style.warning],
  ];
  const lines: string[] = [];
  for (const [label, files, paint] of rows) {
    if (!files.length) continue;
    const shown = files.slice(0, FILES_SHOWN).map(paint).join(", ");
    const more = files.length > FILES_SHOWN
      ? style.dim(` and ${files.length - FILES_SHOWN} more`)
      : "";
    lines.push(`${style.dim(label.padEnd(12))} ${shown}${more}`);
  }
  if (event.skipped.length) lines.push(style.dim("(files too large to snapshot are not restored)"));
  if (!lines.length) lines.push(style.dim("No file needed restoring."));
  if (event.conversation) {
    const n = event.conversation.toPrompt;
    lines.push(`${style.dim("conversation".padEnd(12))} back to before prompt #${n}`);
  }
  lines.push(style.dim("/redo undoes this rewind."));
  return { kind: "panel", title: `↺ Rewound ${where}`.trimEnd(), lines };
}

/** "just now", "5 min ago", "3 h ago", "yesterday", else the date. */
export function formatAgo(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const minutes = Math.floor((now - then) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  if (hours < 48) return "yesterday";
  return iso.slice(0, 10);
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}
