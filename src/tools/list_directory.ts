/**
 * list_directory: a directory as a tree, breadth first under an entry cap (so the top
 * levels are always complete), skipping what .gitignore ignores and .git/node_modules.
 */
import { z } from "zod";
import { join } from "node:path";
import type { Tool, ToolContext, ToolResult } from "./tool.ts";
import { toolError } from "./tool.ts";
import { resolveToolPath } from "./_private/paths.ts";
import { locationOf, toolTitle } from "./_private/tool_meta.ts";
import { type DirEntry, IgnoreStack, readDirFiltered } from "./_private/walk.ts";

/** Most entries one listing shows. */
export const MAX_LIST_ENTRIES = 400;
/** Depth of a recursive listing when the model gives no max_depth. */
export const DEFAULT_RECURSIVE_DEPTH = 3;

const schema = z.object({
  path: z.string().optional().describe(
    "Directory to list, relative to the project directory (default: the project directory).",
  ),
  recursive: z.boolean().optional().describe(
    `List subdirectories too (default false: only the directory's own entries). Depth defaults to ${DEFAULT_RECURSIVE_DEPTH}.`,
  ),
  max_depth: z.number().int().min(1).max(20).optional().describe(
    "How many levels to show (1 = the directory's own entries). Giving it implies recursive.",
  ),
});

/** Arguments of list_directory. */
export type ListArgs = z.infer<typeof schema>;

const DESCRIPTION =
  `List a directory as a tree. Directories end with "/", symlinks show "-> target".
- Default: only the directory's own entries. "recursive": true goes ${DEFAULT_RECURSIVE_DEPTH} levels deep; "max_depth" sets the depth.
- Skips files ignored by .gitignore/.ignore and the .git and node_modules directories (list node_modules by passing it as "path"); hidden files are shown.
- At most ${MAX_LIST_ENTRIES} entries, filled level by level; deeper entries beyond that are summarized.
- Use find_files to find files by name anywhere below a directory.`;

/** The list_directory tool. */
export const listDirectoryTool: Tool<typeof schema> = {
  name: "list_directory",
  description: DESCRIPTION,
  schema,
  kind: "read",
  activity: "read",
  title: (args) => toolTitle("list_directory", args.path ?? "."),
  locations: (args, ctx) => locationOf(ctx.cwd, args.path ?? "."),
  permissions: [{ name: "read" }],
  execute: (args, ctx) => listDirectory(args, ctx),
};

interface Node {
  entry: DirEntry;
  abs: string;
  depth: number;
  stack?: IgnoreStack;
  children?: Node[];
  omitted: number;
  unreadable?: boolean;
  target?: string;
}

/** What the tool does; `maxEntries` is lowered by tests. */
export async function listDirectory(
  args: ListArgs,
  ctx: ToolContext,
  maxEntries = MAX_LIST_ENTRIES,
): Promise<ToolResult> {
  const resolved = resolveToolPath(ctx, args.path ?? ".");
  if (!resolved.ok) return toolError(resolved.error);
  const { abs, display } = resolved.path;
  try {
    if (!(await Deno.stat(abs)).isDirectory) {
      return toolError(`Error: "${display}" is a file, not a directory. Use read_file to read it.`);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    return toolError(
      `Error: directory "${args.path}" does not exist. List its parent to see what is there.`,
    );
  }
  const maxDepth = args.max_depth ?? (args.recursive ? DEFAULT_RECURSIVE_DEPTH : 1);
  const root: Node = {
    entry: { name: display, rel: "", kind: "dir" },
    abs,
    depth: 0,
    stack: IgnoreStack.forRoot(abs),
    omitted: 0,
  };
  let count = 0;
  let skipped = 0;
  const queue: Node[] = [root];
  for (let q = 0; q < queue.length; q++) {
    ctx.signal.throwIfAborted();
    const node = queue[q];
    let read;
    try {
      read = await readDirFiltered(node.abs, node.entry.rel, node.stack!);
    } catch (error) {
      if (node === root) throw error;
      node.unreadable = true;
      continue;
    }
    skipped += read.skipped;
    node.children = [];
    const ordered = [
      ...read.entries.filter((e) => e.kind === "dir"),
      ...read.entries.filter((e) => e.kind !== "dir"),
    ];
    for (const entry of ordered) {
      if (count >= maxEntries) {
        node.omitted++;
        continue;
      }
      count++;
      const child: Node = {
        entry,
        abs: join(node.abs, entry.name),
        depth: node.depth + 1,
        omitted: 0,
      };
      if (entry.kind === "symlink") child.target = await readLink(child.abs);
      if (entry.kind === "dir" && child.depth < maxDepth) {
        child.stack = read.stack;
        queue.push(child);
      }
      node.children.push(child);
    }
  }
  const lines = [`${display}/`];
  render(root, "", lines);
  const omitted = queue.reduce((n, node) => n + node.omitted, 0);
  if (omitted > 0) {
    lines.push(
      `(listing stopped at ${maxEntries} entries, ${omitted} more not shown: list a subdirectory or lower "max_depth")`,
    );
  }
  if (skipped > 0) {
    lines.push(
      `(${skipped} ${
        skipped === 1 ? "entry" : "entries"
      } not shown: .git, node_modules or ignored by .gitignore)`,
    );
  }
  return {
    ok: true,
    output: lines.join("\n"),
    summary: `Listed ${count} ${count === 1 ? "entry" : "entries"}`,
  };
}

function render(node: Node, indent: string, lines: string[]): void {
  const children = node.children ?? [];
  const last = children.length - 1;
  children.forEach((child, i) => {
    const isLast = i === last && node.omitted === 0;
    lines.push(`${indent}${isLast ? "└── " : "├── "}${label(child)}`);
    render(child, indent + (isLast ? "    " : "│   "), lines);
  });
  if (node.omitted > 0) lines.push(`${indent}└── … ${node.omitted} more`);
}

function label(node: Node): string {
  const { name, kind } = node.entry;
  if (kind === "symlink") return `${name} -> ${node.target ?? "?"}`;
  if (kind === "file") return name;
  if (node.unreadable) return `${name}/ (unreadable)`;
  if (node.children && node.children.length === 0 && node.omitted === 0) return `${name}/ (empty)`;
  return `${name}/`;
}

async function readLink(path: string): Promise<string | undefined> {
  try {
    return await Deno.readLink(path);
  } catch {
    return undefined;
  }
}
