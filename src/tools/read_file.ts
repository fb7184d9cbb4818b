/**
 * read_file: a text file with line numbers, a range of it, or a description of a binary
 * file. Records what the model saw, so later edits can be checked against it.
 *
 * The file is streamed once in 1 MB chunks (hashed, its lines counted) and only the
 * requested lines are kept and decoded, so a range of a 50 MB file costs one pass and a
 * few MB of memory, never a 50 MB string.
 */
import { z } from "zod";
import { DEFAULT_RESULT_BUDGET } from "./executor.ts";
import type { Tool, ToolContext, ToolResult } from "./tool.ts";
import { isMissing, permissionMessage } from "./_private/edit.ts";
import { scanLines, type ScannedLine, type ScanResult } from "./_private/line_scan.ts";
import { type ResolvedPath, resolveToolPath } from "./_private/paths.ts";
import { nonRegularKind, NotRegularFileError, notRegularMessage } from "./_private/regular_file.ts";
import { locationOf, toolTitle, withLines } from "./_private/tool_meta.ts";
import { formatSize, guessBinaryType, numberLines } from "./_private/text_file.ts";

const schema = z.object({
  path: z.string().min(1).describe("File path, relative to the project directory."),
  start_line: z.coerce.number().int().min(1).optional().describe(
    "First line to read, 1-based (default 1).",
  ),
  end_line: z.coerce.number().int().min(1).optional().describe(
    "Last line to read, 1-based and inclusive (default: the end of the file, within the cap).",
  ),
});

/** Limits of one read_file call. */
export interface ReadLimits {
  /** Most lines returned by one call. */
  maxLines: number;
  /** Most characters returned by one call (kept under the executor's result budget). */
  maxChars: number;
  /** Longer lines are cut, with a marker. */
  maxLineChars: number;
}

/** Default limits: 2000 lines, and what fits in the executor's default result budget. */
export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxLines: 2000,
  maxChars: DEFAULT_RESULT_BUDGET - 1000,
  maxLineChars: 2000,
};

/** Builds read_file with the given limits (a larger result budget allows larger reads). */
export function createReadFileTool(limits: ReadLimits = DEFAULT_READ_LIMITS): Tool<typeof schema> {
  return {
    name: "read_file",
    description: description(limits),
    schema,
    kind: "read",
    activity: "read",
    title: (args) => toolTitle("read_file", withLines(args.path, args.start_line, args.end_line)),
    locations: (args, ctx) => locationOf(ctx.cwd, args.path, args.start_line),
    permissions: [{ name: "read" }],
    async execute(args, ctx) {
      const resolved = resolveToolPath(ctx, args.path);
      if (!resolved.ok) return { ok: false, output: resolved.error };
      try {
        return await readFile(ctx, resolved.path, args, limits);
      } catch (error) {
        const denied = permissionMessage(error, resolved.path.display);
        if (denied) return { ok: false, output: denied };
        throw error;
      }
    },
  };
}

/** read_file with the default limits. */
export const readFileTool: Tool<typeof schema> = createReadFileTool();

function description(limits: ReadLimits): string {
  return [
    "Read a text file of the project. Read a file before editing it: line edits refuse a",
    "file you have not read, and every edit refuses a file that changed since you read it.",
    "Output: one line per file line, each prefixed with its 1-based line number",
    "(right-aligned) and a tab, e.g. `    12\\tconst x = 1;`. The number and the tab are NOT",
    "part of the file: never copy them into old_str or content. Use these numbers for",
    "insert_lines, replace_lines and delete_lines.",
    `One call returns at most ${limits.maxLines} lines (fewer for long lines); the output then`,
    "says which start_line reads on. Use start_line/end_line (1-based, inclusive) to read",
    `part of a large file. Lines longer than ${limits.maxLineChars} characters are cut.`,
    "Binary files are described (type, size), not shown. Windows line endings and a",
    "byte order mark are not shown; the edit tools keep them.",
  ].join("\n");
}

async function readFile(
  ctx: ToolContext,
  target: ResolvedPath,
  args: z.infer<typeof schema>,
  limits: ReadLimits,
): Promise<ToolResult> {
  const { abs, display } = target;
  const start = args.start_line ?? 1;
  if (args.end_line !== undefined && args.end_line < start) {
    return {
      ok: false,
      output: `Error: end_line (${args.end_line}) is before start_line (${start}).`,
    };
  }
  const maxLineBytes = Math.max(limits.maxLineChars * 4, 65536);
  let scan: ScanResult;
  try {
    const kind = nonRegularKind(await Deno.stat(abs));
    if (kind === "a directory") {
      return {
        ok: false,
        output: `Error: "${display}" is a directory: use list_directory to see its content.`,
      };
    }
    if (kind) return { ok: false, output: notRegularMessage(display, kind) };
    scan = await scanLines(abs, {
      first: start,
      last: Math.min(args.end_line ?? Infinity, start + limits.maxLines - 1),
      maxBytes: limits.maxChars * 4 + maxLineBytes,
      maxLineBytes,
    }, ctx.signal);
  } catch (error) {
    if (error instanceof NotRegularFileError) {
      return { ok: false, output: notRegularMessage(display, error.kind) };
    }
    if (!isMissing(error)) throw error;
    return {
      ok: false,
      output: `Error: "${display}" does not exist. Check the path (find_files can locate it).`,
    };
  }
  if (scan.binary) {
    const type = guessBinaryType(scan.head, display);
    const size = formatSize(scan.size);
    return {
      ok: true,
      output: `"${display}" is a binary file (${type}, ${size}, ${scan.size} bytes); ` +
        "its content is not shown.",
      summary: `Read ${display} (binary, ${size})`,
    };
  }
  if (scan.total === 0) {
    ctx.knownFiles.set(abs, scan.hash);
    return { ok: true, output: `"${display}" is empty (0 lines).`, summary: `Read ${display}` };
  }
  if (start > scan.total) {
    return {
      ok: false,
      output: `Error: start_line ${start} is past the end of "${display}", which has ` +
        `${scan.total} lines.`,
    };
  }
  // A partial read counts as having seen the file: edits check the whole hash anyway.
  ctx.knownFiles.set(abs, scan.hash);
  const slice = decodeLines(scan.lines, limits);
  const last = start + slice.lines.length - 1;
  const notes = notesFor(scan, slice, start, last, args.end_line);
  const body = numberLines(slice.lines, start);
  return {
    ok: true,
    output: notes.length ? `${body}\n\n${notes.join("\n")}` : body,
    summary: `Read ${display} (lines ${start}-${last} of ${scan.total})`,
  };
}

function notesFor(
  scan: { total: number; bom: boolean },
  slice: Slice,
  start: number,
  last: number,
  end: number | undefined,
): string[] {
  const notes: string[] = [];
  const wanted = Math.min(end ?? scan.total, scan.total);
  if (last < wanted) {
    notes.push(
      `[Output capped: showing lines ${start}-${last} of ${scan.total}. ` +
        `Call read_file with start_line=${last + 1} to read on.]`,
    );
  } else if (start > 1 || last < scan.total) {
    notes.push(`[Showing lines ${start}-${last} of ${scan.total}.]`);
  }
  if (slice.cutLines) {
    notes.push(`[${slice.cutLines} long line(s) were cut; string_replace can still edit them.]`);
  }
  if (slice.invalidUtf8) {
    notes.push("[The file has bytes that are not valid UTF-8 (shown as \uFFFD).]");
  }
  const extras = [
    ...(slice.crlf ? ["Windows (CRLF) line endings"] : []),
    ...(scan.bom ? ["a UTF-8 byte order mark"] : []),
  ];
  if (extras.length) notes.push(`[The file has ${extras.join(" and ")}; edits keep them.]`);
  return notes;
}

interface Slice {
  /** Lines returned, without terminators. */
  lines: string[];
  cutLines: number;
  invalidUtf8: boolean;
  crlf: boolean;
}

/** Decodes the scanned lines, cutting long ones, until the character cap. */
function decodeLines(scanned: readonly ScannedLine[], limits: ReadLimits): Slice {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  const lines: string[] = [];
  let chars = 0;
  let cutLines = 0;
  let crlf = false;
  let invalidUtf8 = false;
  for (const { bytes, length } of scanned) {
    const byteCut = bytes.length < length;
    let line = decoder.decode(bytes);
    if (!byteCut) {
      if (line.endsWith("\n")) line = line.slice(0, -1);
      if (line.endsWith("\r")) {
        line = line.slice(0, -1);
        crlf = true;
      }
      invalidUtf8 ||= line.includes("\uFFFD");
    }
    if (byteCut || line.length > limits.maxLineChars) {
      const rest = byteCut
        ? `line cut: ${length} bytes long`
        : `${line.length - limits.maxLineChars} more characters`;
      line = `${line.slice(0, limits.maxLineChars)}… [${rest}]`;
      cutLines++;
    }
    chars += line.length + 8;
    if (lines.length > 0 && chars > limits.maxChars) break;
    lines.push(line);
  }
  return { lines, cutLines, invalidUtf8, crlf };
}
