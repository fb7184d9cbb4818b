/**
 * string_replace: replaces an exact, unique piece of text in a file.
 *
 * A file the model never read may be edited: an exact and unique `old_str` shows the
 * model knows the text it replaces (it may have seen it through search_file_contents).
 * A file it did read must be unchanged since, like every other edit. In a CRLF file the
 * model's "\n" matches "\r\n", and the new text gets the file's line endings.
 */
import { z } from "zod";
import type { Tool, ToolContext } from "./tool.ts";
import { executeWrite, loadForEdit, type PlanResult, previewWrite } from "./_private/edit.ts";
import { locationOf, toolTitle } from "./_private/tool_meta.ts";
import { nearMatchHint } from "./_private/near_match.ts";
import type { ResolvedPath } from "./_private/paths.ts";
import { dominantEol, encodeText, toLf } from "./_private/text_file.ts";

const schema = z.object({
  path: z.string().min(1).describe("File path, relative to the project directory."),
  old_str: z.string().describe(
    "The exact text to replace, including indentation and line breaks, without line numbers.",
  ),
  new_str: z.string().describe("The text to put in its place (may be empty to delete it)."),
  replace_all: z.boolean().optional().describe(
    "Replace every occurrence instead of requiring exactly one (default false).",
  ),
});

type Args = z.infer<typeof schema>;

const MAX_LISTED_MATCHES = 20;

/** The string_replace tool. */
export const stringReplaceTool: Tool<typeof schema> = {
  name: "string_replace",
  description: [
    "Replace an exact piece of text in a file with new text. The preferred way to edit: it",
    "does not depend on line numbers. old_str must match the file exactly (whitespace and",
    "indentation included, without read_file's line-number prefixes) and occur exactly once;",
    "include a few surrounding lines to make it unique, or set replace_all to change every",
    "occurrence. If it is not found, the error shows where similar text is. Fails if the",
    "file changed since you last read it (read it again then). Line endings are kept.",
  ].join("\n"),
  schema,
  kind: "write",
  activity: "edit",
  title: (args) => toolTitle("string_replace", args.path),
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
  if (args.old_str === "") {
    return {
      ok: false,
      error: "Error: old_str is empty. To add text, use insert_lines; for a new file, create_file.",
    };
  }
  if (args.old_str === args.new_str) {
    return { ok: false, error: "Error: old_str and new_str are identical; nothing to change." };
  }
  const loaded = await loadForEdit(ctx, target, "allow");
  if (!loaded.ok) return { ok: false, error: loaded.error };
  const raw = loaded.text;
  const { oldStr, newStr, at } = locate(raw, args);
  const display = target.display;
  if (at.length === 0) {
    const hint = nearMatchHint(loaded.file().lines, toLf(args.old_str));
    return {
      ok: false,
      error: `Error: old_str was not found in "${display}".` +
        (hint ? `\n${hint}` : " Read the file again and copy the text exactly."),
    };
  }
  if (at.length > 1 && !args.replace_all) {
    const lines = linesAt(raw, at.slice(0, MAX_LISTED_MATCHES));
    const more = at.length > MAX_LISTED_MATCHES ? ", ..." : "";
    return {
      ok: false,
      error: `Error: old_str occurs ${at.length} times in "${display}" (at lines ` +
        `${lines.join(", ")}${more}). Add surrounding lines to old_str so it matches once, ` +
        `or set replace_all: true to replace all of them.`,
    };
  }
  let next = "";
  let from = 0;
  for (const i of at) {
    next += raw.slice(from, i) + newStr;
    from = i + oldStr.length;
  }
  next += raw.slice(from);
  const lineList = linesAt(next, at.map((i, k) => i + k * (newStr.length - oldStr.length)));
  const firstLine = lineList[0];
  return {
    ok: true,
    plan: {
      oldText: toLf(raw),
      newText: toLf(next),
      newBytes: encodeText(next, loaded.bom),
      before: raw,
      after: next,
      baseHash: loaded.hash,
      verb: "Edited",
      note: at.length > 1
        ? `Replaced ${at.length} occurrences (now at lines ${listLines(lineList)}).`
        : undefined,
      region: { start: firstLine, count: newStr.split("\n").length },
    },
  };
}

/**
 * Finds the occurrences of old_str in the file's raw text. In a CRLF file, old_str and
 * new_str written with "\n" are converted to "\r\n" first; if that finds nothing (a
 * mixed file), old_str is tried as written. CRLF strings for an LF file become LF.
 */
function locate(raw: string, args: Args): { oldStr: string; newStr: string; at: number[] } {
  if (!args.old_str.includes("\r") && dominantEol(raw) === "\r\n") {
    const toCrlf = (s: string) => s.replace(/\r?\n/g, "\r\n");
    const oldStr = toCrlf(args.old_str);
    const at = occurrences(raw, oldStr);
    if (at.length) return { oldStr, newStr: toCrlf(args.new_str), at };
  }
  if (args.old_str.includes("\r\n") && !raw.includes("\r\n")) {
    // CRLF text from the model for an LF file.
    const oldStr = toLf(args.old_str);
    return { oldStr, newStr: toLf(args.new_str), at: occurrences(raw, oldStr) };
  }
  return { oldStr: args.old_str, newStr: args.new_str, at: occurrences(raw, args.old_str) };
}

/** Start indexes of the non-overlapping occurrences of `needle`. */
function occurrences(text: string, needle: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) {
    at.push(i);
  }
  return at;
}

/** 1-based line numbers of ascending character indexes, in one pass. */
function linesAt(text: string, indexes: readonly number[]): number[] {
  const out: number[] = [];
  let line = 1;
  let nl = text.indexOf("\n");
  for (const index of indexes) {
    while (nl !== -1 && nl < index) {
      line++;
      nl = text.indexOf("\n", nl + 1);
    }
    out.push(line);
  }
  return out;
}

function listLines(lines: readonly number[]): string {
  const shown = lines.slice(0, MAX_LISTED_MATCHES).join(", ");
  return lines.length > MAX_LISTED_MATCHES ? `${shown}, ...` : shown;
}
