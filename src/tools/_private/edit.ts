/**
 * The common path of every file-writing tool: resolve, lock, load and check the file,
 * plan the new content, preview it as a diff or write it atomically, record what the
 * model now knows, and report the change with the edited region renumbered.
 *
 * A write either lands on the file the model saw or is refused: the plan is made under
 * a lock other nanocoder processes respect too (file_lock.ts), and right before the
 * rename the file's hash is checked again against the one the plan was made from.
 */
import { dirname } from "node:path";
import type { ToolContext, ToolPreview, ToolResult } from "../tool.ts";
import { atomicWrite, PathChangedError, TargetExistsError } from "./atomic_write.ts";
import { diffSummary, diffTexts } from "./diff.ts";
import { throughEditor, writesThroughEditor, writeThroughEditor } from "./editor_io.ts";
import { fileChange } from "./file_change.ts";
import { LockTimeoutError, withDirLock } from "./file_lock.ts";
import {
  checkFresh,
  hashBytes,
  recordKnown,
  type UnreadPolicy,
  withFileLock,
} from "./file_state.ts";
import { type ResolvedPath, resolveWritePath } from "./paths.ts";
import {
  nonRegularKind,
  NotRegularFileError,
  notRegularMessage,
  readRegularFile,
} from "./regular_file.ts";
import {
  decodeUtf8,
  looksBinary,
  numberLines,
  splitText,
  type TextFile,
  textLines,
} from "./text_file.ts";

/** The new content a tool wants to write. */
export interface EditPlan {
  /** LF-normalized text before and after, for the diff. */
  oldText: string;
  newText: string;
  /** Bytes to write. */
  newBytes: Uint8Array;
  /**
   * The file's text before, as decoded (its own line endings, no BOM), for
   * `ToolResult.changes`: null when the file is new, undefined when it is not text.
   */
  before: string | null | undefined;
  /** The text written, as `before`. */
  after: string;
  /**
   * SHA-256 of the bytes the plan was made from, or null when the file did not exist:
   * the write happens only while the file is still so.
   */
  baseHash: string | null;
  /** Verb of the summary: "Edited", "Created", "Overwrote". */
  verb: string;
  /** The changed region in the new file (1-based first line, line count), shown to the model. */
  region?: { start: number; count: number };
  /** An extra sentence for the model (where else it replaced, what it converted). */
  note?: string;
}

/** A plan, or an error message for the model. */
export type PlanResult = { ok: true; plan: EditPlan } | { ok: false; error: string };

/** Computes a plan for a resolved target; must not write. */
export type Planner = (target: ResolvedPath) => Promise<PlanResult>;

/** A loaded text file, or an error message for the model. */
export type LoadResult =
  | {
    ok: true;
    bytes: Uint8Array;
    /** SHA-256 of `bytes`. */
    hash: string;
    /** Decoded text without the BOM, with the file's own line endings. */
    text: string;
    bom: boolean;
    /** The text split into lines (computed on first use: costly for huge files). */
    file: () => TextFile;
  }
  | { ok: false; error: string; reason: LoadFailure; hash?: string };

/** Why a file could not be loaded for an edit. */
export type LoadFailure = "missing" | "directory" | "special" | "binary" | "encoding" | "stale";

const SNIPPET_CONTEXT = 3;
const SNIPPET_MAX_LINES = 60;
/** Longest line of the snippet shown after an edit (a minified line is not echoed whole). */
const SNIPPET_LINE_CHARS = 500;

/**
 * Reads an existing text file for an edit and checks it is unchanged since the model
 * read it (`unread` says what to do when it never did).
 */
export async function loadForEdit(
  ctx: ToolContext,
  target: ResolvedPath,
  unread: UnreadPolicy,
): Promise<LoadResult> {
  const { abs, display } = target;
  let bytes: Uint8Array;
  try {
    const kind = nonRegularKind(await Deno.stat(abs));
    if (kind === "a directory") {
      return {
        ok: false,
        reason: "directory",
        error: `Error: "${display}" is a directory, not a file.`,
      };
    }
    if (kind) return { ok: false, reason: "special", error: notRegularMessage(display, kind) };
    bytes = await throughEditor(ctx, abs, await readRegularFile(abs, { signal: ctx.signal }));
  } catch (error) {
    if (error instanceof NotRegularFileError) {
      return { ok: false, reason: "special", error: notRegularMessage(display, error.kind) };
    }
    if (!isMissing(error)) throw error;
    return {
      ok: false,
      reason: "missing",
      error: `Error: "${display}" does not exist. Check the path, or use create_file to create it.`,
    };
  }
  const hash = hashBytes(bytes);
  if (looksBinary(bytes)) {
    return {
      ok: false,
      reason: "binary",
      hash,
      error: `Error: "${display}" is a binary file; it cannot be edited.`,
    };
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded) {
    return {
      ok: false,
      reason: "encoding",
      hash,
      error: `Error: "${display}" is not valid UTF-8; editing it could corrupt it, so it is ` +
        `refused. Use create_file with overwrite: true to replace it entirely.`,
    };
  }
  const stale = checkFresh(ctx, abs, display, hash, unread);
  if (stale) return { ok: false, reason: "stale", error: stale };
  let file: TextFile | undefined;
  const split = () => file ??= splitText(decoded.text, decoded.bom);
  return { ok: true, bytes, hash, text: decoded.text, bom: decoded.bom, file: split };
}

/**
 * The preview of a write: its diff and change; a refusal for a path the write refuses
 * (outside the project, git's own files); nothing when the call would fail otherwise.
 */
export async function previewWrite(
  ctx: ToolContext,
  path: string,
  planner: Planner,
): Promise<ToolPreview> {
  const resolved = resolveWritePath(ctx, path);
  // Refused whatever the answer: nobody is asked about it.
  if (!resolved.ok) return { refuse: resolved.error };
  try {
    const result = await planner(resolved.path);
    if (!result.ok) return {};
    const { plan } = result;
    return {
      diff: diffTexts(resolved.path.display, plan.oldText, plan.newText).text,
      changes: [fileChange(resolved.path.abs, plan.before, plan.after)],
    };
  } catch {
    return {};
  }
}

/** Runs a write: plan under the locks, write atomically if still current, record, report. */
export async function executeWrite(
  ctx: ToolContext,
  path: string,
  planner: Planner,
): Promise<ToolResult> {
  const resolved = resolveWritePath(ctx, path);
  if (!resolved.ok) return { ok: false, output: resolved.error };
  const target = resolved.path;
  const write = async (): Promise<ToolResult> => {
    const result = await planner(target);
    if (!result.ok) return { ok: false, output: result.error };
    const plan = result.plan;
    ctx.signal.throwIfAborted();
    const unchanged = () => assertUnchanged(ctx, target, plan.baseHash);
    if (writesThroughEditor(ctx)) {
      await unchanged();
      recordKnown(ctx, target.abs, await writeThroughEditor(ctx, target.abs, plan.newBytes));
      return report(target, plan);
    }
    await atomicWrite(target.abs, plan.newBytes, {
      expectedDir: dirname(target.abs),
      exclusive: plan.baseHash === null,
      beforeCommit: unchanged,
    });
    recordKnown(ctx, target.abs, plan.newBytes);
    return report(target, plan);
  };
  try {
    const lockDir = await deepestExistingDir(dirname(target.abs));
    return await withFileLock(
      target.abs,
      () => withDirLock(lockDir, write, { signal: ctx.signal }),
    );
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    const refused = refusalMessage(error, target.display);
    if (refused) return { ok: false, output: refused };
    throw error;
  }
}

/** The file changed on disk after the plan was made (a writer that took no lock). */
class StaleFileError extends Error {}

/**
 * Right before the write: the file must still be what the plan was made from (as the
 * editor holds it, when writing through the editor).
 */
async function assertUnchanged(
  ctx: ToolContext,
  target: ResolvedPath,
  baseHash: string | null,
): Promise<void> {
  const { signal } = ctx;
  signal.throwIfAborted();
  if (baseHash === null) {
    // A new file: on disk the exclusive link refuses one created meanwhile; the editor
    // would overwrite it, so look first.
    if (writesThroughEditor(ctx) && await exists(target.abs)) {
      throw new TargetExistsError(target.abs);
    }
    return;
  }
  let now: string | undefined;
  try {
    now = hashBytes(
      await throughEditor(ctx, target.abs, await readRegularFile(target.abs, { signal })),
    );
  } catch (error) {
    if (!isMissing(error) && !(error instanceof NotRegularFileError)) throw error;
  }
  if (now !== baseHash) throw new StaleFileError();
}

/** The message for a write refused on the way (stale, swapped, locked), or undefined. */
function refusalMessage(error: unknown, display: string): string | undefined {
  if (error instanceof StaleFileError || error instanceof TargetExistsError) {
    return `Error: "${display}" changed on disk while this edit was being made (another ` +
      "process wrote it), so the edit was not applied. Call read_file again and redo the " +
      "edit against its current content.";
  }
  if (error instanceof PathChangedError) {
    return `Error: writing "${display}" is refused: a directory on its path was replaced ` +
      "(by a symlink or another directory) while the write was being made. Nothing was " +
      "written. Tell the user.";
  }
  if (error instanceof LockTimeoutError) {
    return `Error: "${display}" could not be written: ${error.message}. Try again later.`;
  }
  if (error instanceof NotRegularFileError) return notRegularMessage(display, error.kind);
  return permissionMessage(error, display);
}

/** `dir` if it exists, else its nearest existing ancestor (the directory to lock). */
async function deepestExistingDir(dir: string): Promise<string> {
  for (let current = dir;; current = dirname(current)) {
    try {
      if ((await Deno.stat(current)).isDirectory) return current;
    } catch {
      // missing, or a file on the way: go up
    }
    if (dirname(current) === current) return current;
  }
}

/** A clear message for a denied Deno permission, naming the flag; undefined otherwise. */
export function permissionMessage(error: unknown, display: string): string | undefined {
  if (!(error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied)) {
    return undefined;
  }
  const flag = /--allow-[a-z]+/.exec((error as Error).message)?.[0];
  const how = flag
    ? `nanocoder must be started with ${flag} covering this path`
    : "the operating system denied access";
  return `Error: no permission to access "${display}": ${how}. Tell the user; do not retry.`;
}

function report(target: ResolvedPath, plan: EditPlan): ToolResult {
  const diff = diffTexts(target.display, plan.oldText, plan.newText);
  const summary = diffSummary(plan.verb, target.display, diff);
  // No diff means nothing changed, except for a new file that is empty.
  const same = diff.text === "" && plan.before !== null;
  const parts = [same ? `${summary} (the content was already identical)` : summary];
  if (plan.note) parts.push(plan.note);
  if (plan.region) parts.push(snippet(plan.region, plan.newText));
  return {
    ok: true,
    output: parts.join("\n"),
    summary,
    diff: diff.text,
    filesChanged: [target.display],
    changes: [fileChange(target.abs, plan.before, plan.after)],
  };
}

/** The edited region with a little context, numbered as read_file numbers lines. */
function snippet(region: NonNullable<EditPlan["region"]>, text: string): string {
  const wantFirst = Math.max(1, region.start - SNIPPET_CONTEXT);
  const wantLast = Math.min(
    region.start + region.count - 1 + SNIPPET_CONTEXT,
    wantFirst + SNIPPET_MAX_LINES - 1,
  );
  const { total } = textLines(text, 0, -1);
  if (total === 0) return "The file is now empty.";
  // An edit at the end (a deletion of the last lines) shows the lines before it.
  const first = Math.max(1, Math.min(wantFirst, total - SNIPPET_CONTEXT));
  const last = Math.min(total, Math.max(wantLast, first));
  const lines = textLines(text, first, last).lines.map((line) =>
    line.length > SNIPPET_LINE_CHARS
      ? `${line.slice(0, SNIPPET_LINE_CHARS)}… [${
        line.length - SNIPPET_LINE_CHARS
      } more characters]`
      : line
  );
  return `Lines ${first}-${last} of ${total} now read:\n${numberLines(lines, first)}`;
}

/** Whether anything is at `path` (a dangling symlink counts). */
async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/** The path does not exist (or a parent of it is a file). */
export function isMissing(error: unknown): boolean {
  return error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory;
}
