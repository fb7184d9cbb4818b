/**
 * What frontends are told about a tool call: its title, activity and locations from the
 * tool's own declarations, with fallbacks for tools that declare none (default activity
 * by kind, title = tool name + main argument, a `path` argument as the location), and
 * the files a write changed when the tool does not report them itself (read before and
 * after the call).
 */
import { isAbsolute, relative, resolve, sep as SEP } from "node:path";
import type { FileChange, ToolActivity, ToolKind, ToolLocation } from "../protocol.ts";
import type { AnyTool, ToolResult } from "../tools/tool.ts";

/** Arguments that name what a call is about, in order of preference. */
const MAIN_ARGUMENTS = ["path", "file_path", "command", "url", "query", "pattern", "name"];

/** Files larger than this are not read for a `changes` entry. */
const MAX_SNAPSHOT_BYTES = 2 * 1024 * 1024;

/** How a call is shown. */
export interface CallDisplay {
  activity: ToolActivity;
  title: string;
  locations: ToolLocation[];
}

/** Title, activity and locations of a call; `tool` is undefined for an unknown tool. */
export function describeCall(
  name: string,
  tool: AnyTool | undefined,
  args: Record<string, unknown>,
  cwd: string,
): CallDisplay {
  const kind = tool?.kind ?? "read";
  return {
    activity: tool?.activity ?? defaultActivity(kind),
    title: oneLine(declared(() => tool?.title?.(args)) ?? fallbackTitle(name, args)),
    locations: declared(() => tool?.locations?.(args, { cwd })) ?? fallbackLocations(args, cwd),
  };
}

/** The activity of a tool that declares none. */
export function defaultActivity(kind: ToolKind): ToolActivity {
  switch (kind) {
    case "read":
      return "read";
    case "write":
      return "edit";
    case "execute":
      return "execute";
    case "network":
      return "fetch";
  }
}

function fallbackTitle(name: string, args: Record<string, unknown>): string {
  const key = MAIN_ARGUMENTS.find((k) => typeof args[k] === "string" && args[k] !== "");
  const value = key ? args[key] : Object.values(args).find((v) => typeof v === "string" && v);
  return typeof value === "string" ? `${name} ${value}` : name;
}

function fallbackLocations(args: Record<string, unknown>, cwd: string): ToolLocation[] {
  const path = args.path ?? args.file_path;
  return typeof path === "string" && path !== "" ? [{ path: resolve(cwd, path) }] : [];
}

/** A tool's own answer, or undefined when it has none or its function throws. */
function declared<T>(fn: () => T | undefined): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

function oneLine(text: string): string {
  const line = text.split("\n", 1)[0];
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

/**
 * The texts of a write's locations before it runs, so its `changes` can be reported when
 * the tool does not report them. Only files inside the project or the allowed dirs are
 * read; unreadable, missing (null: the write creates it) or huge files are noted as such.
 */
export async function snapshotBefore(
  tool: AnyTool,
  locations: readonly ToolLocation[],
  roots: readonly string[],
): Promise<Map<string, string | null> | undefined> {
  if (tool.kind !== "write") return undefined;
  const texts = new Map<string, string | null>();
  for (const { path } of locations) {
    if (!roots.some((root) => isInside(root, path))) continue;
    const text = await readSmallText(path);
    if (text !== undefined) texts.set(path, text);
  }
  return texts;
}

/** The result's own changes, else those found by reading the snapshotted files again. */
export async function changesOf(
  result: ToolResult,
  before: Map<string, string | null> | undefined,
): Promise<FileChange[] | undefined> {
  if (result.changes || !before || !result.ok) return result.changes;
  const changes: FileChange[] = [];
  for (const [path, oldText] of before) {
    const newText = await readSmallText(path);
    if (newText === undefined || newText === null || newText === oldText) continue;
    changes.push({ path, oldText, newText });
  }
  return changes.length ? changes : undefined;
}

/** The file's text; null when it does not exist; undefined when it cannot be read as text. */
async function readSmallText(path: string): Promise<string | null | undefined> {
  try {
    const info = await Deno.stat(path);
    if (!info.isFile || info.size > MAX_SNAPSHOT_BYTES) return undefined;
    return new TextDecoder("utf-8", { fatal: true }).decode(await Deno.readFile(path));
  } catch (error) {
    return error instanceof Deno.errors.NotFound ? null : undefined;
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${SEP}`) && !isAbsolute(rel));
}
