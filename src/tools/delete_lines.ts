/** delete_lines: deletes a 1-based inclusive line range of a file the model has read. */
import { z } from "zod";
import type { Tool } from "./tool.ts";
import { executeWrite, previewWrite } from "./_private/edit.ts";
import { locationOf, toolTitle, withLines } from "./_private/tool_meta.ts";
import { type LineEdit, planLineEdit } from "./_private/line_edit.ts";

const schema = z.object({
  path: z.string().min(1).describe("File path, relative to the project directory."),
  start_line: z.coerce.number().int().min(1).describe("First line to delete, 1-based."),
  end_line: z.coerce.number().int().min(1).describe("Last line to delete, 1-based and inclusive."),
});

function toEdit(args: z.infer<typeof schema>): LineEdit {
  return { start: args.start_line, end: args.end_line, insert: [], append: false };
}

/** The delete_lines tool. */
export const deleteLinesTool: Tool<typeof schema> = {
  name: "delete_lines",
  description: [
    "Delete lines start_line to end_line (1-based, inclusive, as numbered by read_file) from",
    "a file. Read the file first; after the deletion, later lines move up (the result shows",
    "the new numbering). To delete one line, give the same number twice.",
  ].join("\n"),
  schema,
  kind: "write",
  activity: "edit",
  title: (args) => toolTitle("delete_lines", withLines(args.path, args.start_line, args.end_line)),
  locations: (args, ctx) => locationOf(ctx.cwd, args.path, args.start_line),
  permissions: [{ name: "read" }, { name: "write" }],
  preview(args, ctx) {
    return previewWrite(ctx, args.path, (target) => planLineEdit(ctx, target, toEdit(args)));
  },
  execute(args, ctx) {
    return executeWrite(ctx, args.path, (target) => planLineEdit(ctx, target, toEdit(args)));
  },
};
