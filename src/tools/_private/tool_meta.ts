/**
 * What the built-in tools tell frontends about a call before it runs: a one-line title
 * and the absolute places it touches (contract v2: `Tool.title`, `Tool.locations`).
 * Computed from the arguments alone, cheaply and without touching the disk beyond the
 * cached real path of the project, so a frontend can show them the moment a call starts.
 */
import type { ToolLocation } from "../tool.ts";
import { projectPath } from "./paths.ts";

/** Longest title; longer ones end with "…" (a title is one line a person reads). */
const MAX_TITLE_CHARS = 120;

/** `name` and its subject on one line, newlines flattened and the length capped. */
export function toolTitle(name: string, subject: string): string {
  const line = `${name} ${subject}`.replace(/\s*[\r\n]+\s*/g, " ").trim();
  return line.length > MAX_TITLE_CHARS ? `${line.slice(0, MAX_TITLE_CHARS - 1)}…` : line;
}

/** A query or pattern as shown in a title: quoted, cut short. */
export function quoted(text: string, max = 60): string {
  const shown = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return JSON.stringify(shown);
}

/** "a.ts", "a.ts:10", "a.ts:10-40" (1-based, inclusive). */
export function withLines(path: string, start?: number, end?: number): string {
  if (start === undefined && end === undefined) return path;
  if (end === undefined || end === start) return `${path}:${start ?? 1}`;
  return `${path}:${start ?? 1}-${end}`;
}

/** One location: the path made absolute against the project, with its line when known. */
export function locationOf(cwd: string, path: string, line?: number): ToolLocation[] {
  const abs = projectPath(cwd, path);
  return [line === undefined ? { path: abs } : { path: abs, line }];
}
