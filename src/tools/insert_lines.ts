/** insert_lines: inserts lines before a given line of a file the model has read. */
import { z } from "zod";
import type { Tool } from "./tool.ts";
import { executeWrite, previewWrite } from "./_private/edit.ts";
import { type LineEdit, planLineEdit } from "./_private/line_edit.ts";
import { locationOf, toolTitle, withLines } from "./_private/tool_meta.ts";
import { contentLines } from "./_private/text_file.ts";

const schema = z.object({
  path: z.string().min(1).describe("File path, relative to the project directory."),
  line: z.coerce.number().int().min(1).describe(
    "1-based line number the content is inserted before; the line count + 1 appends at the end.",
  ),
  content: z.string().describe(
    "Lines to insert, separated by newlines, without line numbers. A trailing newline is optional.",
  ),
});

function toEdit(args: z.infer<typeof schema>): LineEdit {
  return { start: args.line, end: args.line - 1, insert: contentLines(args.content), append: true };
}

/** The insert_lines tool. */
export const insertLinesTool: Tool<typeof schema> = {
  name: "insert_lines",
  description: [
    "Insert lines into a file before line `line` (1-based, as numbered by read_file), moving",
    "that line and the ones after it down. line = 1 inserts at the top; line = number of",
    "lines + 1 appends at the end. Read the file first; after this edit, the lines below",
    "the insertion have new numbers (the result shows them). `content` is the text to",
    "insert without line numbers; the file's line endings are kept.",
  ].join("\n"),
  schema,
  kind: "write",
  activity: "edit",
  title: (args) => toolTitle("insert_lines", withLines(args.path, args.line)),
  locations: (args, ctx) => locationOf(ctx.cwd, args.path, args.line),
  permissions: [{ name: "read" }, { name: "write" }],
  preview(args, ctx) {
    return previewWrite(ctx, args.path, (target) => planLineEdit(ctx, target, toEdit(args)));
  },
  execute(args, ctx) {
    return executeWrite(ctx, args.path, (target) => planLineEdit(ctx, target, toEdit(args)));
  },
};
