/** replace_lines: replaces a 1-based inclusive line range of a file the model has read. */
import { z } from "zod";
import type { Tool } from "./tool.ts";
import { executeWrite, previewWrite } from "./_private/edit.ts";
import { type LineEdit, planLineEdit } from "./_private/line_edit.ts";
import { locationOf, toolTitle, withLines } from "./_private/tool_meta.ts";
import { contentLines } from "./_private/text_file.ts";

const schema = z.object({
  path: z.string().min(1).describe("File path, relative to the project directory."),
  start_line: z.coerce.number().int().min(1).describe("First line to replace, 1-based."),
  end_line: z.coerce.number().int().min(1).describe("Last line to replace, 1-based and inclusive."),
  content: z.string().describe(
    "The new lines, separated by newlines, without line numbers. Empty removes the range.",
  ),
});

function toEdit(args: z.infer<typeof schema>): LineEdit {
  return {
    start: args.start_line,
    end: args.end_line,
    insert: contentLines(args.content),
    append: false,
  };
}

/** The replace_lines tool. */
export const replaceLinesTool: Tool<typeof schema> = {
  name: "replace_lines",
  description: [
    "Replace lines start_line to end_line (1-based, inclusive, as numbered by read_file) of",
    "a file with `content`, which may have more or fewer lines than the range. Read the file",
    "first and use the numbers it shows; after an edit that changes the line count, later",
    "lines move (the result shows the new numbering). `content` is the new text without",
    "line numbers; the file's line endings and final newline are kept.",
  ].join("\n"),
  schema,
  kind: "write",
  activity: "edit",
  title: (args) => toolTitle("replace_lines", withLines(args.path, args.start_line, args.end_line)),
  locations: (args, ctx) => locationOf(ctx.cwd, args.path, args.start_line),
  permissions: [{ name: "read" }, { name: "write" }],
  preview(args, ctx) {
    return previewWrite(ctx, args.path, (target) => planLineEdit(ctx, target, toEdit(args)));
  },
  execute(args, ctx) {
    return executeWrite(ctx, args.path, (target) => planLineEdit(ctx, target, toEdit(args)));
  },
};
