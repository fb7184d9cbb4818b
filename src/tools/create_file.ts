/**
 * create_file: writes a whole file atomically (temp file + fsync + rename), creating
 * parent directories. Replacing an existing file needs `overwrite: true`, keeps its
 * mode, its line-ending style and its byte order mark, and is refused when the file
 * changed since the model read it.
 */
import { z } from "zod";
import type { Tool } from "./tool.ts";
import { executeWrite, loadForEdit, type PlanResult, previewWrite } from "./_private/edit.ts";
import type { ResolvedPath } from "./_private/paths.ts";
import type { ToolContext } from "./tool.ts";
import { locationOf, toolTitle } from "./_private/tool_meta.ts";
import { nonRegularKind, notRegularMessage } from "./_private/regular_file.ts";
import { dominantEol, encodeText, textLines, toLf } from "./_private/text_file.ts";

const schema = z.object({
  path: z.string().min(1).describe("File path, relative to the project directory."),
  content: z.string().describe("The complete content of the file."),
  overwrite: z.boolean().optional().describe(
    "Set to true to replace a file that already exists (default false).",
  ),
});

type Args = z.infer<typeof schema>;

/** The create_file tool. */
export const createFileTool: Tool<typeof schema> = {
  name: "create_file",
  description: [
    "Create a file with the given content, creating missing parent directories.",
    "Use it for new files. To change part of an existing file, prefer string_replace or",
    "replace_lines/insert_lines/delete_lines: they are cheaper and safer.",
    "If the file already exists the call fails unless overwrite is true; then the whole",
    "file is replaced (read it first: a file that changed since you read it is refused).",
    "Write the content exactly as the file should be, with real newlines and no line",
    "numbers. An existing file keeps its permissions, its Windows (CRLF) line endings and",
    "its byte order mark.",
  ].join("\n"),
  schema,
  kind: "write",
  activity: "edit",
  title: (args) =>
    toolTitle("create_file", args.overwrite ? `${args.path} (overwrite)` : args.path),
  locations: (args, ctx) => locationOf(ctx.cwd, args.path),
  permissions: [{ name: "read" }, { name: "write" }],
  preview(args, ctx) {
    return previewWrite(ctx, args.path, (target) => plan(ctx, target, args));
  },
  execute(args, ctx) {
    return executeWrite(ctx, args.path, (target) => plan(ctx, target, args));
  },
};

async function plan(ctx: ToolContext, target: ResolvedPath, args: Args): Promise<PlanResult> {
  const { abs, display } = target;
  let info: Deno.FileInfo | undefined;
  try {
    info = await Deno.stat(abs);
  } catch (error) {
    if (error instanceof Deno.errors.NotADirectory) {
      return {
        ok: false,
        error: `Error: cannot create "${display}": a parent of it is a file, not a directory.`,
      };
    }
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  if (!info) {
    const bytes = encodeText(args.content, false);
    const newText = toLf(args.content);
    const lines = textLines(newText, 0, -1).total;
    return {
      ok: true,
      plan: {
        oldText: "",
        newText,
        newBytes: bytes,
        before: null,
        after: args.content,
        baseHash: null,
        verb: "Created",
        note: bytes.length === 0
          ? "The file is empty."
          : `Wrote ${plural(lines, "line")} (${plural(bytes.length, "byte")}).`,
      },
    };
  }
  if (info.isDirectory) {
    return { ok: false, error: `Error: "${display}" is a directory, not a file.` };
  }
  const special = nonRegularKind(info);
  if (special) return { ok: false, error: notRegularMessage(display, special) };
  if (!args.overwrite) {
    return {
      ok: false,
      error: `Error: "${display}" already exists. To replace all of it, call create_file ` +
        `again with overwrite: true; to change part of it, use string_replace or replace_lines.`,
    };
  }
  return await planOverwrite(ctx, target, args.content);
}

/** Replacing an existing file: same checks as an edit, same EOL style and BOM. */
async function planOverwrite(
  ctx: ToolContext,
  target: ResolvedPath,
  content: string,
): Promise<PlanResult> {
  const loaded = await loadForEdit(ctx, target, "allow");
  let oldText: string;
  let before: string | undefined;
  let baseHash: string;
  let bom = false;
  let crlf = false;
  if (loaded.ok) {
    oldText = toLf(loaded.text);
    before = loaded.text;
    baseHash = loaded.hash;
    bom = loaded.bom;
    crlf = dominantEol(loaded.text) === "\r\n";
  } else if (loaded.hash !== undefined && loaded.reason !== "stale") {
    // A binary or non-UTF-8 file may be replaced whole: there is nothing to merge.
    oldText = "";
    baseHash = loaded.hash;
  } else {
    return { ok: false, error: loaded.error };
  }
  const normalized = toLf(content);
  const text = crlf ? normalized.replace(/\n/g, "\r\n") : content;
  const newBytes = encodeText(text, bom);
  return {
    ok: true,
    plan: {
      oldText,
      newText: normalized,
      newBytes,
      before,
      after: text,
      baseHash,
      verb: "Overwrote",
      note: crlf ? "Kept the file's CRLF line endings." : undefined,
    },
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
